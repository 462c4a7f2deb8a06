import { LIMITS } from "@switchboard/protocol";

const LABEL = /^[a-z0-9_-]+$/;

/** What an agent typed as a label, as the contract takes it: lower case, dashes for spaces. */
export function normalizeLabel(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, "-");
}

/**
 * Why a label cannot be added to `labels` (the contract's rule: 1 to 32 of `a-z0-9-_`, at
 * most 10 on a conversation), or null when it can.
 */
export function labelProblem(label: string, labels: readonly string[]): string | null {
  if (!label) return "Type a label first.";
  if (label.length > LIMITS.labelMaxLength || !LABEL.test(label))
    return `A label is 1 to ${LIMITS.labelMaxLength} of a–z, 0–9, - and _.`;
  if (labels.includes(label)) return `“${label}” is already on this conversation.`;
  if (labels.length >= LIMITS.labelsMax)
    return `A conversation holds at most ${LIMITS.labelsMax} labels.`;
  return null;
}
