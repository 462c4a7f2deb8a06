// jest-expo runs the tests as React Native (iOS platform files, native modules mocked).
// Packages in node_modules are not compiled unless let through here: React Native's, Expo's
// and React Navigation's (jest-expo's own list) and @switchboard's, which ship ESM.
/** @type {import('jest').Config} */
module.exports = {
  preset: "jest-expo",
  testMatch: ["<rootDir>/test/**/*.test.tsx"],
  // A cold run compiles React Native, Expo and React Navigation first: seconds, on a laptop.
  testTimeout: 30_000,
  transformIgnorePatterns: [
    "/node_modules/(?!(.pnpm|react-native|@react-native|@react-native-community|expo|@expo|@expo-google-fonts|react-navigation|@react-navigation|@sentry/react-native|native-base|@switchboard))",
  ],
};
