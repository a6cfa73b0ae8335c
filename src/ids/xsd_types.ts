/**
 * Lexical checks for the handful of XML Schema built-in types the IDS 1.0 schema uses
 * (xs:date, xs:nonNegativeInteger, xs:anyURI, xs:boolean, xs:QName, xs:NCName…). They mirror
 * what the official XSD engine (libxml2) accepts, quirks included, so that the built-in
 * structural rules and the official schema agree on every document.
 *
 * @module
 */

/** XML whitespace: space, tab, CR, LF. */
export const XML_WS = /[ \t\r\n]/;

/** The `collapse` whitespace facet: trim and squeeze runs of XML whitespace. */
export function collapse(s: string): string {
  return s.replace(/[ \t\r\n]+/g, " ").replace(/^ | $/g, "");
}

/** True when `s` holds only XML whitespace (or nothing). */
export function isBlank(s: string): boolean {
  return /^[ \t\r\n]*$/.test(s);
}

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `xs:date` as libxml2 validates element content: no surrounding whitespace, a year of at
 * least four digits (no leading zero beyond four, not 0000), a real calendar day and an
 * optional time zone within ±14:00.
 */
export function isXsdDate(s: string): boolean {
  const m = /^(-?)(\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/.exec(s);
  if (!m) return false;
  const [, , ys, ms, ds, tz] = m;
  if (ys.length > 4 && ys[0] === "0") return false;
  const year = Number(ys) * (m[1] ? -1 : 1);
  if (year === 0) return false;
  const month = Number(ms);
  const day = Number(ds);
  if (month < 1 || month > 12 || day < 1) return false;
  const max = month === 2 && isLeap(year) ? 29 : DAYS[month - 1];
  if (day > max) return false;
  if (tz && tz !== "Z") {
    const h = Number(tz.slice(1, 3));
    const min = Number(tz.slice(4, 6));
    if (min > 59 || h * 60 + min > 840) return false;
  }
  return true;
}

/** `xs:nonNegativeInteger` (whitespace collapsed): returns the value, or undefined. */
export function parseNonNegativeInteger(raw: string): number | undefined {
  const s = collapse(raw);
  const m = /^(?:\+?(\d+)|-(0+))$/.exec(s);
  if (!m) return undefined;
  return m[2] !== undefined ? 0 : Number(m[1]);
}

/** `xs:positiveInteger` (whitespace collapsed). */
export function isPositiveInteger(raw: string): boolean {
  const n = /^\+?(\d+)$/.exec(collapse(raw));
  return n !== null && /[1-9]/.test(n[1]);
}

/** `xs:boolean`. */
export function isBoolean(raw: string): boolean {
  return /^(true|false|1|0)$/.test(collapse(raw));
}

const NAME_START =
  "A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD";
const NAME_CHAR = NAME_START + "\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040";
const NCNAME = new RegExp(`^[${NAME_START}][${NAME_CHAR}]*$`);

/** `xs:NCName` (whitespace collapsed). */
export function isNCName(raw: string): boolean {
  return NCNAME.test(collapse(raw));
}

/** Splits an `xs:QName` into prefix and local part, or undefined when not a QName. */
export function splitQName(raw: string): { prefix: string; local: string } | undefined {
  const s = collapse(raw);
  const i = s.indexOf(":");
  const prefix = i < 0 ? "" : s.slice(0, i);
  const local = i < 0 ? s : s.slice(i + 1);
  if ((i >= 0 && !NCNAME.test(prefix)) || !NCNAME.test(local)) return undefined;
  return { prefix, local };
}

// RFC 3986 URI-reference, after libxml2 has replaced the characters it tolerates with '_'.
const PCT = "%[0-9A-Fa-f]{2}";
const UNRES = "A-Za-z0-9\\-._~";
const SUB = "!$&'()*+,;=";
const PCHAR = `(?:[${UNRES}${SUB}:@]|${PCT})`;
const SEG = `${PCHAR}*`;
const SEG_NZ = `${PCHAR}+`;
const SEG_NZ_NC = `(?:[${UNRES}${SUB}@]|${PCT})+`;
const IPV_FUTURE = `v[0-9A-Fa-f]+\\.[${UNRES}${SUB}:]+`;
const IP_LITERAL = `\\[(?:[0-9A-Fa-f:.]+|${IPV_FUTURE})\\]`;
const REG_NAME = `(?:[${UNRES}${SUB}]|${PCT})*`;
const AUTHORITY = `(?:(?:[${UNRES}${SUB}:]|${PCT})*@)?(?:${IP_LITERAL}|${REG_NAME})(?::\\d*)?`;
const PATH_ABEMPTY = `(?:/${SEG})*`;
const HIER = `(?://${AUTHORITY}${PATH_ABEMPTY}|/(?:${SEG_NZ}(?:/${SEG})*)?|${SEG_NZ}(?:/${SEG})*|)`;
const REL =
  `(?://${AUTHORITY}${PATH_ABEMPTY}|/(?:${SEG_NZ}(?:/${SEG})*)?|${SEG_NZ_NC}(?:/${SEG})*|)`;
const QUERY = `(?:\\?(?:${PCHAR}|[/?])*)?`;
const FRAG = `(?:#(?:${PCHAR}|[/?])*)?`;
const URI_REF = new RegExp(
  `^(?:[A-Za-z][A-Za-z0-9+.\\-]*:${HIER}${QUERY}${FRAG}|${REL}${QUERY}${FRAG})$`,
);

/** `xs:anyURI` as libxml2 checks it: lenient characters mapped to '_', then RFC 3986. */
export function isAnyUri(raw: string): boolean {
  const s = collapse(raw);
  // deno-lint-ignore no-control-regex
  const mapped = s.replace(/[\x00-\x20\x7f-\uffff<>"{}|\\^`']/g, "_");
  return URI_REF.test(mapped);
}

/** XSD regular expression `.`: any character but CR and LF. */
const AUTHOR = /^[^@]+@[^.]+\.[^\n\r]+$/u;

/** The `ids:info/author` pattern `[^@]+@[^\.]+\..+` (anchored, as XSD patterns are). */
export function isIdsAuthor(s: string): boolean {
  return AUTHOR.test(s);
}
