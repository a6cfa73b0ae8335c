/**
 * The attribute facet (`ids:attribute`): an IFC attribute by name with an optional value;
 * `cardinality` and `instructions` only in requirements.
 *
 * @module
 */
import type { AttributeFacet, FacetLocation } from "../model.ts";
import type { Located, ReadContext } from "../structure.ts";
import type { XmlWriter } from "../xml_writer.ts";
import { writeValue } from "../value.ts";
import {
  capitalise,
  describeOptional,
  inlineValue,
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
  const n = inlineValue(f.name);
  const subject = n !== undefined ? `the ${n}` : `an attribute ${whose("name", f.name)}`;
  const value = describeOptional(f.value);
  switch (templateSet(f, location, specProhibited)) {
    case "applicability":
      return value ? `Data where ${subject} is ${value}` : `Data where ${subject} is provided`;
    case "requirement":
      return capitalise(value ? `${subject} shall be ${value}` : `${subject} shall be provided`);
    case "prohibited":
      return capitalise(
        value ? `${subject} shall not be ${value}` : `${subject} shall not be provided`,
      );
  }
}
