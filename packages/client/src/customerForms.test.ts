// The customer's three forms as state machines, once for the widget and the phone: what each
// step does to the state (the focus included), over a fake client that records its calls.
import { ChatError } from "@switchboard/protocol";
import { describe, expect, it } from "vitest";
import { createContactForm, createRatingForm, createTranscriptEmailForm } from "./customerForms.ts";

/** A client whose calls are recorded, refused with `failWith`'s error, held by `hold`. */
function fakeClient() {
  const calls: string[] = [];
  let fail: Error | null = null;
  let held: Promise<void> | null = null;
  const step = async (call: string) => {
    calls.push(call);
    await held;
    if (fail) throw fail;
  };
  return {
    calls,
    failWith: (err: Error | null) => (fail = err),
    /** Holds the calls from now on until `release` is called. */
    hold() {
      let release!: () => void;
      held = new Promise<void>((r) => (release = r));
      return { release: () => ((held = null), release()) };
    },
    client: {
      async setContact(email: string) {
        await step(`set-contact ${email}`);
        return {} as never;
      },
      async rateChat(roomId: string, score: number, comment?: string) {
        await step(`rate ${roomId} ${score}${comment === undefined ? "" : ` ${comment}`}`);
        return {} as never;
      },
      async emailTranscript(roomId: string) {
        await step(`email ${roomId}`);
        return { to: "ada@example.com", requestedAt: "2026-12-06T10:00:00.000Z" };
      },
    },
  };
}

describe("createContactForm", () => {
  it("checks before sending: a bad address is said at the field, which takes the focus", async () => {
    const f = fakeClient();
    const form = createContactForm(f.client);
    form.setValue("ada@example");
    await form.submit();
    expect(form.getState()).toMatchObject({ error: "contact.invalid", focus: "input" });
    expect(f.calls).toEqual([]);
    form.focused();
    expect(form.getState().focus).toBeNull();
  });

  it("stores the address as the server would, then gives the focus to 'Change email'", async () => {
    const f = fakeClient();
    const form = createContactForm(f.client);
    const seen: boolean[] = [];
    form.subscribe(() => seen.push(form.getState().busy));
    form.setValue("  Ada@Example.com ");
    await form.submit();
    expect(f.calls).toEqual(["set-contact ada@example.com"]);
    expect(form.getState()).toMatchObject({ busy: false, editing: false, error: null });
    expect(form.getState().focus).toBe("change");
    expect(seen).toEqual([false, true, false]); // typed, busy, done
  });

  it("says the server's refusal: VALIDATION as invalid, anything else as failed", async () => {
    const f = fakeClient();
    const form = createContactForm(f.client);
    form.setValue("ada@example.com");
    f.failWith(new ChatError("VALIDATION", "bad email"));
    await form.submit();
    expect(form.getState()).toMatchObject({ error: "contact.invalid", busy: false });
    form.focused();
    f.failWith(new Error("offline"));
    await form.submit();
    expect(form.getState()).toMatchObject({ error: "contact.failed", focus: "input" });
  });

  it("edit holds the stored address; cancel goes back with the error gone", () => {
    const form = createContactForm(fakeClient().client);
    form.edit("ada@example.com");
    expect(form.getState()).toMatchObject({
      editing: true,
      value: "ada@example.com",
      focus: "input",
    });
    form.cancel();
    expect(form.getState()).toMatchObject({ editing: false, error: null, focus: "change" });
  });

  it("sends once while busy", async () => {
    const f = fakeClient();
    const form = createContactForm(f.client);
    form.setValue("ada@example.com");
    const h = f.hold();
    const first = form.submit();
    await form.submit();
    h.release();
    await first;
    expect(f.calls).toEqual(["set-contact ada@example.com"]);
  });
});

describe("a form as a store (what useSyncExternalStore needs)", () => {
  it("gives the same state object until a change, then a new one, and tells listeners", () => {
    const form = createContactForm(fakeClient().client);
    const heard: number[] = [];
    const stop = form.subscribe(() => heard.push(1));
    const first = form.getState();
    expect(form.getState()).toBe(first);
    form.setValue("a");
    expect(form.getState()).not.toBe(first);
    expect(heard).toHaveLength(1);
    stop();
    form.setValue("ab");
    expect(heard).toHaveLength(1);
  });

  it("focused() with no focus pending changes nothing and tells nobody", () => {
    const form = createRatingForm(fakeClient().client);
    const heard: number[] = [];
    form.subscribe(() => heard.push(1));
    const before = form.getState();
    form.focused();
    expect(form.getState()).toBe(before);
    expect(heard).toEqual([]);
  });
});

describe("createRatingForm", () => {
  it("asks for a score first; choosing one takes that error away", async () => {
    const f = fakeClient();
    const form = createRatingForm(f.client);
    await form.submit("r1");
    expect(form.getState().error).toBe("rating.pick");
    form.setScore(4);
    expect(form.getState().error).toBeNull();
    expect(f.calls).toEqual([]);
  });

  it("counts a comment over the limit as it is typed and refuses to send it", async () => {
    const f = fakeClient();
    const form = createRatingForm(f.client);
    form.setScore(2);
    form.setComment("😀".repeat(1003));
    expect(form.getState().over).toBe(3);
    await form.submit("r1");
    expect(form.getState().error).toBe("rating.commentTooLong");
    form.setComment("Slow");
    expect(form.getState().over).toBe(0);
  });

  it("sends score and trimmed comment, then thanks and focuses 'Change rating'", async () => {
    const f = fakeClient();
    const form = createRatingForm(f.client);
    form.setScore(5);
    form.setComment("  Quick and kind ");
    await form.submit("r1");
    expect(f.calls).toEqual(["rate r1 5 Quick and kind"]);
    expect(form.getState()).toMatchObject({ thanked: true, editing: false, focus: "change" });
  });

  it("sends no comment when it is blank, and says a failure", async () => {
    const f = fakeClient();
    const form = createRatingForm(f.client);
    form.setScore(3);
    form.setComment("   ");
    f.failWith(new Error("offline"));
    await form.submit("r1");
    expect(f.calls).toEqual(["rate r1 3"]);
    expect(form.getState()).toMatchObject({ error: "rating.failed", busy: false, thanked: false });
  });

  it("a failure stays said when a score is chosen (only 'pick one' goes with it)", async () => {
    const f = fakeClient();
    const form = createRatingForm(f.client);
    form.setScore(3);
    f.failWith(new Error("offline"));
    await form.submit("r1");
    form.setScore(4);
    expect(form.getState().error).toBe("rating.failed");
  });

  it("sends once while busy", async () => {
    const f = fakeClient();
    const form = createRatingForm(f.client);
    form.setScore(5);
    const h = f.hold();
    const first = form.submit("r1");
    await form.submit("r1");
    h.release();
    await first;
    expect(f.calls).toEqual(["rate r1 5"]);
  });

  it("edit holds the rating given, without the thanks", async () => {
    const f = fakeClient();
    const form = createRatingForm(f.client);
    form.setScore(5);
    await form.submit("r1");
    form.setComment("😀".repeat(1002));
    form.edit({ score: 2, comment: "Slow" });
    expect(form.getState()).toMatchObject({
      score: 2,
      comment: "Slow",
      editing: true,
      thanked: false,
      over: 0,
      focus: "form",
    });
  });
});

describe("createTranscriptEmailForm", () => {
  it("with an address known, one press sends it and says where", async () => {
    const f = fakeClient();
    const form = createTranscriptEmailForm(f.client);
    await form.press("r1", "ada@example.com");
    expect(f.calls).toEqual(["email r1"]);
    expect(form.getState()).toMatchObject({ sentTo: "ada@example.com", busy: false });
  });

  it("without one, asks (the field focused), stores the address typed, then sends", async () => {
    const f = fakeClient();
    const form = createTranscriptEmailForm(f.client);
    await form.press("r1", null);
    expect(form.getState()).toMatchObject({ asking: true, focus: "input" });
    form.focused();
    form.setValue("Ada@Example.com");
    await form.submit("r1");
    expect(f.calls).toEqual(["set-contact ada@example.com", "email r1"]);
    expect(form.getState()).toMatchObject({ asking: false, sentTo: "ada@example.com" });
  });

  it("a bad address keeps the focus at the field; a refused send does not", async () => {
    const f = fakeClient();
    const form = createTranscriptEmailForm(f.client);
    form.ask("ada@example");
    form.focused();
    await form.submit("r1");
    expect(form.getState()).toMatchObject({ error: "contact.invalid", focus: "input" });
    form.focused();
    f.failWith(new ChatError("RATE_LIMITED", "once a minute"));
    await form.press("r1", "ada@example.com");
    expect(form.getState()).toMatchObject({ error: "transcript.emailLimited", focus: null });
  });

  it("a refused address is said at the field, which takes the focus; one send while busy", async () => {
    const f = fakeClient();
    const form = createTranscriptEmailForm(f.client);
    form.ask("ada@example.com");
    form.focused();
    f.failWith(new Error("offline"));
    await form.submit("r1");
    expect(form.getState()).toMatchObject({ error: "contact.failed", focus: "input" });
    f.failWith(null);
    const h = f.hold();
    const first = form.press("r1", "ada@example.com");
    await form.press("r1", "ada@example.com");
    h.release();
    await first;
    expect(f.calls).toEqual(["set-contact ada@example.com", "email r1"]);
  });

  it("'Change' asks again holding the address known", () => {
    const form = createTranscriptEmailForm(fakeClient().client);
    form.ask("ada@example.com");
    expect(form.getState()).toMatchObject({
      asking: true,
      value: "ada@example.com",
      focus: "input",
    });
  });
});
