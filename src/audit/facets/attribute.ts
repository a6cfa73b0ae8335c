/**
 * Audit of attribute facets: the name must be an explicit attribute of the applicable classes
 * (case-sensitive, as IDS compares), a value must be comparable with the attribute's type (no
 * values for objects, lists and selects; dates for IfcDateTime; one of the enumeration's
 * values), and an optional attribute needs a value (without one it is always satisfied).
 *
 * @module
 */
import type { AttributeFacet } from "../../ids/model.ts";
import { nameMatches } from "../../ids/match.ts";
import { closest } from "../../ids/suggest.ts";
import type { AttributeDef, EntityDef, Schema } from "../../schema/schema.ts";
import { type AuditContext, showValue, suggestionText, versionName } from "../context.ts";
import { type TypeConstraint, withSubtypes } from "../types.ts";
import { auditRestriction, familyOf, type ValueProblem, valueProblems } from "../values.ts";

function isEmptyValue(v: AttributeFacet["value"]): boolean {
  if (!v) return true;
  if (v.kind === "simple") return v.value === "";
  return v.facets.length === 0 || v.facets.every((f) => f.kind === "pattern" && f.value === "");
}

/** Audits one attribute facet; returns the classes that have a matching attribute. */
export function auditAttributeFacet(
  ctx: AuditContext,
  f: AttributeFacet,
  applicable: TypeConstraint | undefined,
  path: string,
  location: "applicability" | "requirements",
): TypeConstraint {
  const optionalEmpty = location === "requirements" && f.cardinality === "optional" &&
    isEmptyValue(f.value);
  const emptyName = auditRestriction(ctx, f.name, path + "/name", "name");
  // An optional attribute with an empty value gets the cardinality finding, not both.
  auditRestriction(ctx, f.value, path + "/value", "value", { emptyAllowed: optionalEmpty });
  if (optionalEmpty) {
    ctx.error(
      path,
      "bad_cardinality",
      "an optional attribute needs a value: without one the requirement is always met",
    );
  }
  if (emptyName) return new Map(ctx.schemas.map((s) => [s.name, new Set<string>()]));
  const matched: { schema: Schema; entity: EntityDef; attr: AttributeDef }[] = [];
  const holders: TypeConstraint = new Map();
  const allNames = new Set<string>();
  for (const s of ctx.schemas) {
    const scope = applicable?.get(s.name);
    const defs = scope
      ? [...scope].map((e) => s.entities.get(e)).filter((e) => e !== undefined)
      : [...s.entities.values()];
    const held = new Set<string>();
    for (const e of defs) {
      for (const a of e.attributes) {
        allNames.add(a.name);
        const hit = f.name.kind === "simple"
          ? a.name === f.name.value
          : nameMatches(f.name, a.name);
        if (hit) {
          matched.push({ schema: s, entity: e, attr: a });
          held.add(e.upper);
        }
      }
    }
    holders.set(s.name, scope ? held : withSubtypes(s, [...held]));
  }
  const caseOnly = f.name.kind === "simple" && !matched.length
    ? [...allNames].find((n) =>
      n.toLowerCase() === (f.name as { value: string }).value.toLowerCase()
    )
    : undefined;
  if (caseOnly !== undefined) {
    // IDS-Audit-tool accepts this; the checker compares names case-sensitively, so warn.
    ctx.warning(
      path + "/name",
      "unknown_attribute",
      `attribute names are case-sensitive: ${
        showValue(f.name)
      } will never match; did you mean ${caseOnly}?`,
      caseOnly,
    );
    return holders;
  }
  const classes = [...new Set([...(applicable?.values() ?? [])].flatMap((n) => [...n]))];
  const on = classes.length
    ? ` of ${classes.slice(0, 5).join(", ")}${classes.length > 5 ? ", …" : ""}`
    : "";
  if (!matched.length) {
    const suggestion = f.name.kind === "simple" ? closest(f.name.value, allNames) : undefined;
    ctx.error(
      path + "/name",
      "unknown_attribute",
      `${showValue(f.name)} is not an attribute${on} in ${ctx.versions}` +
        ` (attribute names are case-sensitive; derived and inverse attributes cannot be checked)` +
        suggestionText(suggestion),
      suggestion,
    );
    return holders;
  }
  // Every listed IFC version must know the attribute.
  const missing = ctx.schemas.filter((s) =>
    (applicable?.get(s.name)?.size ?? 1) > 0 && !matched.some((m) => m.schema === s)
  );
  if (missing.length) {
    ctx.error(
      path + "/name",
      "unknown_attribute",
      `${showValue(f.name)} is not an attribute${on} in ${missing.map(versionName).join(", ")}` +
        `, so no ${classes.length ? "applicable entity" : "entity"} of that version can meet it`,
    );
  }
  if (!f.value) return holders;
  // The value must suit at least one attribute it may be compared with.
  const problems: ValueProblem[] = [];
  const seen = new Set<string>();
  for (const { schema, attr } of matched) {
    const key = `${schema.name}:${attr.name}:${attr.type.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const p = attributeValueProblems(f.value, attr, schema);
    if (!p.length) return holders;
    problems.push(...p);
  }
  const unique = new Map(problems.map((p) => [p.message, p]));
  for (const p of unique.values()) {
    ctx.error(path + "/value", p.code ?? "wrong_value_type", p.message, p.suggestion);
  }
  return holders;
}

function attributeValueProblems(
  value: NonNullable<AttributeFacet["value"]>,
  attr: AttributeDef,
  schema: Schema,
): ValueProblem[] {
  let t = attr.type;
  // A list is compared item by item: its items decide.
  while (t.kind === "list") t = t.of;
  const label = (typeName: string) => `attribute ${attr.name} (${typeName})`;
  switch (t.kind) {
    case "select": {
      // A select of values (IfcValue, IfcMeasureValue …) holds typed values the checker
      // compares; the value must suit one of them.
      const defined = schema.selectMembers(t.name)
        .map((m) => schema.types.get(m.replace(/^#/, "").toUpperCase()))
        .filter((d) => d !== undefined && d.kind !== "select");
      if (defined.length) {
        const families = new Set(
          defined.map((d) => d!.kind === "enum" ? "string" : familyOf(d!.primitive!, d!.name)),
        );
        if (families.has(undefined)) return [];
        const all = [...families].map((fam) =>
          valueProblems(value, { family: fam!, label: label(t.name) })
        );
        return all.some((p) => p.length === 0) ? [] : all[0];
      }
      return [{
        message: `attribute ${attr.name} holds a select of objects (${t.name}), which cannot be ` +
          "compared with a value; leave the value out to require that it is set",
      }];
    }
    case "entity": {
      const holds = `an object (${t.name})`;
      return [{
        message: `attribute ${attr.name} holds ${holds}, which cannot be compared with a value; ` +
          "leave the value out to require that it is set",
      }];
    }
    case "enum": {
      if (value.kind === "simple") {
        if (t.values.includes(value.value) || value.value === "") return [];
        const suggestion = closest(value.value, t.values);
        return [{
          message: `'${value.value}' is not a value of ${t.name} (attribute ${attr.name}): ` +
            `${t.values.slice(0, 12).join(", ")}${t.values.length > 12 ? ", …" : ""}${
              suggestionText(suggestion)
            }`,
          suggestion,
        }];
      }
      return valueProblems(value, { family: "string", label: label(t.name) });
    }
    case "defined":
    case "primitive": {
      const family = familyOf(t.primitive, t.kind === "defined" ? t.name : undefined);
      if (!family) return [];
      return valueProblems(value, {
        family,
        label: label(t.kind === "defined" ? t.name : t.primitive),
      });
    }
  }
}
