/**
 * Early feedback for the authoring tools: an edit that makes a specification ask for
 * something no IFC model can have (an unknown entity `IFCWALLL`, attribute `Nmae`, property
 * `FireRatin` of Pset_WallCommon, data type `IFCREAL` for a label) is refused with the audit's
 * message and suggestion, before anything is stored; its warnings come back with the result.
 *
 * Only what the edit introduces counts: the edited specification is audited before and after,
 * and findings it already had (a loaded file's problems) never block an unrelated edit.
 *
 * @module
 */
import { auditDocument } from "../audit/audit.ts";
import { type Finding, IdsError } from "../ids/errors.ts";
import type { IdsDocument } from "../ids/model.ts";

/** The audit findings of specification `index` alone, with paths as in the whole document. */
function findingsOf(doc: IdsDocument, index: number): Finding[] {
  const spec = doc.specifications[index];
  if (!spec) return [];
  const alone = auditDocument({ ...doc, specifications: [spec] });
  const prefix = "/ids/specifications/specification[1]";
  const real = `/ids/specifications/specification[${index + 1}]`;
  return alone.map((f) =>
    f.path?.startsWith(prefix) ? { ...f, path: real + f.path.slice(prefix.length) } : f
  );
}

const key = (f: Finding) => `${f.severity}|${f.code}|${f.message}`;

/**
 * Audits specification `specIndex` before and after an edit; throws `invalid_argument` when
 * the edit adds an error finding, else returns the warnings it adds (as messages).
 */
export function auditEdit(before: IdsDocument, after: IdsDocument, specIndex: number): string[] {
  const old = new Map<string, number>();
  for (const f of findingsOf(before, specIndex)) old.set(key(f), (old.get(key(f)) ?? 0) + 1);
  const added: Finding[] = [];
  for (const f of findingsOf(after, specIndex)) {
    const n = old.get(key(f)) ?? 0;
    if (n > 0) old.set(key(f), n - 1);
    else added.push(f);
  }
  const errors = added.filter((f) => f.severity === "error");
  if (errors.length) {
    throw new IdsError(
      "invalid_argument",
      `${errors[0].message}${
        errors.length > 1 ? ` (and ${errors.length - 1} more below)` : ""
      }; nothing was changed`,
      errors,
    );
  }
  return added.map((f) => `${f.message}${f.path ? ` (${f.path})` : ""}`);
}
