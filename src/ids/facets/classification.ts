/**
 * The classification facet (`ids:classification`): a classification reference by system and
 * optional value. The XSD requires `system`; the model keeps it optional so edits can build a
 * facet step by step, and the structural rules report it when missing.
 *
 * @module
 */
import type { ClassificationFacet, FacetLocation } from "../model.ts";
import type { Located, ReadContext } from "../structure.ts";
import type { XmlWriter } from "../xml_writer.ts";
import { writeValue } from "../value.ts";
import {
  article,
  inlineValue,
  pick,
  readOptionAttributes,
  readValueChildren,
  requirementAttrs,
  templateSet,
  whose,
} from "./common.ts";

export function read(
  ctx: ReadContext,
  at: Located,
  location: FacetLocation,
): ClassificationFacet | undefined {
  const { options } = readOptionAttributes(ctx, at, location, { uri: true });
  const { value, system } = readValueChildren(ctx, at, [
    { name: "value", min: 0, max: 1 },
    { name: "system", min: 1, max: 1 },
  ]);
  if (!system) return undefined;
  return {
    facet: "classification",
    ...(value ? { value } : {}),
    system,
    ...options,
  };
}

export function write(w: XmlWriter, f: ClassificationFacet): void {
  w.element("ids:classification", requirementAttrs(f), () => {
    if (f.value) writeValue(w, "value", f.value);
    if (f.system) writeValue(w, "system", f.system);
  });
}

export function describe(
  f: ClassificationFacet,
  location: FacetLocation,
  specProhibited = false,
): string {
  const set = templateSet(f, location, specProhibited);
  const having = pick(set, ["Data having", "Shall have", "Shall not have"]);
  const classified = pick(set, [
    "Data classified",
    "Shall be classified",
    "Shall not be classified",
  ]);
  // Simple values read as IfcTester phrases them; restrictions become relative clauses.
  const s = f.system && inlineValue(f.system);
  const v = f.value && inlineValue(f.value);
  const inSystem = f.system && s === undefined
    ? ` in a classification system ${whose("name", f.system)}`
    : "";
  if (f.system && f.value) {
    if (s !== undefined && v !== undefined) {
      return `${having} ${article(s)} ${s} reference of ${v}`;
    }
    if (s !== undefined) {
      return `${having} ${article(s)} ${s} reference ${whose("identification", f.value)}`;
    }
    return v !== undefined
      ? `${having} a reference of ${v}${inSystem}`
      : `${having} a reference ${whose("identification", f.value)}${inSystem}`;
  }
  if (f.system) {
    return s !== undefined
      ? `${classified} using ${s}`
      : `${classified} using a system ${whose("name", f.system)}`;
  }
  if (f.value) {
    return v !== undefined
      ? `${classified} as ${v}`
      : `${having} a classification reference ${whose("identification", f.value)}`;
  }
  return set === "applicability" ? "Data with any classification" : classified;
}
