/**
 * What the edit modules share: the error constructor, list replacement, and the short forms
 * of values and facet kinds used in their messages.
 *
 * @module
 */
import { IdsError } from "../errors.ts";
import type { IdsValue } from "../model.ts";

/** A value as short text: `IFCWALL`, or `xs:string enumeration [A, B]`. */
export function valueText(v: IdsValue | undefined): string {
  if (!v) return "(any)";
  if (v.kind === "simple") return v.value;
  const groups = new Map<string, string[]>();
  for (const f of v.facets) groups.set(f.kind, [...(groups.get(f.kind) ?? []), f.value]);
  const parts = [...groups].map(([k, vals]) =>
    vals.length > 1 || k === "enumeration" ? `${k} [${vals.join(", ")}]` : `${k} ${vals[0]}`
  );
  return `${v.base ?? ""} ${parts.join(", ")}`.trim();
}

/** `an attribute`, `a property`: a facet kind with its article, for messages. */
export function article(kind: string): string {
  return /^[aeiou]/i.test(kind) ? `an ${kind}` : `a ${kind}`;
}

/** A copy of `list` with the item at `index` replaced. */
export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((x, i) => i === index ? item : x);
}

/** An `invalid_argument` error: the input is wrong and the message says how to fix it. */
export function invalid(message: string): IdsError {
  return new IdsError("invalid_argument", message);
}
