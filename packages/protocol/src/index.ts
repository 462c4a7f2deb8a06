/**
 * The Switchboard wire contract (see `docs/protocol.md`): event names, payload schemas,
 * objects, error codes and limits. Server and clients import this package; it has no
 * runtime dependency but zod.
 *
 * @packageDocumentation
 */
export * from "./errors.ts";
export * from "./events.ts";
export * from "./limits.ts";
export * from "./normalize.ts";
export * from "./objects.ts";
export * from "./schemas.ts";
export * from "./webhooks.ts";
