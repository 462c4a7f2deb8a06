// The app on the web, through react-native-web (what `expo start --web` would serve): the
// bundle that the end-to-end test drives in Chromium.
import { AppRegistry } from "react-native";
import App from "../App.tsx";
import { demoSession } from "../src/config.ts";

const session = demoSession();
AppRegistry.registerComponent("main", () => () => <App session={session} />);
AppRegistry.runApplication("main", { rootTag: document.getElementById("root") });
