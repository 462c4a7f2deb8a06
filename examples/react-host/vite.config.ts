import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Northwind's API (examples/express-host): the dev server and `vite preview` pass these paths on,
// so the app and its API share one origin.
const api = process.env.API_URL ?? "http://127.0.0.1:4000";
const proxy = {
  "/api": api,
  "/socket.io": { target: api, ws: true },
};

export default defineConfig({
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
});
