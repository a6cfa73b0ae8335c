/**
 * The property facet (`ids:property`): a property (or quantity) by property set and base name,
 * with optional value and `dataType` (an upper-case IFC defined type). `uri`, `cardinality`
 * and `instructions` only in requirements.
 *
 * @module
 */
import type { FacetLocation, PropertyFacet } from "../model.ts";
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
): PropertyFacet | undefined {
  const { attrs, options } = readOptionAttributes(ctx, at, location, {
    base: ["dataType"],
    uri: true,
  });
  const dataType = attrs.get("dataType");
  // ids:upperCaseName is an xs:normalizedString restricted to [A-Z]+.
  if (dataType !== undefined && !/^[A-Z]+$/.test(dataType)) {
    ctx.keptError(
      at,
      `dataType '${dataType}' must be an upper-case IFC type name such as IFCLABEL`,
    );
  }
  const { propertySet, baseName, value } = readValueChildren(ctx, at, [
    { name: "propertySet", min: 1, max: 1 },
    { name: "baseName", min: 1, max: 1 },
    { name: "value", min: 0, max: 1 },
  ]);
  if (!propertySet || !baseName) return undefined;
  return {
    facet: "property",
    propertySet,
    baseName,
    ...(value ? { value } : {}),
    ...(dataType !== undefined ? { dataType } : {}),
    ...options,
  };
}

export function write(w: XmlWriter, f: PropertyFacet): void {
  w.open("ids:property", [["dataType", f.dataType], ...requirementAttrs(f)]);
  writeValue(w, "propertySet", f.propertySet);
  writeValue(w, "baseName", f.baseName);
  if (f.value) writeValue(w, "value", f.value);
  w.close("ids:property");
}

export function describe(
  f: PropertyFacet,
  location: FacetLocation,
  specProhibited = false,
): string {
  // Simple names read as IfcTester phrases them; restrictions become relative clauses.
  const ps = inlineValue(f.propertySet);
  const pset = ps !== undefined ? `the dataset ${ps}` : `a dataset ${whose("name", f.propertySet)}`;
  const n = inlineValue(f.baseName);
  const data = n !== undefined ? `${n} data` : `data of a property ${whose("name", f.baseName)}`;
  const value = describeOptional(f.value);
  switch (templateSet(f, location, specProhibited)) {
    case "applicability":
      return value
        ? `Elements with ${data} ${
          f.value!.kind === "simple" ? "of" : "that is"
        } ${value} in ${pset}`
        : `Elements with ${data} in ${pset}`;
    case "requirement":
      return capitalise(
        value ? `${data} shall be ${value} and in ${pset}` : `${data} shall be provided in ${pset}`,
      );
    case "prohibited":
      return capitalise(
        value
          ? `${data} shall not be ${value} and in ${pset}`
          : `${data} shall not be provided in ${pset}`,
      );
  }
}
