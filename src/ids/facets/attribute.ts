/**
 * The attribute facet (`ids:attribute`): an IFC attribute by name with an optional value;
 * `cardinality` and `instructions` only in requirements.
 *
 * @module
 */
import type { AttributeFacet, FacetLocation } from "../model.ts";
import type { Located, ReadContext } from "../structure.ts";
import type { XmlWriter } from "../xml_writer.ts";
import { describeValue, writeValue } from "../value.ts";
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
): AttributeFacet | undefined {
  const { options } = readOptionAttributes(ctx, at, location, {});
  const { name, value } = readValueChildren(ctx, at, [
    { name: "name", min: 1, max: 1 },
    { name: "value", min: 0, max: 1 },
  ]);
  if (!name) return undefined;
  return { facet: "attribute", name, ...(value ? { value } : {}), ...options };
}

export function write(w: XmlWriter, f: AttributeFacet): void {
  w.open("ids:attribute", requirementAttrs(f));
  writeValue(w, "name", f.name);
  if (f.value) writeValue(w, "value", f.value);
  w.close("ids:attribute");
}

export function describe(
  f: AttributeFacet,
  location: FacetLocation,
  specProhibited = false,
): string {
  const name = describeValue(f.name);
  const value = describeOptional(f.value);
  switch (templateSet(f, location, specProhibited)) {
    case "applicability":
      return value ? `Data where the ${name} is ${value}` : `Data where the ${name} is provided`;
    case "requirement":
      return value ? `The ${name} shall be ${value}` : `The ${name} shall be provided`;
    case "prohibited":
      return value ? `The ${name} shall not be ${value}` : `The ${name} shall not be provided`;
  }
}
