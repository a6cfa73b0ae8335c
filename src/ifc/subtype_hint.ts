/**
 * The hint for the IDS surprise agents and coordinators meet most: an entity facet matches the
 * exact class, not its subtypes. `IFCWALL` on an IFC2X3 model holding only
 * `IFCWALLSTANDARDCASE` applies to nothing, and a specification that applies to nothing passes
 * (unless required). When that happens and the model holds instances of subtypes of a class
 * the applicability names, the result says which, how many, and how to include them.
 *
 * @module
 */
import type { IdsValue, Specification } from "../ids/model.ts";
import type { IfcModel } from "./model.ts";
import type { SpecificationResult, SubtypeHint } from "./report/types.ts";

/** At most this many subtypes are named (the most frequent first); counts stay exact. */
const MAX_LISTED = 10;

/** Upper-case class names an entity name lists (a simple value or enumeration values). */
function namedClasses(v: IdsValue): string[] {
  if (v.kind === "simple") return [v.value.toUpperCase()];
  return v.facets.filter((f) => f.kind === "enumeration").map((f) => f.value.toUpperCase());
}

/**
 * The hint for a specification that applied to no element: subtypes of the classes its
 * entity facets name that the model holds (the most frequent ten), or undefined when there
 * are none.
 */
export function subtypeHint(model: IfcModel, spec: Specification): SubtypeHint | undefined {
  const entityFacets = spec.applicability.facets.filter((f) => f.facet === "entity");
  if (!entityFacets.length) return undefined;
  const named = new Set(entityFacets.flatMap((f) => namedClasses(f.name)));
  const found: { entity: string; count: number }[] = [];
  for (const t of model.step.typeNames) {
    if (named.has(t)) continue;
    if (![...named].some((n) => model.schema.isA(t, n))) continue;
    const count = model.step.idsOfTypes([t]).length;
    if (count) found.push({ entity: t, count });
  }
  if (!found.length) return undefined;
  found.sort((a, b) => b.count - a.count || a.entity.localeCompare(b.entity));
  const listed = found.slice(0, MAX_LISTED);
  const more = found.length - listed.length;
  const classes = [...named].join(", ");
  const enumeration = [...named, ...listed.map((s) => s.entity)].join(", ");
  const message = `no element applies: an entity facet matches the exact class, not its ` +
    `subtypes, and the model has ${listed.map((s) => `${s.entity} (${s.count})`).join(", ")}${
      more ? ` and ${more} more subtype${more === 1 ? "" : "s"}` : ""
    } — subtype${
      found.length === 1 ? "" : "s"
    } of ${classes}. To include them, name the classes in an xs:enumeration on the entity ` +
    `name: ${enumeration}.`;
  return { message, subtypes: listed };
}

/**
 * The results with a hint on each checked specification that applied to no element (results
 * in the order of `specs`, one each).
 */
export function withSubtypeHints(
  model: IfcModel,
  specs: readonly Specification[],
  results: readonly SpecificationResult[],
): SpecificationResult[] {
  return results.map((r, i) => {
    if (r.applicable !== 0 || r.skipped !== undefined || !specs[i]) return r;
    const hint = subtypeHint(model, specs[i]);
    return hint ? { ...r, hint } : r;
  });
}
