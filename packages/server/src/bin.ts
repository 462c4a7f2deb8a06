#!/usr/bin/env node
// The `switchboard-server` command of the installed package: the standalone server of
// `npm start`, configured by the environment (docs/operations.md#environment).
import "./main.ts";
