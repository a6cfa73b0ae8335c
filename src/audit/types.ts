/**
 * Type constraints: the IFC entities a facet can be about, per schema (upper-case names). An
 * entity facet allows exactly the classes it names; a required property of a standard set
 * allows the set's applicable entities; a classification, material or partOf requirement
 * allows the classes its relationship can hold. When the applicability and the requirements
 * allow no common class, no model can ever meet the specification.
 *
 * @module
 */
import type { Schema, SchemaName } from "../schema/schema.ts";

/** Allowed upper-case entity names per schema family; a missing family means unconstrained. */
export type TypeConstraint = Map<SchemaName, ReadonlySet<string>>;

const subtypeCache = new Map<string, ReadonlySet<string>>();

/** Upper-case names of the given classes and all their subtypes (names unknown are skipped). */
export function withSubtypes(schema: Schema, names: readonly string[]): ReadonlySet<string> {
  const key = `${schema.name}:${names.join(",")}`;
  let out = subtypeCache.get(key);
  if (!out) {
    const set = new Set<string>();
    for (const n of names) for (const s of schema.withSubtypes(n)) set.add(s);
    out = set;
    subtypeCache.set(key, out);
  }
  return out;
}

/** The classes both constraints allow, per schema (unconstrained sides pass the other). */
export function intersect(a: TypeConstraint | undefined, b: TypeConstraint | undefined) {
  if (!a) return b;
  if (!b) return a;
  const out: TypeConstraint = new Map(a);
  for (const [schema, names] of b) {
    const mine = a.get(schema);
    out.set(schema, mine ? new Set([...mine].filter((n) => names.has(n))) : names);
  }
  return out;
}

/** Schemas in which the constraint allows no class at all. */
export function emptyIn(c: TypeConstraint | undefined): SchemaName[] {
  if (!c) return [];
  return [...c].filter(([, names]) => names.size === 0).map(([s]) => s);
}

/** A short description of the allowed classes for messages. */
export function describe(names: ReadonlySet<string> | undefined): string {
  if (!names) return "any class";
  const list = [...names];
  return list.length > 5 ? `${list.length} classes` : list.join(", ") || "no class";
}

/**
 * Classes that can be classified or given a material: IfcRelAssociates*.RelatedObjects, and
 * resources (materials, profiles, people …) through external reference relationships.
 */
export function associable(schema: Schema): ReadonlySet<string> {
  return schema.name === "IFC2X3"
    ? withSubtypes(schema, ["IFCROOT", "IFCMATERIAL"])
    : withSubtypes(schema, [
      "IFCOBJECTDEFINITION",
      "IFCPROPERTYDEFINITION",
      "IFCMATERIALDEFINITION",
      "IFCPROFILEDEF",
      "IFCPROPERTYABSTRACTION",
      "IFCACTORROLE",
      "IFCAPPLIEDVALUE",
      "IFCAPPROVAL",
      "IFCCONSTRAINT",
      "IFCEXTERNALINFORMATION",
      "IFCEXTERNALREFERENCE",
      "IFCORGANIZATION",
      "IFCPERSON",
      "IFCPERSONANDORGANIZATION",
      "IFCPHYSICALQUANTITY",
      "IFCSHAPEASPECT",
      "IFCTIMESERIES",
      "IFCCONTEXTDEPENDENTUNIT",
      "IFCCONVERSIONBASEDUNIT",
    ]);
}

/** Classes that can carry property sets (occurrences, types, materials, profiles). */
export function propertyHolders(schema: Schema): ReadonlySet<string> {
  return schema.name === "IFC2X3"
    ? withSubtypes(schema, ["IFCOBJECT", "IFCTYPEOBJECT", "IFCMATERIAL", "IFCPROFILEDEF"])
    : withSubtypes(schema, ["IFCOBJECTDEFINITION", "IFCMATERIALDEFINITION", "IFCPROFILEDEF"]);
}
