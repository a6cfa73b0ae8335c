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
  describeOptional,
  readOptionAttributes,
  readValueChildren,
  requirementAttrs,
  templateSet,
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
  const system = describeOptional(f.system);
  const value = describeOptional(f.value);
  const set = templateSet(f, location, specProhibited);
  if (system && value) {
    return set === "applicability"
      ? `Data having a ${system} reference of ${value}`
      : set === "requirement"
      ? `Shall have a ${system} reference of ${value}`
      : `Shall not have a ${system} reference of ${value}`;
  }
  if (system) {
    return set === "applicability"
      ? `Data classified using ${system}`
      : set === "requirement"
      ? `Shall be classified using ${system}`
      : `Shall not be classified using ${system}`;
  }
  if (value) {
    return set === "applicability"
      ? `Data classified as ${value}`
      : set === "requirement"
      ? `Shall be classified as ${value}`
      : `Shall not be classified as ${value}`;
  }
  return set === "applicability"
    ? "Data with any classification"
    : set === "requirement"
    ? "Shall be classified"
    : "Shall not be classified";
}
