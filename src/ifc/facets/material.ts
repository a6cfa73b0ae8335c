/**
 * Material facet: the element has a material, optionally one whose name or category (of the
 * material, or of a layer/profile/constituent or the set itself) matches. Usages resolve to
 * their sets, and occurrences without their own material inherit their type's.
 *
 * @module
 */
import type { MaterialFacet } from "../../ids/model.ts";
import { type IfcModel, refs } from "../model.ts";
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

function materialOf(model: IfcModel, id: number): number | undefined {
  let m = model.materialsOf(id)[0];
  if (m === undefined) {
    const typeObj = model.typeObjectOf(id);
    if (typeObj !== undefined) m = model.materialsOf(typeObj)[0];
  }
  if (m === undefined) return undefined;
  const t = model.typeOf(m);
  if (t === "IFCMATERIALLAYERSETUSAGE") return model.ref(m, "ForLayerSet");
  if (t === "IFCMATERIALPROFILESETUSAGE" || t === "IFCMATERIALPROFILESETUSAGETAPERING") {
    return model.ref(m, "ForProfileSet");
  }
  return m;
}

/** Per model: the names of each material (set) asked about (elements share few materials). */
const materialNames = new WeakMap<IfcModel, Map<number, readonly string[]>>();

/** Names and categories a material facet value may match (decoded once per material). */
function namesOf(model: IfcModel, m: number): readonly string[] {
  return remembered(materialNames, model, m, () => decodeNames(model, m));
}

function decodeNames(model: IfcModel, m: number): string[] {
  const out: (string | undefined)[] = [];
  const mat = (x: number | undefined) => {
    if (x === undefined) return;
    out.push(model.str(x, "Name"), model.str(x, "Category"));
  };
  const t = model.typeOf(m);
  const item = (x: number) => {
    out.push(model.str(x, "Name"), model.str(x, "Category"));
    mat(model.ref(x, "Material"));
  };
  if (t === "IFCMATERIAL") mat(m);
  else if (t === "IFCMATERIALLIST") { for (const x of refs(model.attr(m, "Materials"))) mat(x); }
  else if (t === "IFCMATERIALLAYERSET") {
    out.push(model.str(m, "LayerSetName"));
    for (const x of refs(model.attr(m, "MaterialLayers"))) item(x);
  } else if (t === "IFCMATERIALPROFILESET") {
    out.push(model.str(m, "Name"));
    for (const x of refs(model.attr(m, "MaterialProfiles"))) item(x);
  } else if (t === "IFCMATERIALCONSTITUENTSET") {
    out.push(model.str(m, "Name"));
    for (const x of refs(model.attr(m, "MaterialConstituents"))) item(x);
  } else if (model.hasAttribute(m, "Material")) item(m);
  return out.filter((v): v is string => v !== undefined && v !== "");
}

function evaluate(model: IfcModel, facet: MaterialFacet, id: number): Outcome {
  const m = materialOf(model, id);
  if (m === undefined) return fail("the element has no material", true);
  if (facet.value) {
    const names = namesOf(model, m);
    if (!names.some((n) => nameMatchesMemo(facet.value!, n))) {
      return fail(
        `the element's material names and categories are ${
          showList([...new Set(names)])
        }, expected ${showIds(facet.value)}`,
      );
    }
  }
  return PASS;
}

export function materialChecker(model: IfcModel, facet: MaterialFacet): FacetChecker {
  return checkerOf(
    () => model.instancesOf("IFCOBJECTDEFINITION"),
    (id) => evaluate(model, facet, id),
    facet.cardinality,
    facet.value
      ? `the element has ${
        named("material", facet.value, "name or category", "a")
      }, which is prohibited`
      : "the element has a material, which is prohibited",
  );
}
