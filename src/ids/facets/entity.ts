/**
 * The entity facet (`ids:entity`): an IFC class and an optional predefined type. In
 * applicability it has no attributes; in requirements only `instructions` (entity requirements
 * have no cardinality, they are always required).
 *
 * @module
 */
import type { EntityFacet, FacetLocation } from "../model.ts";
import type { Located, ReadContext } from "../structure.ts";
import type { XmlWriter } from "../xml_writer.ts";
import { writeValue } from "../value.ts";
import {
  inlineValue,
  readFacetAttributes,
  readValueChildren,
  templateSet,
  whose,
} from "./common.ts";

/** The `ids:entityType` content model, shared with partOf's nested entity. */
export const ENTITY_TYPE_SEQUENCE = [
  { name: "name", min: 1, max: 1 },
  { name: "predefinedType", min: 0, max: 1 },
] as const;

export function read(
  ctx: ReadContext,
  at: Located,
  location: FacetLocation,
): EntityFacet | undefined {
  const attrs = readFacetAttributes(ctx, at, location, [], ["instructions"]);
  const { name, predefinedType } = readValueChildren(ctx, at, ENTITY_TYPE_SEQUENCE);
  if (!name) return undefined;
  const instructions = attrs.get("instructions");
  return {
    facet: "entity",
    name,
    ...(predefinedType ? { predefinedType } : {}),
    ...(instructions !== undefined ? { instructions } : {}),
  };
}

export function write(w: XmlWriter, f: EntityFacet): void {
  w.open("ids:entity", [["instructions", f.instructions]]);
  writeValue(w, "name", f.name);
  if (f.predefinedType) writeValue(w, "predefinedType", f.predefinedType);
  w.close("ids:entity");
}

/**
 * An entity as a noun phrase: "IFCWALL data of type SOLIDWALL" (`noun` "data"), or with
 * restrictions "data whose IFC class is a value matching 'IFCWALL.*'". Shared with partOf's
 * nested entity (`noun` "entity": "IFCSPACE of type …", "entity whose IFC class is …").
 */
export function describeEntityData(
  name: EntityFacet["name"],
  predefinedType: EntityFacet["predefinedType"],
  noun: "data" | "entity" = "data",
): string {
  const n = inlineValue(name);
  const t = predefinedType && inlineValue(predefinedType);
  const type = !predefinedType
    ? ""
    : t !== undefined
    ? ` of type ${t}`
    : `${n === undefined ? " and" : ""} ${whose("predefined type", predefinedType)}`;
  if (n === undefined) return `${noun} ${whose("IFC class", name)}${type}`;
  return noun === "data" ? `${n} data${type}` : `${n}${type}`;
}

export function describe(f: EntityFacet, location: FacetLocation, specProhibited = false): string {
  const data = describeEntityData(f.name, f.predefinedType);
  switch (templateSet(f, location, specProhibited)) {
    case "applicability":
      return `All ${data}`;
    case "requirement":
      return `Shall be ${data}`;
    case "prohibited":
      return `Shall not be ${data}`;
  }
}
