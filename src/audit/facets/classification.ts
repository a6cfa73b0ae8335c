/**
 * Audit of classification facets: restrictions well formed, an optional classification
 * needs a value (IDS implementation agreement), and a required one limits the applicable
 * classes to those IfcRelAssociatesClassification can hold.
 *
 * @module
 */
import type { ClassificationFacet } from "../../ids/model.ts";
import type { AuditContext } from "../context.ts";
import { associable, type TypeConstraint } from "../types.ts";
import { auditRestriction } from "../values.ts";
import { auditOptionalNeedsValue, optionalWithoutValue } from "./material.ts";

export function auditClassificationFacet(
  ctx: AuditContext,
  f: ClassificationFacet,
  path: string,
): TypeConstraint | undefined {
  auditRestriction(ctx, f.system, path + "/system", "name");
  auditRestriction(ctx, f.value, path + "/value", "name", {
    emptyAllowed: optionalWithoutValue(f),
  });
  auditOptionalNeedsValue(ctx, f, path, "classification");
  if (f.cardinality === "optional" || f.cardinality === "prohibited") return undefined;
  return new Map(ctx.schemas.map((s) => [s.name, associable(s)]));
}
