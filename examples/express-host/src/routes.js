// Northwind's API: sign-in, the signed-in user, their orders, file uploads.
import { Router } from "express";
import multer from "multer";
import { requireAuth, signToken } from "./auth.js";
import { User } from "./models/User.js";

const ORDERS = [
  { id: "1042", item: "Ridge Runner trail shoes", status: "shipped" },
  { id: "1043", item: "Summit rain shell", status: "processing" },
];

export function apiRoutes({ uploads }) {
  const api = Router();

  api.post("/login", async (req, res) => {
    const { email, password } = req.body ?? {};
    const user = typeof email === "string" ? await User.findOne({ email }) : null;
    if (!user || typeof password !== "string" || !(await user.checkPassword(password))) {
      return res.status(401).json({ error: "wrong email or password" });
    }
    req.log.info({ userId: user.id }, "signed in");
    res.json({ token: signToken(user), user });
  });

  api.get("/me", requireAuth, (req, res) => res.json({ user: req.user }));

  api.get("/orders", requireAuth, (req, res) =>
    res.json({ orders: req.user.role === "customer" ? ORDERS : [] }),
  );

  api.post("/files", requireAuth, uploads.multer.single("file"), (req, res) => {
    if (!req.file) return res.status(400).json({ error: "no file" });
    res.status(201).json({ name: req.file.filename, size: req.file.size });
  });

  return api;
}

export const notFound = (_req, res) => res.status(404).json({ error: "not found" });

// Express 5 hands rejected promises of handlers here too.
export const errorHandler = (err, req, res, _next) => {
  if (err instanceof multer.MulterError) return res.status(400).json({ error: err.message });
  req.log.error({ err }, "request failed");
  res.status(500).json({ error: "internal error" });
};
