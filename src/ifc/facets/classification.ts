/**
 * Classification facet: the element is classified (optionally in a system, optionally with a
 * reference value). References count with all their parent references (a requirement for
 * `EF_25_10` is met by `EF_25_10_25`), occurrences inherit their type's references, and an
 * occurrence's references override the type's within the same classification system.
 *
 * @module
 */
import type { ClassificationFacet } from "../../ids/model.ts";
import type { IfcModel } from "../model.ts";
import {
  checkerOf,
  type FacetChecker,
  fail,
  named,
  nameMatchesMemo,
  type Outcome,
  PASS,
  showIds,
  showList,
} from "./common.ts";
import { remembered } from "../remembered.ts";

/** The classification (system) a reference belongs to, walking ReferencedSource upwards. */
export function systemOf(model: IfcModel, ref: number): number | undefined {
  let cur: number | undefined = ref;
  for (let depth = 0; cur !== undefined && depth < 64; depth++) {
    if (model.isA(cur, "IFCCLASSIFICATION")) return cur;
    cur = model.hasAttribute(cur, "ReferencedSource")
      ? model.ref(cur, "ReferencedSource")
      : undefined;
  }
  return undefined;
}

function directRefs(model: IfcModel, id: number): number[] {
  const out = model.classificationsOf(id).filter((r) =>
    model.isA(r, "IFCCLASSIFICATIONREFERENCE") || model.isA(r, "IFCCLASSIFICATION")
  );
  for (const r of [...model.externalReferencesOf(id), ...model.materialClassificationsOf(id)]) {
    if (model.isA(r, "IFCCLASSIFICATIONREFERENCE") || model.isA(r, "IFCCLASSIFICATION")) {
      out.push(r);
    }
  }
  return out;
}

/** Leaf references of an element: its own plus its type's in systems it does not use itself. */
export function referencesOf(model: IfcModel, id: number): number[] {
  const own = directRefs(model, id);
  const typeObj = model.typeObjectOf(id);
  if (typeObj === undefined || typeObj === id) return own;
  const ownSystems = new Set(own.map((r) => refInfo(model, r).system));
  const inherited = directRefs(model, typeObj).filter((r) =>
    !ownSystems.has(refInfo(model, r).system)
  );
  return [...own, ...inherited];
}

function identification(model: IfcModel, ref: number): string | undefined {
  if (!model.isA(ref, "IFCCLASSIFICATIONREFERENCE")) return undefined;
  return model.hasAttribute(ref, "Identification")
    ? model.str(ref, "Identification")
    : model.str(ref, "ItemReference");
}

/** What the facet reads of a reference (or a classification), decoded once per model. */
interface RefInfo {
  readonly identification: string | undefined;
  /** Its classification system ({@linkcode systemOf}). */
  readonly system: number | undefined;
  /** The name of its classification system. */
  readonly systemName: string | undefined;
  /** Its parent reference (ReferencedSource, when that is a reference). */
  readonly parent: number | undefined;
  readonly isReference: boolean;
}

/** Per model: the references an element's classification led to (a model has few). */
const refInfos = new WeakMap<IfcModel, Map<number, RefInfo>>();

function refInfo(model: IfcModel, r: number): RefInfo {
  return remembered(refInfos, model, r, () => {
    const isReference = model.isA(r, "IFCCLASSIFICATIONREFERENCE");
    const sys = systemOf(model, r);
    const parent = isReference ? model.ref(r, "ReferencedSource") : undefined;
    return {
      identification: identification(model, r),
      system: sys,
      systemName: sys === undefined ? undefined : model.str(sys, "Name"),
      parent: parent !== undefined && model.isA(parent, "IFCCLASSIFICATIONREFERENCE")
        ? parent
        : undefined,
      isReference,
    };
  });
}

function evaluate(model: IfcModel, facet: ClassificationFacet, id: number): Outcome {
  const leaves = referencesOf(model, id);
  if (!leaves.length) return fail("the element has no classification", true);
  const all = new Set<number>();
  for (const leaf of leaves) {
    let cur: number | undefined = leaf;
    for (let d = 0; cur !== undefined && d < 64 && !all.has(cur); d++) {
      all.add(cur);
      const info = refInfo(model, cur);
      if (!info.isReference) break;
      cur = info.parent;
    }
  }
  // System and value must both hold for one reference (or one of its parents).
  const refsList = [...all];
  const systemName = (r: number) => refInfo(model, r).systemName;
  const identification = (r: number) => refInfo(model, r).identification;
  const valueOk = (r: number) => {
    if (!facet.value) return true;
    const v = identification(r);
    return v !== undefined && nameMatchesMemo(facet.value, v);
  };
  const systemOk = (r: number) => {
    if (!facet.system) return true;
    const n = systemName(r);
    return n !== undefined && nameMatchesMemo(facet.system, n);
  };
  if (refsList.some((r) => valueOk(r) && systemOk(r))) return PASS;
  const values = refsList.map(identification).filter((v) => v !== undefined);
  const systems = refsList.map(systemName).filter((v) => v !== undefined) as string[];
  if (facet.value && !refsList.some(valueOk)) {
    return fail(
      `the element's classification references are ${
        showList([...new Set(values as string[])])
      }, expected ${showIds(facet.value)}`,
    );
  }
  if (facet.system && !refsList.some(systemOk)) {
    return fail(
      `the element is classified in ${showList([...new Set(systems)])}, expected system ${
        showIds(facet.system)
      }`,
    );
  }
  return fail(
    `no classification reference matches both system ${showIds(facet.system!)} and value ${
      showIds(facet.value!)
    }`,
  );
}

export function classificationChecker(model: IfcModel, facet: ClassificationFacet): FacetChecker {
  return checkerOf(
    () => model.instancesOf("IFCOBJECTDEFINITION"),
    (id) => evaluate(model, facet, id),
    facet.cardinality,
    `${
      facet.system && facet.value
        ? `the element has ${named("reference", facet.value, "identification", "a")} in ${
          named("system", facet.system, "name", "a")
        }`
        : facet.system
        ? `the element is classified in ${named("system", facet.system, "name", "a")}`
        : facet.value
        ? `the element has ${named("reference", facet.value, "identification", "a")}`
        : "the element is classified"
    }, which is prohibited`,
  );
}
