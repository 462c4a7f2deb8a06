// Expo's Metro config (`expo start`, `expo export`), plus the workspace packages' TypeScript
// sources: their exports' `@switchboard/source` condition, so nothing needs building first.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getDefaultConfig } = require("expo/metro-config");

const config = getDefaultConfig(__dirname);
config.resolver.unstable_conditionNames = [
  ...config.resolver.unstable_conditionNames,
  "@switchboard/source",
];
module.exports = config;
