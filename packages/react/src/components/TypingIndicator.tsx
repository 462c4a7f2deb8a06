import { useTranslator } from "../hooks/useTranslator.ts";

/** Props of {@link TypingIndicator}. */
export interface TypingIndicatorProps {
  /** Who is typing, e.g. the team's or the customer's name. */
  who: string;
}

/**
 * "Support is typing…" with three dots; the dots only animate when motion is welcome.
 *
 * @example
 * ```tsx
 * const { isTyping } = useTyping(roomId, "admin");
 * {isTyping ? <TypingIndicator who="Support" /> : null}
 * ```
 */
export function TypingIndicator({ who }: TypingIndicatorProps) {
  const t = useTranslator();
  return (
    <div className="sb-typing">
      <span className="sb-typing__dots" aria-hidden="true">
        <i />
        <i />
        <i />
      </span>
      <span className="sb-typing__text">{t("typing", { name: who })}</span>
    </div>
  );
}
