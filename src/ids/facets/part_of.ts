/**
 * The partOf facet (`ids:partOf`): the element is part of an entity through a relation
 * (aggregation, group, spatial containment, nesting, or voids/fills). In requirements it takes
 * `cardinality` (only `required` or `prohibited`) and `instructions`.
 *
 * @module
 */
import type { FacetLocation, PartOfFacet, PartOfRelation } from "../model.ts";
import { PART_OF_RELATIONS } from "../model.ts";
import {
  checkAttributes,
  first,
  type Located,
  matchSequence,
  type ReadContext,
} from "../structure.ts";
import type { XmlWriter } from "../xml_writer.ts";
import { writeValue } from "../value.ts";
import { readCardinality, readFacetAttributes, readValueChildren, templateSet } from "./common.ts";
import { describeEntityData, ENTITY_TYPE_SEQUENCE } from "./entity.ts";

export function read(
  ctx: ReadContext,
  at: Located,
  location: FacetLocation,
): PartOfFacet | undefined {
  const attrs = readFacetAttributes(ctx, at, location, ["relation"], [
    "cardinality",
    "instructions",
  ]);
  const rawRelation = attrs.get("relation");
  let relation: PartOfRelation | undefined;
  if (rawRelation !== undefined) {
    if ((PART_OF_RELATIONS as readonly string[]).includes(rawRelation)) {
      relation = rawRelation as PartOfRelation;
    } else {
      ctx.error(
        at,
        `relation '${rawRelation}' is not an IDS 1.0 relation; use one of ${
          PART_OF_RELATIONS.join(", ")
        }`,
      );
    }
  }
  const cardinality = readCardinality(ctx, at, attrs, ["required", "prohibited"] as const);
  const instructions = attrs.get("instructions");
  const g = matchSequence(ctx, at, [{ name: "entity", min: 1, max: 1 }]);
  const entityEl = first(g, "entity");
  if (!entityEl) return undefined;
  checkAttributes(ctx, entityEl, { allowed: [] });
  const { name, predefinedType } = readValueChildren(ctx, entityEl, ENTITY_TYPE_SEQUENCE);
  if (!name) return undefined;
  return {
    facet: "partOf",
    entity: { name, ...(predefinedType ? { predefinedType } : {}) },
    ...(relation !== undefined ? { relation } : {}),
    ...(cardinality !== undefined ? { cardinality } : {}),
    ...(instructions !== undefined ? { instructions } : {}),
  };
}

export function write(w: XmlWriter, f: PartOfFacet): void {
  w.open("ids:partOf", [
    ["relation", f.relation],
    ["cardinality", f.cardinality],
    ["instructions", f.instructions],
  ]);
  w.open("ids:entity");
  writeValue(w, "name", f.entity.name);
  if (f.entity.predefinedType) writeValue(w, "predefinedType", f.entity.predefinedType);
  w.close("ids:entity");
  w.close("ids:partOf");
}

export function describe(f: PartOfFacet, location: FacetLocation, specProhibited = false): string {
  const name = describeEntityData(f.entity.name, f.entity.predefinedType, "entity");
  const set = templateSet(f, location, specProhibited);
  if (f.relation) {
    const rel = f.relation.split(" ").join(" or ");
    return set === "applicability"
      ? `An element with an ${rel} relationship with an ${name}`
      : set === "requirement"
      ? `An element must have an ${rel} relationship with an ${name}`
      : `An element must not have an ${rel} relationship with an ${name}`;
  }
  return set === "applicability"
    ? `An element that is part of an ${name}`
    : set === "requirement"
    ? `An element must be part of an ${name}`
    : `An element must not be part of an ${name}`;
}
