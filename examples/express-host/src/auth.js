// Northwind's sign-in: a JWT (HS256, 8 hours) for a user id and role, sent as
// `Authorization: Bearer <token>`.
import jwt from "jsonwebtoken";
import { config } from "./config.js";
import { User } from "./models/User.js";

const ISSUER = "northwind";

export const signToken = (user) =>
  jwt.sign({ role: user.role }, config.jwtSecret, {
    subject: user.id,
    issuer: ISSUER,
    expiresIn: "8h",
  });

/** The user a token belongs to; throws on a bad, expired or foreign token, or a gone user. */
export async function authenticate(token) {
  const claims = jwt.verify(token, config.jwtSecret, { issuer: ISSUER, algorithms: ["HS256"] });
  const user = await User.findById(claims.sub);
  if (!user) throw new Error("no such user");
  return user;
}

/** Middleware: `req.user` for a valid bearer token, else 401. */
export async function requireAuth(req, res, next) {
  const token = /^Bearer (.+)$/.exec(req.get("authorization") ?? "")?.[1];
  try {
    req.user = await authenticate(token ?? "");
  } catch {
    return res.status(401).json({ error: "sign in first" });
  }
  next();
}
