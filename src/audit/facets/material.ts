/**
 * Audit of material facets: restrictions well formed, an optional material needs a value
 * (IDS implementation agreement: without one it is always met), and a required one limits
 * the applicable classes to those IfcRelAssociatesMaterial can hold.
 *
 * @module
 */
import type { ClassificationFacet, MaterialFacet } from "../../ids/model.ts";
import type { AuditContext } from "../context.ts";
import { associable, type TypeConstraint } from "../types.ts";
import { auditRestriction } from "../values.ts";

/** True for an optional facet without a value (or with an empty one). */
export function optionalWithoutValue(f: MaterialFacet | ClassificationFacet): boolean {
  const empty = !f.value || (f.value.kind === "simple" && f.value.value === "");
  return f.cardinality === "optional" && empty;
}

/** Optional classification and material facets need a value. */
export function auditOptionalNeedsValue(
  ctx: AuditContext,
  f: MaterialFacet | ClassificationFacet,
  path: string,
  what: string,
): void {
  if (optionalWithoutValue(f)) {
    ctx.error(
      path,
      "bad_cardinality",
      `an optional ${what} needs a value: without one the requirement is always met`,
    );
  }
}

export function auditMaterialFacet(
  ctx: AuditContext,
  f: MaterialFacet,
  path: string,
): TypeConstraint | undefined {
  auditRestriction(ctx, f.value, path + "/value", "name", {
    emptyAllowed: optionalWithoutValue(f),
  });
  auditOptionalNeedsValue(ctx, f, path, "material");
  if (f.cardinality === "optional" || f.cardinality === "prohibited") return undefined;
  return new Map(ctx.schemas.map((s) => [s.name, associable(s)]));
}
