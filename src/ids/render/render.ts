/**
 * One call for both spec-sheet formats, so the CLI `render` command and the MCP resources
 * choose a format the same way. Pure.
 *
 * @module
 */
import type { IdsDocument } from "../model.ts";
import { specSheet } from "./spec_sheet.ts";
import { specSheetHtml } from "./spec_sheet_html.ts";
import { specSheetMarkdown } from "./spec_sheet_md.ts";

/** The spec-sheet formats: a self-contained web page, or Markdown. */
export const SHEET_FORMATS = ["html", "md"] as const;
export type SheetFormat = typeof SHEET_FORMATS[number];

/** The media type of each format. */
export const SHEET_MIME: Readonly<Record<SheetFormat, string>> = {
  html: "text/html",
  md: "text/markdown",
};

/** The spec sheet of `doc` in `format`. */
export function renderSpecSheet(doc: IdsDocument, format: SheetFormat): string {
  const sheet = specSheet(doc);
  return format === "html" ? specSheetHtml(sheet) : specSheetMarkdown(sheet);
}
