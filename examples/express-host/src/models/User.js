// Northwind's users: customers who shop, and agents who answer them. Passwords are scrypt
// hashes (salt:hash, hex).
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import mongoose from "mongoose";

const scryptAsync = promisify(scrypt);

const userSchema = new mongoose.Schema(
  {
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    name: { type: String, required: true },
    role: { type: String, enum: ["customer", "agent"], default: "customer" },
    passwordHash: { type: String, required: true },
  },
  { timestamps: true },
);

userSchema.methods.checkPassword = async function (password) {
  const [salt, hash] = this.passwordHash.split(":");
  const given = await scryptAsync(password, salt, 32);
  return timingSafeEqual(given, Buffer.from(hash, "hex"));
};

userSchema.methods.toJSON = function () {
  return { id: this.id, email: this.email, name: this.name, role: this.role };
};

export async function hashPassword(password) {
  const salt = randomBytes(16).toString("hex");
  return `${salt}:${(await scryptAsync(password, salt, 32)).toString("hex")}`;
}

export const User = mongoose.model("User", userSchema);

/** The demo accounts, created on start when missing. */
const SEED = [
  { email: "ada@example.com", name: "Ada Lovelace", role: "customer", password: "ada-password" },
  { email: "grace@example.com", name: "Grace Hopper", role: "agent", password: "grace-password" },
];

export async function seedUsers() {
  for (const { password, ...user } of SEED) {
    if (await User.exists({ email: user.email })) continue;
    await User.create({ ...user, passwordHash: await hashPassword(password) });
  }
}
