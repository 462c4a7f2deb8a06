import { createRatingForm } from "@switchboard/client";
import type { RoomRating } from "@switchboard/protocol";
import { useEffect, useId, useMemo, useRef, useSyncExternalStore, type FormEvent } from "react";
import { useChatClient } from "../ChatProvider.tsx";
import { useTranslator } from "../hooks/useTranslator.ts";

/** Props of {@link RatingForm}. */
export interface RatingFormProps {
  /** The closed room to rate. */
  roomId: string;
  /** Its rating so far (`room.rating`), or null. */
  rating: RoomRating | null;
}

const SCORES = [1, 2, 3, 4, 5] as const;

/**
 * After a chat closes: "How was this conversation?" as a group of five radio buttons (arrow
 * keys move between them, as in any radio group), an optional comment (up to 1000 code
 * points, counted as the server counts), and Send (contract v2 `rate-chat`). Then thanks,
 * the rating given and "Change rating": a second rating replaces the first.
 *
 * @example
 * ```tsx
 * {room.status === "closed" ? <RatingForm roomId={room.id} rating={room.rating ?? null} /> : null}
 * ```
 */
export function RatingForm({ roomId, rating }: RatingFormProps) {
  const client = useChatClient();
  const t = useTranslator();
  const id = useId();
  // The SDK's state machine decides each step (as in the React Native screen); this draws it.
  const form = useMemo(() => createRatingForm(client), [client]);
  const { editing, score, comment, over, error, busy, thanked, focus } = useSyncExternalStore(
    form.subscribe,
    form.getState,
    form.getState, // on the server too: the form's first state
  );
  const first = useRef<HTMLInputElement>(null);
  const change = useRef<HTMLButtonElement>(null);
  const asking = editing || !rating;

  useEffect(() => {
    if (focus === "form") first.current?.focus();
    if (focus === "change") change.current?.focus();
    form.focused();
  }, [focus, form]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit(roomId);
  };

  return (
    <section className="sb-card sb-rating" aria-label={t("rating.legend")}>
      <div role="status">
        {!asking && rating ? (
          <>
            {thanked ? <p className="sb-card__title">{t("rating.thanks")}</p> : null}
            <p className="sb-card__text">
              {t("rating.given", { score: rating.score })}{" "}
              <button
                ref={change}
                type="button"
                className="sb-linkbtn"
                onClick={() => form.edit(rating)}
              >
                {t("rating.change")}
              </button>
            </p>
          </>
        ) : null}
      </div>
      {asking ? (
        <form noValidate onSubmit={submit}>
          <fieldset
            className="sb-rating__scores"
            aria-describedby={error ? `${id}-error` : undefined}
          >
            <legend className="sb-card__title">{t("rating.legend")}</legend>
            {SCORES.map((n) => {
              const label = t(`rating.score.${n}`);
              return (
                <label key={n} className="sb-score">
                  <input
                    ref={n === (score ?? 1) ? first : undefined}
                    className="sb-score__input"
                    type="radio"
                    name={`${id}-score`}
                    value={n}
                    checked={score === n}
                    onChange={() => form.setScore(n)}
                  />
                  <span className="sb-score__face" aria-hidden="true">
                    {n}
                  </span>
                  <span className="sb-score__label" aria-hidden="true">
                    {label}
                  </span>
                  <span className="sb-sr-only">{t("rating.scoreLabel", { score: n, label })}</span>
                </label>
              );
            })}
          </fieldset>
          <label className="sb-field__label" htmlFor={`${id}-comment`}>
            {t("rating.comment")}
          </label>
          <textarea
            id={`${id}-comment`}
            className="sb-input sb-rating__comment"
            rows={2}
            value={comment}
            aria-invalid={over > 0 || undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(event) => form.setComment(event.target.value)}
          />
          {error ? (
            <p id={`${id}-error`} className="sb-field__error" role="alert">
              {t(error, { count: Math.max(over, 0) })}
            </p>
          ) : null}
          <button type="submit" className="sb-btn sb-btn--small sb-rating__send" disabled={busy}>
            {t(busy ? "rating.sending" : "rating.send")}
          </button>
        </form>
      ) : null}
    </section>
  );
}
