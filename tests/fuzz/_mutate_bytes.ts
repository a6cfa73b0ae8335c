/**
 * Seeded text mutations for fuzzing the readers: insert hostile tokens (markup, STEP
 * punctuation, escapes, deep nesting, huge literals), delete, duplicate, swap and truncate
 * ranges. Deterministic for a given PRNG.
 *
 * @module
 */

/** Tokens that exercise the XML scanner and the STEP reader's special cases. */
const TOKENS = [
  "<",
  ">",
  "&",
  "&amp;",
  "&#0;",
  "&#x110000;",
  "&#xD800;",
  "&unknown;",
  "'",
  '"',
  "<![CDATA[",
  "]]>",
  "<!--",
  "-->",
  "<?",
  "?>",
  "<!DOCTYPE x>",
  "<!ENTITY",
  "</",
  "/>",
  "xmlns:a=''",
  "\u0000",
  "\uFFFE",
  "\uD800",
  "\r",
  "(",
  ")",
  "#",
  "#0",
  "#99999999",
  "=",
  ";",
  ",",
  "$",
  "*",
  ".",
  ".T.",
  "/*",
  "*/",
  "\\X4\\FFFFFFFF\\X0\\",
  "\\X2\\ZZZZ\\X0\\",
  "\\X\\",
  "\\S\\",
  "\\X2\\",
  "ENDSEC;",
  "DATA;",
  "IFCWALL(",
  "1E999",
  "-",
  "99999999999999999999",
  "''",
];

/** Builders of large hostile pieces (kept to sizes that stay fast in-process). */
const BIG = [
  (n: number) => "(".repeat(n),
  (n: number) => "(".repeat(n) + ")".repeat(n),
  (n: number) => "'" + "A".repeat(n * 4) + "'",
  (n: number) => "<a>".repeat(Math.min(n, 200)),
  (n: number) => "&amp;".repeat(n),
];

export type Random = () => number;

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

/** One to three random mutations of `text`. */
export function mutateText(text: string, random: Random): string {
  let t = text;
  const rounds = 1 + Math.floor(random() * 3);
  for (let r = 0; r < rounds; r++) {
    const at = Math.floor(random() * (t.length + 1));
    const len = Math.floor(random() * Math.min(64, t.length - at + 1));
    switch (Math.floor(random() * 7)) {
      case 0:
        t = t.slice(0, at) + pick(random, TOKENS) + t.slice(at);
        break;
      case 1:
        t = t.slice(0, at) + pick(random, TOKENS) + t.slice(at + 1);
        break;
      case 2:
        t = t.slice(0, at) + t.slice(at + len);
        break;
      case 3:
        t = t.slice(0, at + len) + t.slice(at, at + len) + t.slice(at + len);
        break;
      case 4:
        t = t.slice(0, at);
        break;
      case 5: {
        const size = [10, 300, 5_000, 40_000][Math.floor(random() * 4)];
        t = t.slice(0, at) + pick(random, BIG)(size) + t.slice(at);
        break;
      }
      default: {
        const other = Math.floor(random() * (t.length + 1));
        const [a, b] = at < other ? [at, other] : [other, at];
        t = t.slice(0, a) + t.slice(b, b + len) + t.slice(a + len, b) + t.slice(a, a + len) +
          t.slice(b + len);
      }
    }
  }
  return t;
}
