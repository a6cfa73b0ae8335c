/**
 * Audit of partOf facets: the entity must be an IFC class that can be the relating side of
 * the relation (a group for IfcRelAssignsToGroup, a spatial element for containment …), and a
 * required partOf limits the applicable classes to those the relation can hold as parts.
 *
 * @module
 */
import type { PartOfFacet, PartOfRelation } from "../../ids/model.ts";
import { type AuditContext, showValue, versionName } from "../context.ts";
import { type TypeConstraint, withSubtypes } from "../types.ts";
import { auditEntityName, auditPredefinedType } from "./entity.ts";

/** The relating (whole) side of each relation. */
const WHOLE: Record<PartOfRelation, string[]> = {
  IFCRELAGGREGATES: ["IFCOBJECTDEFINITION"],
  IFCRELNESTS: ["IFCOBJECTDEFINITION"],
  IFCRELASSIGNSTOGROUP: ["IFCGROUP"],
  IFCRELCONTAINEDINSPATIALSTRUCTURE: ["IFCSPATIALELEMENT", "IFCSPATIALSTRUCTUREELEMENT"],
  "IFCRELVOIDSELEMENT IFCRELFILLSELEMENT": ["IFCELEMENT"],
};

/** The related (part) side of each relation. */
const PART: Record<PartOfRelation, string[]> = {
  IFCRELAGGREGATES: ["IFCOBJECTDEFINITION"],
  IFCRELNESTS: ["IFCOBJECTDEFINITION"],
  IFCRELASSIGNSTOGROUP: ["IFCOBJECTDEFINITION"],
  IFCRELCONTAINEDINSPATIALSTRUCTURE: ["IFCPRODUCT"],
  "IFCRELVOIDSELEMENT IFCRELFILLSELEMENT": ["IFCELEMENT"],
};

export function auditPartOfFacet(
  ctx: AuditContext,
  f: PartOfFacet,
  path: string,
): TypeConstraint | undefined {
  const classes = auditEntityName(ctx, f.entity.name, path + "/entity/name");
  auditPredefinedType(ctx, classes, f.entity.predefinedType, path + "/entity/predefinedType");
  // Without a relation, any of them: the entity must be able to be some relating side.
  const wholeSide = f.relation ? WHOLE[f.relation] : ["IFCOBJECTDEFINITION"];
  const refused = ctx.schemas.filter((s) => {
    const names = classes.get(s.name);
    if (!names?.size) return false;
    const whole = withSubtypes(s, wholeSide);
    return ![...names].some((n) => whole.has(n));
  });
  if (refused.length) {
    ctx.error(
      path + "/entity",
      "incompatible_part_of",
      `${showValue(f.entity.name)} cannot be the relating side of ${
        f.relation ?? "any partOf relation"
      } in ${refused.map(versionName).join(", ")} (it must be a ${wholeSide.join(" or ")})`,
    );
  }
  if (f.cardinality === "prohibited") return undefined;
  const part = f.relation ? PART[f.relation] : ["IFCOBJECTDEFINITION"];
  return new Map(ctx.schemas.map((s) => [s.name, withSubtypes(s, part)]));
}
