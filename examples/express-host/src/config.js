// Northwind's settings, from the environment.
const required = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (see README.md)`);
  return value;
};

export const config = {
  /** 0 picks a free port; the "listening" log line says which. */
  port: Number(process.env.PORT ?? 4000),
  mongoUri: process.env.MONGODB_URI ?? "mongodb://127.0.0.1:27017/northwind",
  /** Signs and checks the sign-in tokens (HS256). */
  jwtSecret: required("JWT_SECRET"),
  /** Where the upload service keeps files. */
  uploadDir: process.env.UPLOAD_DIR ?? "uploads",
  logLevel: process.env.LOG_LEVEL ?? "info",
};
