/**
 * The material facet (`ids:material`): a material by name or category; without a value it
 * means "has any material". `uri`, `cardinality` and `instructions` only in requirements.
 *
 * @module
 */
import type { FacetLocation, MaterialFacet } from "../model.ts";
import { first, type Located, matchSequence, type ReadContext } from "../structure.ts";
import type { XmlWriter } from "../xml_writer.ts";
import { readValue, writeValue } from "../value.ts";
import {
  article,
  inlineValue,
  pick,
  readOptionAttributes,
  requirementAttrs,
  templateSet,
  whose,
} from "./common.ts";

export function read(
  ctx: ReadContext,
  at: Located,
  location: FacetLocation,
): MaterialFacet | undefined {
  const { options } = readOptionAttributes(ctx, at, location, { uri: true });
  const g = matchSequence(ctx, at, [{ name: "value", min: 0, max: 1 }]);
  const valueEl = first(g, "value");
  const value = valueEl && readValue(ctx, valueEl);
  if (valueEl && !value) return undefined;
  return {
    facet: "material",
    ...(value ? { value } : {}),
    ...options,
  };
}

export function write(w: XmlWriter, f: MaterialFacet): void {
  w.element("ids:material", requirementAttrs(f), () => {
    if (f.value) writeValue(w, "value", f.value);
  });
}

export function describe(
  f: MaterialFacet,
  location: FacetLocation,
  specProhibited = false,
): string {
  const set = templateSet(f, location, specProhibited);
  const has = pick(set, ["All data with", "Shall have", "Shall not have"]);
  if (!f.value) return `${has} a material`;
  const v = inlineValue(f.value);
  if (v === undefined) return `${has} a material ${whose("name or category", f.value)}`;
  return set === "applicability"
    ? `${has} ${article(v)} ${v} material`
    : `${has} a material of ${v}`;
}
