/**
 * Audit of entity names (in entity and partOf facets) and predefined types: names must be IFC
 * classes of every IFC version the specification lists (upper case, as IDS writes them), every
 * enumerated name must exist, a pattern must match at least one class, and a predefined type
 * must be one of the class's PredefinedType values (any value when USERDEFINED is allowed).
 *
 * @module
 */
import type { EntityFacet, IdsValue } from "../../ids/model.ts";
import { nameMatches } from "../../ids/match.ts";
import { closest } from "../../ids/suggest.ts";
import type { Schema } from "../../schema/schema.ts";
import type { Finding } from "../../ids/errors.ts";
import { AuditContext, showValue, suggestionText, versionName } from "../context.ts";
import type { TypeConstraint } from "../types.ts";
import { auditRestriction } from "../values.ts";

/** What auditing one restricted entity name gave, to replay at another path. */
interface EntityNameAudit {
  readonly classes: TypeConstraint;
  /** The findings, their paths relative to the name's path. */
  readonly findings: readonly Finding[];
}

/**
 * Audits of restricted entity names by schemas and value. A restriction (an enumeration of
 * classes, a pattern) is matched against every class of every schema, thousands of tests; big
 * documents repeat the same few restrictions in thousands of specifications. The audit is a
 * pure function of the value and the schemas, so each is done once per process (bounded).
 */
const entityNameAudits = new Map<string, EntityNameAudit>();
const ENTITY_NAME_AUDITS_MAX = 4096;

/** The classes (upper case, per schema) an entity name can match; findings for bad names. */
export function auditEntityName(ctx: AuditContext, name: IdsValue, path: string): TypeConstraint {
  if (name.kind === "simple") return auditEntityNameOnce(ctx, name, path);
  const key = JSON.stringify([ctx.schemas.map((s) => s.name), name]);
  let done = entityNameAudits.get(key);
  if (!done) {
    const findings: Finding[] = [];
    const classes = auditEntityNameOnce(new AuditContext(findings, ctx.schemas, ""), name, "");
    done = { classes, findings };
    if (entityNameAudits.size >= ENTITY_NAME_AUDITS_MAX) entityNameAudits.clear();
    entityNameAudits.set(key, done);
  }
  const base = ctx.path + path;
  for (const f of done.findings) ctx.findings.push({ ...f, path: base + (f.path ?? "") });
  return new Map(done.classes);
}

function auditEntityNameOnce(ctx: AuditContext, name: IdsValue, path: string): TypeConstraint {
  const out: TypeConstraint = new Map();
  if (auditRestriction(ctx, name, path, "name")) {
    // An empty name matches no class; said once, not also as an unknown entity.
    for (const s of ctx.schemas) out.set(s.name, new Set());
    return out;
  }
  const unknownIn = (value: string) => ctx.schemas.filter((s) => !s.entities.has(value));
  const reportUnknown = (value: string, where: string) => {
    const missing = unknownIn(value);
    if (!missing.length) return;
    const s = missing[0];
    const suggestion = closest(value, s.entities.keys());
    const known = ctx.schemas.filter((x) => x.entities.has(value));
    ctx.error(
      path,
      "unknown_entity",
      `unknown IFC entity ${where}'${value}' in ${missing.map(versionName).join(", ")}${
        known.length ? ` (it exists only in ${known.map(versionName).join(", ")})` : ""
      }${
        suggestion?.toLowerCase() === value.toLowerCase() ? " (entity names are upper case)" : ""
      }${suggestionText(suggestion !== value ? suggestion : undefined)}`,
      suggestion !== value ? suggestion : undefined,
    );
  };
  if (name.kind === "simple") {
    reportUnknown(name.value, "");
    for (const s of ctx.schemas) {
      out.set(s.name, s.entities.has(name.value) ? new Set([name.value]) : new Set());
    }
    return out;
  }
  const enums = name.facets.filter((f) => f.kind === "enumeration");
  for (const f of enums) reportUnknown(f.value, "(enumeration value) ");
  for (const s of ctx.schemas) {
    const hits = new Set<string>();
    for (const n of s.entities.keys()) if (nameMatches(name, n)) hits.add(n);
    out.set(s.name, hits);
    if (!hits.size && !enums.length) {
      ctx.error(
        path,
        "unknown_entity",
        `no IFC entity of ${versionName(s)} matches ${
          showValue(name)
        } (entity names are upper case, e.g. IFCWALL)`,
      );
    }
  }
  return out;
}

/** PredefinedType values of a class, or undefined when it has no PredefinedType attribute. */
function predefinedValues(s: Schema, upper: string): readonly string[] | undefined {
  const a = s.entity(upper)?.byName.get("PredefinedType");
  if (!a) return undefined;
  return a.type.kind === "enum" ? a.type.values : [];
}

/** Audits a predefined type against the classes the entity name matched. */
export function auditPredefinedType(
  ctx: AuditContext,
  classes: TypeConstraint,
  predefinedType: IdsValue | undefined,
  path: string,
): void {
  if (!predefinedType) return;
  // An empty predefined type is allowed (IDS-Audit-tool's validEmptyPredefinedType.ids).
  if (auditRestriction(ctx, predefinedType, path, "name", { emptyAllowed: true })) return;
  for (const s of ctx.schemas) {
    const names = classes.get(s.name);
    if (!names?.size) continue;
    const without = [...names].filter((n) => predefinedValues(s, n) === undefined);
    if (without.length === names.size) {
      ctx.error(
        path,
        "no_predefined_type",
        `${[...names].slice(0, 5).join(", ")}${names.size > 5 ? ", …" : ""} ${
          names.size === 1 ? "has" : "have"
        } no PredefinedType in ${versionName(s)}`,
      );
      continue;
    }
    const values = new Set<string>();
    for (const n of names) for (const v of predefinedValues(s, n) ?? []) values.add(v);
    const candidates = predefinedType.kind === "simple"
      ? [predefinedType.value]
      : predefinedType.facets.filter((f) => f.kind === "enumeration").map((f) => f.value);
    if (values.has("USERDEFINED")) {
      // Any value can be user defined (ObjectType); a near miss of a standard value is
      // probably a typo, so say so without refusing the document.
      for (const c of candidates) {
        const suggestion = values.has(c) ? undefined : closest(c, values);
        if (suggestion === undefined) continue;
        ctx.warning(
          path,
          "unknown_predefined_type",
          `'${c}' is not a standard predefined type of ${[...names].slice(0, 3).join(", ")} in ${
            versionName(s)
          }; it only matches a user-defined type (ObjectType '${c}')${suggestionText(suggestion)}`,
          suggestion,
        );
      }
      continue;
    }
    if (predefinedType.kind === "restriction" && !candidates.length) {
      if (![...values].some((v) => nameMatches(predefinedType, v))) {
        ctx.error(
          path,
          "unknown_predefined_type",
          `${showValue(predefinedType)} matches no predefined type of ${[...names].join(", ")} ` +
            `in ${versionName(s)}`,
        );
      }
      continue;
    }
    for (const c of candidates) {
      if (values.has(c)) continue;
      const suggestion = closest(c, values);
      ctx.error(
        path,
        "unknown_predefined_type",
        `'${c}' is not a predefined type of ${[...names].slice(0, 3).join(", ")} in ${
          versionName(s)
        } (allowed: ${[...values].slice(0, 12).join(", ")}${values.size > 12 ? ", …" : ""})${
          suggestionText(suggestion)
        }`,
        suggestion,
      );
    }
  }
}

/** Audits an entity facet; returns the classes it matches (exactly, as IDS 1.0 matches). */
export function auditEntityFacet(ctx: AuditContext, f: EntityFacet, path: string): TypeConstraint {
  const classes = auditEntityName(ctx, f.name, path + "/name");
  auditPredefinedType(ctx, classes, f.predefinedType, path + "/predefinedType");
  return classes;
}
