import { createRatingForm, type ChatClient } from "@switchboard/client";
import type { RoomRating } from "@switchboard/protocol";
import { useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import { Pressable, StyleSheet, Text, TextInput, View } from "react-native";
import { textDirection, useTranslator } from "../i18n.ts";
import { card } from "./cards.ts";
import { CardButton, CardError } from "./CardParts.tsx";
import { colors } from "./theme.ts";

/** Props of {@link RatingForm}. */
export interface RatingFormProps {
  /** The SDK client (`client.rateChat`). */
  client: ChatClient;
  /** The closed room to rate. */
  roomId: string;
  /** Its rating so far (`room.rating`), or null. */
  rating: RoomRating | null;
}

const SCORES = [1, 2, 3, 4, 5] as const;

/**
 * After a chat closes: "How was this conversation?" as a radio group of five scores (each a
 * radio with its state, "4 of 5, Good"), an optional comment (checked as the server checks
 * it: the SDK's `checkRating`), and Send (`client.rateChat`). Then thanks, the rating given
 * and "Change rating": a second rating replaces the first.
 *
 * @example
 * ```tsx
 * {room.status === "closed" ? <RatingForm client={client} roomId={room.id} rating={room.rating ?? null} /> : null}
 * ```
 */
export function RatingForm({ client, roomId, rating }: RatingFormProps) {
  const t = useTranslator();
  // The SDK's state machine decides each step (as in the web widget); this draws it.
  const form = useMemo(() => createRatingForm(client), [client]);
  const { editing, score, comment, over, error, busy, thanked, focus } = useSyncExternalStore(
    form.subscribe,
    form.getState,
  );
  const change = useRef<View>(null);
  const asking = editing || !rating;
  const dir = textDirection(t);

  useEffect(() => {
    // On the phone only "Change rating" takes the focus (once sent); the form's scores do not.
    if (focus === "change") (change.current as { focus?: () => void } | null)?.focus?.();
    form.focused();
  }, [focus, form]);

  const submit = () => void form.submit(roomId);

  if (!asking && rating) {
    return (
      <View style={card.card} testID="rating" accessibilityLiveRegion="polite">
        {thanked ? <Text style={[card.title, dir]}>{t("rating.thanks")}</Text> : null}
        <Text style={[card.text, dir]}>{t("rating.given", { score: rating.score })}</Text>
        <Pressable
          ref={change}
          style={card.link}
          accessibilityRole="button"
          onPress={() => form.edit(rating)}
        >
          <Text style={card.linkText}>{t("rating.change")}</Text>
        </Pressable>
      </View>
    );
  }

  return (
    <View style={card.card} testID="rating">
      <Text style={[card.title, dir]} accessibilityRole="header">
        {t("rating.legend")}
      </Text>
      <View
        style={styles.scores}
        accessibilityRole="radiogroup"
        accessibilityLabel={t("rating.legend")}
      >
        {SCORES.map((n) => {
          const label = t(`rating.score.${n}`);
          const chosen = score === n;
          return (
            <Pressable
              key={n}
              onPress={() => form.setScore(n)}
              accessibilityRole="radio"
              accessibilityLabel={t("rating.scoreLabel", { score: n, label })}
              accessibilityState={{ selected: chosen, checked: chosen }}
              // react-native-web reads the ARIA prop (its aria-checked), not accessibilityState.
              aria-checked={chosen}
              style={styles.score}
              hitSlop={4}
            >
              <View style={[styles.face, chosen && styles.faceChosen]}>
                <Text style={[styles.faceText, chosen && styles.faceTextChosen]}>{n}</Text>
              </View>
              <Text
                style={[styles.scoreLabel, chosen && styles.scoreLabelChosen]}
                numberOfLines={1}
              >
                {label}
              </Text>
            </Pressable>
          );
        })}
      </View>
      <Text style={[card.label, dir]}>{t("rating.comment")}</Text>
      <TextInput
        value={comment}
        onChangeText={form.setComment}
        accessibilityLabel={t("rating.comment")}
        multiline
        style={[card.input, styles.comment, dir, over > 0 ? card.invalid : null]}
      />
      <CardError text={error ? t(error, { count: over }) : null} dir={dir} />
      <CardButton label={t(busy ? "rating.sending" : "rating.send")} busy={busy} onPress={submit} />
    </View>
  );
}

const styles = StyleSheet.create({
  scores: { flexDirection: "row", justifyContent: "space-between", gap: 4 },
  score: { flex: 1, alignItems: "center", gap: 4, minHeight: 44 },
  face: {
    width: 44,
    height: 44,
    borderRadius: 22,
    borderWidth: 1,
    borderColor: colors.border,
    backgroundColor: colors.background,
    alignItems: "center",
    justifyContent: "center",
  },
  faceChosen: { backgroundColor: colors.own, borderColor: colors.own },
  faceText: { fontSize: 17, fontWeight: "600", color: colors.otherText },
  faceTextChosen: { color: "#fff" },
  scoreLabel: { fontSize: 11, color: colors.muted },
  scoreLabelChosen: { color: colors.own, fontWeight: "600" },
  comment: { minHeight: 64, textAlignVertical: "top" },
});
