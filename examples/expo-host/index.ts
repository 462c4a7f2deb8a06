import { registerRootComponent } from "expo";
import { createElement } from "react";
import App from "./App.tsx";
import { demoSession } from "./src/config.ts";

const session = demoSession();
registerRootComponent(() => createElement(App, { session }));
