/**
 * Escaping for the text that report and spec-sheet writers put into markup. Every string comes
 * from an IFC model or an IDS file, so it is untrusted: names like `<script>` must show as
 * text, never run. One module so the HTML and BCF writers cannot drift apart.
 *
 * @module
 */

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Characters XML 1.0 forbids anywhere (C0 controls except tab, CR, LF; lone surrogates;
 * U+FFFE/U+FFFF). A model can contain them, and one such character makes a BCF file unreadable.
 */
const XML_INVALID =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for use in XML/HTML element content and double- or single-quoted attributes. */
export function escapeXml(text: string): string {
  return text.replace(XML_INVALID, "\uFFFD").replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/** HTML escaping is the same as XML escaping for content and quoted attributes. */
export const escapeHtml: (text: string) => string = escapeXml;
