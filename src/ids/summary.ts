/**
 * A compact overview of a document — counts and one line per specification — for tool
 * results, CLI output and logs, where the full model would be too long.
 *
 * @module
 */
import type { FacetKind, IdsDocument } from "./model.ts";
import { describeSpecification } from "./describe.ts";

export interface SpecificationSummary {
  readonly index: number;
  readonly name: string;
  readonly identifier?: string;
  readonly ifcVersion: readonly string[];
  readonly optionality: "required" | "optional" | "prohibited";
  readonly applicability: readonly string[];
  readonly requirements: readonly string[];
}

export interface DocumentSummary {
  readonly title: string;
  readonly specificationCount: number;
  readonly facetCounts: Readonly<Record<FacetKind, number>>;
  readonly specifications: readonly SpecificationSummary[];
}

/** Summarises a document: title, counts per facet kind, and each specification described. */
export function summarizeDocument(doc: IdsDocument): DocumentSummary {
  const facetCounts: Record<FacetKind, number> = {
    entity: 0,
    partOf: 0,
    classification: 0,
    attribute: 0,
    property: 0,
    material: 0,
  };
  const specifications = doc.specifications.map((s, i) => {
    for (const f of [...s.applicability.facets, ...(s.requirements?.facets ?? [])]) {
      facetCounts[f.facet]++;
    }
    const d = describeSpecification(s);
    const min = s.applicability.minOccurs ?? 1;
    const max = s.applicability.maxOccurs ?? 1;
    return {
      index: i + 1,
      name: s.name,
      ...(s.identifier !== undefined ? { identifier: s.identifier } : {}),
      ifcVersion: s.ifcVersion,
      optionality: max === 0
        ? "prohibited" as const
        : min >= 1
        ? "required" as const
        : "optional" as const,
      applicability: d.applicability,
      requirements: d.requirements,
    };
  });
  return {
    title: doc.info.title,
    specificationCount: doc.specifications.length,
    facetCounts,
    specifications,
  };
}
