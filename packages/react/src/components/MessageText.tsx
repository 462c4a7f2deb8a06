import { useMemo } from "react";
import { linkify } from "../lib/linkify.ts";

/**
 * A message's text with its web addresses as links ({@link linkify}: `http(s)://` and
 * `www.` only), each opening in a new tab without `window.opener` or a referrer. Every piece
 * is a React text node: the text is never parsed as HTML.
 */
export function MessageText({ text }: { text: string }) {
  const pieces = useMemo(() => linkify(text), [text]);
  return pieces.map((piece, i) =>
    piece.href ? (
      <a key={i} className="sb-link" href={piece.href} target="_blank" rel="noopener noreferrer">
        {piece.text}
      </a>
    ) : (
      piece.text
    ),
  );
}
