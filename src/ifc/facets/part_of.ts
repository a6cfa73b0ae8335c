/**
 * PartOf facet: the element is part of an entity through a relation — aggregation (walking
 * up nested aggregates), spatial containment (directly, or through the whole it is
 * aggregated into), nesting (walking up), group assignment, or voids/fills (an opening, or
 * an element filling an opening, belongs to the voided element). Without a relation, any
 * chain of these relations counts.
 *
 * @module
 */
import type { PartOfFacet } from "../../ids/model.ts";
import type { IfcModel } from "../model.ts";
import { entityMatches } from "./entity.ts";
import { checkerOf, type FacetChecker, fail, type Outcome, PASS, showIds } from "./common.ts";

const MAX_DEPTH = 256;

function containerOf(model: IfcModel, id: number): number | undefined {
  let cur: number | undefined = id;
  for (let d = 0; cur !== undefined && d < MAX_DEPTH; d++) {
    const c = model.containerOf(cur);
    if (c !== undefined) return c;
    cur = model.aggregateOf(cur);
  }
  return undefined;
}

function voidedBy(model: IfcModel, id: number): number | undefined {
  if (model.isA(id, "IFCOPENINGELEMENT") || model.isA(id, "IFCFEATUREELEMENTSUBTRACTION")) {
    const v = model.voidedElementOf(id);
    if (v !== undefined) return v;
  }
  const opening = model.filledOpeningOf(id);
  return opening === undefined ? undefined : model.voidedElementOf(opening);
}

/** Direct "parents" of an element through any partOf relation. */
function parentsOf(model: IfcModel, id: number): number[] {
  const out: number[] = [];
  const add = (x: number | undefined) => x !== undefined && out.push(x);
  add(model.aggregateOf(id));
  add(model.containerOf(id));
  add(model.nestOf(id));
  for (const g of model.groupsOf(id)) add(g);
  add(voidedBy(model, id));
  return out;
}

function describe(model: IfcModel, ids: number[]): string {
  return ids.length ? ids.map((x) => model.typeOf(x)).join(", ") : "nothing";
}

function evaluate(model: IfcModel, facet: PartOfFacet, id: number): Outcome {
  const target = facet.entity;
  const matches = (x: number) => entityMatches(model, x, target).ok;
  const want = `${showIds(target.name)}${
    target.predefinedType ? ` of type ${showIds(target.predefinedType)}` : ""
  }`;
  switch (facet.relation) {
    case undefined: {
      const seen = new Set<number>([id]);
      let frontier = parentsOf(model, id);
      const found: number[] = [];
      while (frontier.length && seen.size < 100_000) {
        const next: number[] = [];
        for (const p of frontier) {
          if (seen.has(p)) continue;
          seen.add(p);
          found.push(p);
          if (matches(p)) return PASS;
          next.push(...parentsOf(model, p));
        }
        frontier = next;
      }
      return fail(
        `the element is not part of ${want} (part of: ${describe(model, found)})`,
        !found.length,
      );
    }
    case "IFCRELAGGREGATES":
    case "IFCRELNESTS": {
      const up = (x: number) =>
        facet.relation === "IFCRELAGGREGATES" ? model.aggregateOf(x) : model.nestOf(x);
      const what = facet.relation === "IFCRELAGGREGATES" ? "aggregated into" : "nested in";
      let cur = up(id);
      if (cur === undefined) return fail(`the element is not ${what} anything`, true);
      const chain: number[] = [];
      for (let d = 0; cur !== undefined && d < MAX_DEPTH; d++) {
        chain.push(cur);
        if (matches(cur)) return PASS;
        cur = up(cur);
      }
      return fail(`the element is ${what} ${describe(model, chain)}, not ${want}`);
    }
    case "IFCRELCONTAINEDINSPATIALSTRUCTURE": {
      const c = containerOf(model, id);
      if (c === undefined) return fail("the element is not contained in a spatial structure", true);
      return matches(c)
        ? PASS
        : fail(`the element is contained in ${model.typeOf(c)}, not ${want}`);
    }
    case "IFCRELASSIGNSTOGROUP": {
      const groups = model.groupsOf(id);
      if (!groups.length) return fail("the element is not assigned to a group", true);
      return groups.some(matches)
        ? PASS
        : fail(`the element is assigned to ${describe(model, groups)}, not ${want}`);
    }
    case "IFCRELVOIDSELEMENT IFCRELFILLSELEMENT": {
      const v = voidedBy(model, id);
      if (v === undefined) return fail("the element neither voids nor fills an element", true);
      return matches(v) ? PASS : fail(`the element voids or fills ${model.typeOf(v)}, not ${want}`);
    }
  }
}

export function partOfChecker(model: IfcModel, facet: PartOfFacet): FacetChecker {
  return checkerOf(
    () => model.instancesOf("IFCOBJECTDEFINITION"),
    (id) => evaluate(model, facet, id),
    facet.cardinality,
    "the element has the relationship, which is prohibited",
  );
}
