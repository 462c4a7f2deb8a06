/**
 * The new-message chime: two short sine tones made with Web Audio (no sound file to load).
 * Browsers start audio only after the user has interacted with the page, so the context is
 * made (or resumed) at the first key or pointer press, and a chime before that is skipped.
 */
type AudioContextClass = typeof AudioContext;

let context: AudioContext | null = null;

function audioClass(): AudioContextClass | undefined {
  return (window as { AudioContext?: AudioContextClass }).AudioContext;
}

/** Prepares audio at the first interaction (call once, at start). */
export function unlockAudioOnInteraction(): () => void {
  const unlock = () => {
    const Ctx = audioClass();
    if (!Ctx) return;
    context ??= new Ctx();
    void context.resume?.().catch(() => undefined);
  };
  const events = ["pointerdown", "keydown"] as const;
  for (const e of events) window.addEventListener(e, unlock, { capture: true, passive: true });
  return () => {
    for (const e of events) window.removeEventListener(e, unlock, { capture: true });
  };
}

/** Plays the chime (quietly: 8% gain), or nothing when audio is not available yet. */
export function playChime(): void {
  if (!context) return;
  const start = context.currentTime;
  for (const [i, frequency] of [880, 1318.5].entries()) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    const at = start + i * 0.11;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.08, at + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.22);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.25);
  }
}
