/**
 * PartOf facet: the element is part of an entity through a relation, followed recursively
 * as IfcTester does:
 *
 * - IFCRELAGGREGATES / IFCRELNESTS: up the chain of wholes;
 * - IFCRELASSIGNSTOGROUP: the groups the element is assigned to, and the groups those groups
 *   are assigned to (a duct in a zone that is in a system is part of the system);
 * - IFCRELCONTAINEDINSPATIALSTRUCTURE: the spatial container (directly, or of the whole the
 *   element is aggregated into) and the wholes that container is aggregated into (a beam in
 *   a storey is part of the building);
 * - IFCRELVOIDSELEMENT IFCRELFILLSELEMENT: an opening, or an element filling one, belongs to
 *   the voided element (one step);
 * - no relation: any chain of the relations above.
 *
 * Ancestry is computed once per model and facet, not per element: single-parent chains are
 * memoised node by node, multi-parent graphs (groups, any relation) are searched once from
 * the matching wholes downwards. Both are cycle-safe (a cycle ends the walk, it does not
 * loop). Failure texts are built only when a report reads them.
 *
 * @module
 */
import type { PartOfFacet } from "../../ids/model.ts";
import type { IfcModel } from "../model.ts";
import { entityMatches, predefinedTypeOf } from "./entity.ts";
import { checkerOf, type FacetChecker, fail, type Outcome, PASS, showIds } from "./common.ts";

type Up = (id: number) => number | undefined;
type Ups = (id: number) => readonly number[];

/**
 * Walks a single-parent chain from `start` (inclusive) until `here` gives a value, memoising
 * the answer for every node passed; a cycle or the chain's end gives undefined.
 */
function chainFind(
  start: number | undefined,
  up: Up,
  here: (id: number) => number | undefined,
  memo: Map<number, number | null>,
): number | undefined {
  const path: number[] = [];
  const onPath = new Set<number>();
  let found: number | null = null;
  for (let cur = start; cur !== undefined; cur = up(cur)) {
    const known = memo.get(cur);
    if (known !== undefined) {
      found = known;
      break;
    }
    if (onPath.has(cur)) break;
    const h = here(cur);
    if (h !== undefined) {
      found = h;
      break;
    }
    path.push(cur);
    onPath.add(cur);
  }
  for (const p of path) memo.set(p, found);
  return found ?? undefined;
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

/** Per model: children maps of multi-parent relations, and effective spatial containers. */
interface ModelAncestry {
  readonly children: Map<string, Map<number, number[]>>;
  readonly container: Map<number, number | null>;
}
const perModel = new WeakMap<IfcModel, ModelAncestry>();

function ancestryOf(model: IfcModel): ModelAncestry {
  let a = perModel.get(model);
  if (!a) {
    a = { children: new Map(), container: new Map() };
    perModel.set(model, a);
  }
  return a;
}

/** Inverse of `ups` over every object definition of the model, built once per key. */
function childrenOf(model: IfcModel, key: string, ups: Ups): Map<number, number[]> {
  const a = ancestryOf(model);
  let m = a.children.get(key);
  if (!m) {
    m = new Map();
    for (const id of model.instancesOf("IFCOBJECTDEFINITION")) {
      for (const p of ups(id)) {
        const l = m.get(p);
        if (l) l.push(id);
        else m.set(p, [id]);
      }
    }
    a.children.set(key, m);
  }
  return m;
}

/** Everything below a matching whole: one breadth-first search per facet and model. */
function descendantsOfMatches(
  children: Map<number, number[]>,
  matches: (id: number) => boolean,
): Set<number> {
  const out = new Set<number>();
  const queue: number[] = [];
  for (const p of children.keys()) {
    if (matches(p)) queue.push(p);
  }
  for (let i = 0; i < queue.length; i++) {
    for (const c of children.get(queue[i]) ?? []) {
      if (out.has(c)) continue;
      out.add(c);
      queue.push(c);
    }
  }
  return out;
}

/** The spatial container of an element, directly or through the wholes it is part of. */
function containerOf(model: IfcModel, id: number): number | undefined {
  return chainFind(
    id,
    (x) => model.aggregateOf(x),
    (x) => model.containerOf(x),
    ancestryOf(model).container,
  );
}

/** How many ancestors a failure text names before "and N more". */
const SHOWN = 4;

/** The nearest ancestors through `ups`, breadth first, at most SHOWN + 1 of them. */
function nearest(id: number, ups: Ups): number[] {
  const seen = new Set<number>([id]);
  const out: number[] = [];
  let frontier = [id];
  while (frontier.length && out.length <= SHOWN) {
    const next: number[] = [];
    for (const x of frontier) {
      for (const p of ups(x)) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push(p);
        next.push(p);
      }
    }
    frontier = next;
  }
  return out;
}

/** An outcome whose reason is only built when read (most failures are never shown). */
function lazyFail(reason: () => string, absent = false): Outcome {
  let text: string | undefined;
  return {
    ok: false,
    absent,
    get reason() {
      return text ??= reason();
    },
  };
}

const RELATION_WORDS: Record<NonNullable<PartOfFacet["relation"]> | "any", string> = {
  IFCRELAGGREGATES: "aggregated into",
  IFCRELNESTS: "nested in",
  IFCRELASSIGNSTOGROUP: "assigned to",
  IFCRELCONTAINEDINSPATIALSTRUCTURE: "contained in",
  "IFCRELVOIDSELEMENT IFCRELFILLSELEMENT": "voiding or filling",
  any: "part of",
};

export function partOfChecker(model: IfcModel, facet: PartOfFacet): FacetChecker {
  const target = facet.entity;
  const wantName = target.name;
  const matchMemo = new Map<number, boolean>();
  const matches = (x: number) => {
    let m = matchMemo.get(x);
    if (m === undefined) {
      m = entityMatches(model, x, target).ok;
      matchMemo.set(x, m);
    }
    return m;
  };
  const matchHere = (x: number) => matches(x) ? x : undefined;
  const want = `${showIds(wantName)}${
    target.predefinedType ? ` of type ${showIds(target.predefinedType)}` : ""
  }`;
  /** An ancestor as a report names it; with its predefined type when that is what differs. */
  const show = (x: number) => {
    const cls = model.typeOf(x);
    if (!target.predefinedType || !entityMatches(model, x, { name: wantName }).ok) return cls;
    const p = predefinedTypeOf(model, x);
    return p === undefined ? `${cls} without a predefined type` : `${cls} of type '${p}'`;
  };
  const words = RELATION_WORDS[facet.relation ?? "any"];
  const failing = (id: number, ups: Ups) =>
    lazyFail(() => {
      const near = nearest(id, ups);
      const first = show(near[0]);
      if (near.length === 1) return `the element is ${words} ${first}, not ${want}`;
      const rest = near.slice(1, SHOWN).map(show);
      const more = near.length > SHOWN ? " and more" : "";
      return `the element is ${words} ${first} (within ${
        rest.join(", ")
      }${more}), none of which is ${want}`;
    });

  const aggMemo = new Map<number, number | null>();
  const nestMemo = new Map<number, number | null>();
  const up = (x: number) => model.aggregateOf(x);
  const nestUp = (x: number) => model.nestOf(x);
  let groupHits: Set<number> | undefined;
  let anyHits: Set<number> | undefined;
  const groupUps: Ups = (x) => model.groupsOf(x);
  const anyUps: Ups = (x) => parentsOf(model, x);

  const evaluate = (id: number): Outcome => {
    switch (facet.relation) {
      case undefined: {
        anyHits ??= descendantsOfMatches(childrenOf(model, "any", anyUps), matches);
        if (anyHits.has(id)) return PASS;
        if (!parentsOf(model, id).length) {
          return fail(`the element is not part of anything (expected ${want})`, true);
        }
        return failing(id, anyUps);
      }
      case "IFCRELAGGREGATES":
      case "IFCRELNESTS": {
        const step = facet.relation === "IFCRELAGGREGATES" ? up : nestUp;
        const parent = step(id);
        if (parent === undefined) {
          return fail(`the element is not ${words} anything (expected ${want})`, true);
        }
        const memo = facet.relation === "IFCRELAGGREGATES" ? aggMemo : nestMemo;
        if (chainFind(parent, step, matchHere, memo) !== undefined) return PASS;
        return failing(id, (x) => {
          const p = step(x);
          return p === undefined ? [] : [p];
        });
      }
      case "IFCRELCONTAINEDINSPATIALSTRUCTURE": {
        const c = containerOf(model, id);
        if (c === undefined) {
          return fail(
            `the element is not contained in a spatial structure (expected ${want})`,
            true,
          );
        }
        if (chainFind(c, up, matchHere, aggMemo) !== undefined) return PASS;
        return failing(id, (x) => {
          const p = x === id ? c : up(x);
          return p === undefined ? [] : [p];
        });
      }
      case "IFCRELASSIGNSTOGROUP": {
        if (!model.groupsOf(id).length) {
          return fail(`the element is not assigned to a group (expected ${want})`, true);
        }
        groupHits ??= descendantsOfMatches(childrenOf(model, "groups", groupUps), matches);
        return groupHits.has(id) ? PASS : failing(id, groupUps);
      }
      case "IFCRELVOIDSELEMENT IFCRELFILLSELEMENT": {
        const v = voidedBy(model, id);
        if (v === undefined) {
          return fail(`the element neither voids nor fills an element (expected ${want})`, true);
        }
        if (matches(v)) return PASS;
        return lazyFail(() => {
          const how = model.filledOpeningOf(id) !== undefined ? "fills an opening in" : "voids";
          return `the element ${how} ${show(v)}, not ${want}`;
        });
      }
    }
  };
  const checker = checkerOf(
    () => model.instancesOf("IFCOBJECTDEFINITION"),
    evaluate,
    facet.cardinality,
    `the element is ${words} ${want}, which is prohibited`,
  );
  if (
    facet.cardinality !== "prohibited" || facet.relation !== "IFCRELVOIDSELEMENT IFCRELFILLSELEMENT"
  ) {
    return checker;
  }
  // Voids/fills: say which of the two the element does.
  return {
    ...checker,
    check: (id) =>
      evaluate(id).ok
        ? fail(
          `the element ${
            model.filledOpeningOf(id) !== undefined ? "fills an opening in" : "voids"
          } ${want}, which is prohibited`,
        )
        : PASS,
  };
}
