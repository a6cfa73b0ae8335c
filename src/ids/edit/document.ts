/**
 * Edits of the document itself: a new document and its `<ids:info>` fields, checked against
 * what the IDS 1.0 XSD constrains (a title, an e-mail author, an xs:date).
 *
 * @module
 */
import { type IdsDocument, type IdsInfo, INFO_FIELDS } from "../model.ts";
import { invalid } from "./common.ts";
import { isIdsAuthor, isXsdDate } from "../xsd_types.ts";

/** Info fields as the tools take them (`title` required). */
export type InfoInput = { title: string } & Partial<Omit<IdsInfo, "title">>;

/** A new, empty document; checks the info fields the IDS 1.0 XSD constrains. */
export function newDocument(info: InfoInput): IdsDocument {
  return { info: checkInfo(info), specifications: [] };
}

/** Replaces info fields (`null` removes an optional one). */
export function updateInfo(
  doc: IdsDocument,
  patch: { [K in keyof IdsInfo]?: string | null },
): IdsDocument {
  const merged: Record<string, string | undefined> = { ...doc.info };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      if (key === "title") throw invalid("title cannot be removed; IDS 1.0 requires one");
      delete merged[key];
    } else merged[key] = value;
  }
  return { ...doc, info: checkInfo(merged as InfoInput) };
}

function checkInfo(info: InfoInput): IdsInfo {
  if (typeof info.title !== "string" || info.title.trim() === "") {
    throw invalid("title must be a non-empty string");
  }
  if (info.date !== undefined && !isXsdDate(info.date)) {
    throw invalid(`date '${info.date}' is not an xs:date; use YYYY-MM-DD, e.g. 2024-05-31`);
  }
  if (info.author !== undefined && !isIdsAuthor(info.author)) {
    throw invalid(
      `author '${info.author}' is not an e-mail address, which IDS 1.0 requires ` +
        `(e.g. jane@example.com); put a person's name in description instead`,
    );
  }
  const out: Record<string, string> = {};
  for (const key of INFO_FIELDS) {
    const v = info[key];
    if (v !== undefined) out[key] = v;
  }
  return out as unknown as IdsInfo;
}
