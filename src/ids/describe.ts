/**
 * Human-readable descriptions of facets, values and specifications, phrased like IfcTester so
 * reports and agents read the same sentences users know ("All IFCWALL data", "FireRating data
 * shall be provided in the dataset Pset_WallCommon").
 *
 * @module
 */
import type { Specification } from "./model.ts";
import { describeFacet } from "./facets/index.ts";

export { describeFacet } from "./facets/index.ts";
export { describeValue } from "./value.ts";

/** True when the specification is prohibited (`maxOccurs="0"`). */
export function isProhibitedSpecification(spec: Specification): boolean {
  return spec.applicability.maxOccurs === 0;
}

/**
 * One line per facet: what the specification applies to, and what it requires. The
 * applicability of a prohibited specification is phrased as the prohibition it is ("Shall not
 * be IFCWALL data"), as IfcTester does.
 */
export function describeSpecification(
  spec: Specification,
): { applicability: string[]; requirements: string[] } {
  const prohibited = isProhibitedSpecification(spec);
  return {
    applicability: spec.applicability.facets.map((f) =>
      prohibited ? describeFacet(f, "requirements", true) : describeFacet(f, "applicability")
    ),
    requirements: (spec.requirements?.facets ?? []).map((f) =>
      describeFacet(f, "requirements", prohibited)
    ),
  };
}
