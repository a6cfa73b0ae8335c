/**
 * Audit of property facets against buildingSMART's standard sets (psets.ts): a property of a
 * standard `Pset_`/`Qto_` set must exist in it (a miss names the sets that do define it and
 * the nearest name in the set), its `dataType` must be the one the set defines and an
 * enumerated property's value must be one of its values; custom sets must not use the
 * reserved prefixes. IFC2X3 `Qto_` sets are checked against IFC4's, with a warning.
 * Independently of sets: the `dataType` must be an IFC defined type (measure) of every listed
 * version, written upper case; a value needs a `dataType`; an optional property needs one too
 * and a prohibited one must not have one (IDS implementation agreements); the value must be of
 * the data type's kind.
 *
 * @module
 */
import type { IdsValue, PropertyFacet } from "../../ids/model.ts";
import { nameMatches } from "../../ids/match.ts";
import { closest } from "../../ids/suggest.ts";
import type { Schema } from "../../schema/schema.ts";
import {
  type CheckedSets,
  checkedSets,
  type PropertyDef,
  type PsetDef,
} from "../../schema/psets.ts";
import { type AuditContext, showValue, suggestionText, versionName } from "../context.ts";
import { propertyHolders, type TypeConstraint, withSubtypes } from "../types.ts";
import { auditRestriction, auditValueAgainst, familyOf } from "../values.ts";

const RESERVED = ["Pset_", "Qto_"];

/** The names a value lists explicitly (a simple value or enumeration values), else undefined. */
function listedNames(v: IdsValue): string[] | undefined {
  if (v.kind === "simple") return [v.value];
  const e = v.facets.filter((f) => f.kind === "enumeration").map((f) => f.value);
  return e.length ? e : undefined;
}

/** Defined types usable as a property data type (not enumerations or selects). */
function dataTypes(s: Schema): string[] {
  return [...s.types.entries()].filter(([, d]) => d.kind === "defined").map(([k]) => k);
}

function auditDataType(ctx: AuditContext, f: PropertyFacet, path: string): void {
  const dt = f.dataType!;
  const upper = dt.toUpperCase();
  // Defined types and measures, and enumeration types (predefined properties such as
  // IFCDOORPANELOPERATIONENUM); selects are not values.
  const missing = ctx.schemas.filter((s) => {
    const k = s.types.get(upper)?.kind;
    return k !== "defined" && k !== "enum";
  });
  if (missing.length) {
    const suggestion = closest(upper, dataTypes(missing[0]));
    ctx.error(
      path,
      "unknown_data_type",
      `'${dt}' is not an IFC data type (defined type or measure) of ${
        missing.map(versionName).join(", ")
      }${suggestionText(suggestion)}`,
      suggestion,
    );
    return;
  }
  if (dt !== upper) {
    ctx.error(
      path,
      "unknown_data_type",
      `IDS data types are upper case: '${dt}' must be written ${upper}`,
      upper,
    );
  }
  if (f.value) {
    const s = ctx.schemas[0];
    const def = s.types.get(upper)!;
    const family = def.kind === "enum" ? "string" : familyOf(def.primitive!, upper);
    if (family) {
      auditValueAgainst(ctx, f.value, { family, label: `data type ${upper}` }, path + "/value");
    }
  }
}

/** True when a name value says which names it means (values, enumerations or patterns). */
function namesSomething(v: IdsValue): boolean {
  return v.kind === "simple" ||
    v.facets.some((f) => f.kind === "enumeration" || f.kind === "pattern");
}

/** Standard sets an IDS property set name can match in a schema. */
function standardSets(sets: CheckedSets, name: IdsValue): PsetDef[] {
  const listed = listedNames(name);
  if (listed) return listed.map((n) => sets.get(n)).filter((d) => d !== undefined);
  // A restriction with neither values nor patterns (only lengths, say) names no set.
  if (!namesSomething(name)) return [];
  return sets.all().filter((d) => nameMatches(name, d.name));
}

/** At most this many classes count as "the applicable classes" for naming sets. */
const FEW_CLASSES = 8;

/** `A, B, C and 4 more` for set names in messages. */
function someNames(sets: readonly PsetDef[], max = 3): string {
  const names = sets.slice(0, max).map((d) => d.name).join(", ");
  return sets.length > max ? `${names} and ${sets.length - max} more` : names;
}

/** Camel-case words of a property name: NetFloorArea → net, floor, area. */
function words(name: string): string[] {
  return name.split(/(?<=[a-z0-9])(?=[A-Z])|[_\s]+/).filter(Boolean).map((w) => w.toLowerCase());
}

/**
 * The property of the set nearest to `name`: by edit distance, else the one sharing the most
 * words, at least two (NetFloorArea → NetPlannedArea), so a near name is named even when
 * it is spelled quite differently.
 */
function nearInSet(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const near = closest(name, list);
  if (near !== undefined) return near;
  const mine = new Set(words(name));
  let best: string | undefined;
  let shared = 1;
  for (const c of list) {
    const n = new Set(words(c)).intersection(mine).size;
    if (n > shared) [best, shared] = [c, n];
  }
  return best;
}

/**
 * Where a property a set does not have is defined instead: the standard sets for the
 * applicable classes that define it, else a few sets anywhere that do (empty when none).
 */
function elsewhereText(
  sets: CheckedSets,
  name: string,
  named: readonly PsetDef[],
  classes: ReadonlySet<string> | undefined,
): string {
  const defining = sets.defining(name).filter((d) => !named.includes(d));
  if (!defining.length) return "";
  const few = classes && classes.size <= FEW_CLASSES ? [...classes] : undefined;
  if (few) {
    const fitting = defining.filter((d) => few.some((c) => sets.appliesTo(d, c)));
    if (fitting.length) {
      return `; '${name}' is in ${someNames(fitting)}, which ${
        fitting.length === 1 ? "applies" : "apply"
      } to ${few.join(", ")}`;
    }
    return `; '${name}' is in ${someNames(defining)}, none of them for ${few.join(", ")}`;
  }
  return `; '${name}' is in ${someNames(defining)}`;
}

/** Data types a standard property accepts (undefined: not checkable, e.g. references). */
function acceptedDataTypes(p: PropertyDef): string[] | undefined {
  if (p.kind === "reference" || p.kind === "complex" || !p.dataType) return undefined;
  return p.secondaryDataType ? [p.dataType, p.secondaryDataType] : [p.dataType];
}

function auditStandardSet(
  ctx: AuditContext,
  f: PropertyFacet,
  path: string,
  applicable: TypeConstraint | undefined,
): TypeConstraint | undefined {
  let constraint: TypeConstraint | undefined;
  // As in IDS-Audit-tool, only a required property must fit the standard set exactly; for an
  // optional or prohibited one a mismatch is reported as a warning.
  const required = f.cardinality !== "optional" && f.cardinality !== "prohibited";
  const report = required ? ctx.error.bind(ctx) : ctx.warning.bind(ctx);
  for (const s of ctx.schemas) {
    const table = checkedSets(s.name);
    const sets = standardSets(table, f.propertySet);
    const listed = listedNames(f.propertySet);
    // IFC2X3 has no quantity-set templates: its Qto_ sets are checked against IFC4's.
    const borrowed = sets.some((d) => table.borrowed(d));
    const ifc4Qto = "IFC4 (IFC2X3 has no quantity-set templates)";
    const where = borrowed ? ifc4Qto : versionName(s);
    if (borrowed) {
      ctx.warning(
        path + "/propertySet",
        "qto_checked_against_ifc4",
        `IFC2X3 has no official quantity-set templates: ${
          someNames(sets.filter((d) => table.borrowed(d)))
        } is checked against its IFC4 definition`,
      );
    }
    for (const n of listed ?? []) {
      const prefix = RESERVED.find((p) => n.startsWith(p));
      if (!prefix || table.get(n)) continue;
      const suggestion = closest(n, table.all().map((d) => d.name));
      report(
        path + "/propertySet",
        "reserved_prefix",
        `'${n}' is not a standard property set of ${
          prefix === "Qto_" && s.name === "IFC2X3" ? ifc4Qto : versionName(s)
        }, and custom sets must not ` +
          `start with '${prefix}' (reserved for buildingSMART's sets)${suggestionText(suggestion)}`,
        suggestion,
      );
    }
    if (!sets.length) continue;
    // Which properties of those sets the base name can be.
    const props = new Map<string, PropertyDef[]>();
    for (const set of sets) {
      for (const p of set.properties) props.set(p.name, [...(props.get(p.name) ?? []), p]);
    }
    const names = listedNames(f.baseName);
    const matched: PropertyDef[] = [];
    const setNames = sets.map((d) => d.name).slice(0, 3).join(", ") +
      (sets.length > 3 ? ", …" : "");
    if (names) {
      for (const n of names) {
        const hit = props.get(n);
        if (hit) {
          matched.push(...hit);
          continue;
        }
        const suggestion = nearInSet(n, props.keys());
        const elsewhere = elsewhereText(table, n, sets, applicable?.get(s.name));
        report(
          path + "/baseName",
          "unknown_property",
          `${setNames} has no property '${n}' in ${where}${elsewhere}${
            suggestion === undefined
              ? ""
              : elsewhere
              ? `; the nearest name in ${setNames} is '${suggestion}'`
              : suggestionText(suggestion)
          }`,
          suggestion,
        );
      }
    } else if (namesSomething(f.baseName)) {
      for (const [n, defs] of props) if (nameMatches(f.baseName, n)) matched.push(...defs);
      if (!matched.length) {
        report(
          path + "/baseName",
          "unknown_property",
          `no property of ${setNames} matches ${showValue(f.baseName)} in ${where}`,
        );
      }
    }
    if (!matched.length) continue;
    // The data type must be the one the set defines.
    if (f.dataType) {
      const accepted = matched.map(acceptedDataTypes);
      if (accepted.every((a) => a !== undefined)) {
        const all = new Set(accepted.flat() as string[]);
        if (!all.has(f.dataType.toUpperCase())) {
          const suggestion = [...all][0];
          report(
            path,
            "wrong_data_type",
            `${matched[0].name} of ${setNames} is ${
              [...all].join(" or ")
            } in ${where}, not ${f.dataType}${suggestionText(suggestion)}`,
            suggestion,
          );
        }
      }
    }
    // An enumerated property only takes its enumeration's values.
    if (f.value && matched.every((p) => p.kind === "enumerated" && p.values)) {
      const values = new Set(matched.flatMap((p) => p.values!));
      const given = listedNames(f.value);
      for (const v of given ?? []) {
        if (values.has(v)) continue;
        const suggestion = closest(v, values);
        // Only the case differs (IFC2X3 templates write 'NotKnown', IFC4 'NOTKNOWN'): models
        // follow either, so warn rather than refuse.
        const caseOnly = suggestion?.toLowerCase() === v.toLowerCase();
        (caseOnly ? ctx.warning.bind(ctx) : report)(
          path + "/value",
          "value_not_allowed",
          `'${v}' is not a value of ${matched[0].name} in ${where}: ${[...values].join(", ")}${
            suggestionText(suggestion)
          }`,
          suggestion,
        );
      }
    }
    // Where the sets apply: their classes, their subtypes and the matching type objects. An
    // IFC4 set standing in for IFC2X3 names IFC4 classes: no constraint from it.
    if (required && !borrowed) {
      const names = new Set<string>();
      for (const set of sets) {
        for (const a of set.applicableEntities) {
          const upper = a.entity.toUpperCase();
          names.add(upper);
          if (s.entities.has(upper + "TYPE")) names.add(upper + "TYPE");
          if (upper.endsWith("TYPE") && s.entities.has(upper.slice(0, -4))) {
            names.add(upper.slice(0, -4));
          }
        }
      }
      constraint ??= new Map();
      constraint.set(s.name, withSubtypes(s, [...names]));
    }
  }
  return constraint;
}

/** Audits one property facet; returns the classes it can be about (required facets only). */
export function auditPropertyFacet(
  ctx: AuditContext,
  f: PropertyFacet,
  path: string,
  /** The classes the facets before this one allow (names sets "for the applicable class"). */
  applicable?: TypeConstraint,
): TypeConstraint | undefined {
  const emptySet = auditRestriction(ctx, f.propertySet, path + "/propertySet", "name");
  const emptyName = auditRestriction(ctx, f.baseName, path + "/baseName", "name");
  auditRestriction(ctx, f.value, path + "/value", "value");
  if (f.cardinality === "optional" && !f.dataType) {
    ctx.error(
      path,
      "bad_cardinality",
      "an optional property needs a dataType (IDS implementation agreement)",
    );
  }
  if (f.cardinality === "prohibited" && f.dataType) {
    ctx.error(
      path,
      "bad_cardinality",
      "a prohibited property must not have a dataType (IDS implementation agreement)",
    );
  }
  if (f.value && !f.dataType) {
    ctx.error(
      path,
      "value_without_data_type",
      'a property with a value needs a dataType, e.g. dataType="IFCLABEL"',
    );
  }
  if (f.dataType) auditDataType(ctx, f, path);
  // An empty set or property name is said once, not looked up in the standard sets too.
  const standard = emptySet || emptyName ? undefined : auditStandardSet(ctx, f, path, applicable);
  if (f.cardinality === "optional" || f.cardinality === "prohibited") return undefined;
  return new Map(ctx.schemas.map((s) => [s.name, standard?.get(s.name) ?? propertyHolders(s)]));
}
