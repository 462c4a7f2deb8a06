// The example as its two tests have it: installed from the packed packages outside the
// workspace by the shared helper (scripts/hostInstall.ts), its sources in `app-<purpose>`.
import { hostApp, type HostApp } from "../../../scripts/hostInstall.ts";

/** The packages the example depends on; the install adds what they depend on. */
const PACKED = ["@switchboard/react-native", "@switchboard/client"];

export const expoHost = (purpose: "jest" | "web"): Promise<HostApp> =>
  hostApp({ example: "examples/expo-host", packed: PACKED, purpose });
