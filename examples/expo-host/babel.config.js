// Expo's preset: TypeScript, JSX and React Native's syntax, for Metro and for jest-expo.
module.exports = function (api) {
  api.cache(true);
  return { presets: ["babel-preset-expo"] };
};
