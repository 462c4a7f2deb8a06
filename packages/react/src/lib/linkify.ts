/**
 * Finds web addresses in a message's text: `http://…`, `https://…` and `www.…`, nothing else
 * (no bare `example.com`, no e-mail addresses, no other scheme: a `javascript:` or `data:`
 * URL is never a link). The text stays text: {@link linkify} only cuts it into pieces, and
 * the renderer puts the pieces with an `href` into `<a>` elements as text nodes.
 *
 * Hand-written rather than linkifyjs (the suggested library): what linkifyjs adds over these
 * few lines is mostly its list of every top-level domain (10.5 KiB of the 20 KiB minified,
 * gzipped), needed only to spot bare domains, which we chose not to link ("file.pdf",
 * "node.js" and "e.g." are not addresses). The two prefixes need no such list; the edges
 * (trailing punctuation, brackets, quotes, invisible characters) are handled below and
 * unit-tested, and every link is checked by the browser's own URL parser.
 */

/** A piece of a message's text; with `href`, a link whose text is `text`. */
export interface TextPiece {
  /** The text as written (the pieces of a text, joined, are that text). */
  text: string;
  /** Where the link goes (an absolute `http:` or `https:` URL), for a link. */
  href?: string;
}

/**
 * Where an address may start: `http://`, `https://` or `www.`, any case, not glued to a
 * word, a path or an e-mail address before it (`xhttp://`, `a/www.`, `me@www.`).
 */
const START = /(?<![\p{L}\p{N}\p{M}_@./\\-])(?:https?:\/\/|www\.)/giu;
/**
 * What ends an address: white space, invisible and control characters (a bidi override or a
 * zero-width space inside a link would let its text lie about where it goes), and the
 * characters that cannot be in a URL as typed: `<`, `>`, `"`, `` ` ``, `{`, `}`, `|`, `\`, `^`.
 */
const STOP = /[\p{Z}\p{C}\s<>"`{}|\\^]/u;
/** Punctuation that ends a sentence or a quote, not an address, when it is the last character. */
const TRAILING =
  /[.,:;!?'*~_\u2018\u2019\u201C\u201D\u00AB\u00BB\u2039\u203A\u2026\u3001\u3002\uFF0C\uFF0E\uFF01\uFF1F\u300D\u300F]/u;
const CLOSERS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

/**
 * The address at the start of `rest` (which starts with a prefix), trimmed of what follows
 * it. Linear in its length: a text of many prefixes costs at most quadratic time in all.
 */
function candidate(rest: string): string {
  let end = 0;
  for (const ch of rest) {
    if (STOP.test(ch)) break;
    end += ch.length;
  }
  const open: Record<string, number> = { "(": 0, "[": 0, "{": 0, ")": 0, "]": 0, "}": 0 };
  for (let i = 0; i < end; i++) {
    const ch = rest[i]!;
    if (ch in open) open[ch]!++;
  }
  while (end > 0) {
    const last = rest[end - 1]!;
    const opener = CLOSERS[last];
    if (opener ? open[last]! > open[opener]! : TRAILING.test(last)) {
      if (opener) open[last]!--;
      end--;
    } else {
      break;
    }
  }
  return rest.slice(0, end);
}

/** The link's target, or null when `text` is no usable address. */
function hrefOf(text: string): string | null {
  const www = /^www\./i.test(text);
  let url: URL;
  try {
    url = new URL(www ? `https://${text}` : text);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const labels = url.hostname.split(".");
  if (!url.hostname || labels.some((l) => l === "")) return null;
  // "www." must be followed by a domain with a dot ("www.example.com", not "www.example").
  if (www && labels.length < 3) return null;
  return url.href;
}

/**
 * Cuts a message's text into plain pieces and links (see the module's notes for what is a
 * link). Joined, the pieces' `text` are `text` exactly.
 *
 * @param text - A message's content.
 * @returns The pieces in order; one plain piece (or none, for "") when there is no link.
 *
 * @example
 * ```ts
 * linkify("see www.example.com.");
 * // [{ text: "see " }, { text: "www.example.com", href: "https://www.example.com/" }, { text: "." }]
 * ```
 */
export function linkify(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let done = 0;
  START.lastIndex = 0;
  for (let m = START.exec(text); m; m = START.exec(text)) {
    const link = candidate(text.slice(m.index));
    const href = link.length > m[0].length ? hrefOf(link) : null;
    if (href === null) continue; // not an address: scanning goes on after the prefix
    if (m.index > done) pieces.push({ text: text.slice(done, m.index) });
    pieces.push({ text: link, href });
    done = m.index + link.length;
    START.lastIndex = done;
  }
  if (done < text.length) pieces.push({ text: text.slice(done) });
  return pieces;
}
