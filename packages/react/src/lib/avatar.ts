/**
 * Avatar colours: dark enough that white initials on them contrast at least 4.5:1 (WCAG AA
 * for small text; the unit test measures every one), and far enough apart in hue that two
 * agents next to each other in a log are told apart.
 */
export const AVATAR_COLORS: readonly string[] = [
  "#1d4ed8", // blue
  "#0f766e", // teal
  "#b91c1c", // red
  "#7e22ce", // purple
  "#a16207", // amber
  "#047857", // green
  "#be185d", // pink
  "#4338ca", // indigo
  "#c2410c", // orange
  "#0369a1", // sky
  "#4d7c0f", // olive
  "#57534e", // stone
];

/**
 * The avatar colour of a user: the same id always gets the same colour, on every device
 * and in every session (FNV-1a of the id picks one of {@link AVATAR_COLORS}).
 *
 * @param id - A user id (a message's `senderId`).
 * @returns A `#rrggbb` colour for white initials.
 */
export function avatarColor(id: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return AVATAR_COLORS[(hash >>> 0) % AVATAR_COLORS.length]!;
}
