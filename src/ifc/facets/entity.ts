/**
 * Entity facet: the element's IFC class (exact, not subtypes) and optionally its predefined
 * type, where USERDEFINED resolves to ObjectType (occurrences) or ElementType/ProcessType/
 * ResourceType (types), and a type object's predefined type wins over the occurrence's
 * unless it is NOTDEFINED or empty.
 *
 * @module
 */
import type { EntityFacet } from "../../ids/model.ts";
import { nameMatches } from "../../ids/match.ts";
import type { IfcModel } from "../model.ts";
import { type FacetChecker, fail, nameMatchesMemo, type Outcome, PASS, showIds } from "./common.ts";

const USER_DEFINED_ATTRS = ["ElementType", "ProcessType", "ResourceType", "ObjectType"];

function ownPredefined(model: IfcModel, id: number): string | undefined {
  let p: string | undefined = model.enumValue(id, "PredefinedType");
  if (p === "USERDEFINED" || !p) {
    const isType = model.isA(id, "IFCTYPEOBJECT");
    for (const a of USER_DEFINED_ATTRS) {
      if (!isType && a !== "ObjectType") continue;
      if (isType && a === "ObjectType") continue;
      const v = model.str(id, a);
      if (v !== undefined) {
        p = v;
        break;
      }
    }
    if (p === "USERDEFINED") p = undefined;
  }
  return p;
}

/** The effective predefined type of an element (type object first), or undefined. */
export function predefinedTypeOf(model: IfcModel, id: number): string | undefined {
  const typeObj = model.typeObjectOf(id);
  if (typeObj !== undefined && typeObj !== id) {
    const p = ownPredefined(model, typeObj);
    if (p && p !== "NOTDEFINED") return p;
  }
  return ownPredefined(model, id);
}

/** Does the element's class and predefined type match an entity spec (name + type)? */
export function entityMatches(
  model: IfcModel,
  id: number,
  facet: { name: EntityFacet["name"]; predefinedType?: EntityFacet["predefinedType"] },
): Outcome {
  const cls = model.typeOf(id);
  if (!nameMatchesMemo(facet.name, cls)) {
    return fail(`the entity class is ${cls}, expected ${showIds(facet.name)}`);
  }
  if (facet.predefinedType) {
    const p = predefinedTypeOf(model, id);
    // USERDEFINED itself also matches an element whose predefined type is USERDEFINED.
    const raw = model.enumValue(id, "PredefinedType");
    const ok = (p !== undefined && nameMatchesMemo(facet.predefinedType, p)) ||
      (raw === "USERDEFINED" && nameMatchesMemo(facet.predefinedType, raw));
    if (!ok) {
      return fail(
        `${
          p === undefined ? "the element has no predefined type" : `the predefined type is '${p}'`
        }, expected ${showIds(facet.predefinedType)}`,
      );
    }
  }
  return PASS;
}

export function entityChecker(model: IfcModel, facet: EntityFacet): FacetChecker {
  return {
    candidates() {
      const names = facet.name.kind === "simple"
        ? [facet.name.value]
        : model.step.typeNames.filter((t) => nameMatches(facet.name, t));
      return model.step.idsOfTypes(names);
    },
    applies: (id) => entityMatches(model, id, facet).ok,
    check: (id) => entityMatches(model, id, facet),
  };
}
