/**
 * IFC schema knowledge as JSON for the look-up tools (`describe_ifc_entity`,
 * `list_property_sets`) and the `ifc://schema/…` resources: an entity's supertypes,
 * attributes, predefined types and the standard property and quantity sets that apply to it,
 * and the standard sets themselves. Unknown names are errors that suggest the closest one.
 *
 * @module
 */
import { IdsError } from "../ids/errors.ts";
import {
  type AttrType,
  type EntityDef,
  getSchema,
  type Schema,
  type SchemaName,
} from "../schema/schema.ts";
import { getPsets, type PropertyDef, type PsetDef } from "../schema/psets.ts";
import { closest } from "../ids/suggest.ts";

/** The IFC versions the look-ups accept, as IDS spells them, and their schema family. */
const VERSIONS: Record<string, SchemaName> = {
  IFC2X3: "IFC2X3",
  IFC4: "IFC4",
  IFC4X3_ADD2: "IFC4X3",
  IFC4X3: "IFC4X3",
};

/** The schema family of an IFC version (IFC2X3, IFC4, IFC4X3_ADD2 or IFC4X3). */
export function schemaOfVersion(version: string): SchemaName {
  const family = VERSIONS[version.trim().toUpperCase()];
  if (!family) {
    throw new IdsError(
      "invalid_argument",
      `ifc_version '${version}' is not one of IFC2X3, IFC4, IFC4X3_ADD2 (or IFC4X3)`,
    );
  }
  return family;
}

/** The entity `name` (any case) of `schema`, or a not_found error with a suggestion. */
export function findEntity(schema: Schema, name: string): EntityDef {
  const def = schema.entity(name.trim());
  if (def) return def;
  const near = closest(name.trim().toUpperCase(), [...schema.entities.keys()]);
  const elsewhere = (["IFC2X3", "IFC4", "IFC4X3"] as const)
    .filter((s) => s !== schema.name && getSchema(s).entity(name.trim()));
  throw new IdsError(
    "not_found",
    `unknown IFC entity '${name}' in ${schema.name}` +
      (elsewhere.length
        ? `; it exists in ${elsewhere.join(", ")}`
        : near
        ? `; did you mean '${near}'?`
        : ""),
  );
}

/** A property of a standard set as JSON. */
export function propertyJson(p: PropertyDef): Record<string, unknown> {
  return {
    name: p.name,
    kind: p.kind,
    data_type: p.dataType ?? null,
    ...(p.values ? { allowed_values: [...p.values] } : {}),
  };
}

/** A standard set as JSON, with its properties when `withProperties`. */
export function psetJson(s: PsetDef, withProperties = true): Record<string, unknown> {
  return {
    name: s.name,
    kind: s.kind,
    applicable_entities: s.applicableEntities.map((a) =>
      a.predefinedType ? `${a.entity}/${a.predefinedType}` : a.entity
    ),
    properties: withProperties ? s.properties.map(propertyJson) : s.properties.map((p) => p.name),
  };
}

function typeText(t: AttrType): string {
  switch (t.kind) {
    case "list":
      return `LIST OF ${typeText(t.of)}`;
    case "primitive":
      return t.primitive.toUpperCase();
    default:
      return t.name;
  }
}

/** The values of an entity's PredefinedType, else of its type class's (IfcWall → IfcWallType). */
function predefinedTypes(schema: Schema, def: EntityDef): string[] {
  const own = def.byName.get("PredefinedType")?.type ??
    schema.entity(`${def.upper}TYPE`)?.byName.get("PredefinedType")?.type;
  return own?.kind === "enum" ? [...own.values] : [];
}

/**
 * The standard sets that apply to an entity (or a supertype, or for a type class its
 * occurrence class), each with the predefined type it is restricted to (null: all of them).
 */
function setsFor(
  family: SchemaName,
  def: EntityDef,
  types: readonly string[],
): { set: PsetDef; predefinedType: string | null }[] {
  const psets = getPsets(family);
  const out: { set: PsetDef; predefinedType: string | null }[] = psets.forEntity(def.upper)
    .map((set) => ({ set, predefinedType: null }));
  const seen = new Set(out.map((s) => s.set));
  for (const t of types) {
    for (const set of psets.forEntity(def.upper, t)) {
      if (seen.has(set)) continue;
      seen.add(set);
      out.push({ set, predefinedType: t });
    }
  }
  return out;
}

/** `describe_ifc_entity`: everything an IDS author needs to know about one entity. */
export function describeEntity(version: string, name: string): Record<string, unknown> {
  const family = schemaOfVersion(version);
  const schema = getSchema(family);
  const def = findEntity(schema, name);
  const supertypes: string[] = [];
  for (let p = def.parent; p; p = p.parent) supertypes.push(p.name);
  const definedIn = (index: number) => {
    let owner = def;
    while (owner.parent && index < owner.parent.attributes.length) owner = owner.parent;
    return owner.name;
  };
  const types = predefinedTypes(schema, def);
  const sets = setsFor(family, def, types);
  const json = (kind: PsetDef["kind"]) =>
    sets.filter((s) => s.set.kind === kind).map(({ set, predefinedType }) => ({
      ...psetJson(set),
      predefined_type: predefinedType,
    }));
  return {
    entity: def.name,
    ifc_name: def.upper,
    ifc_version: version.trim().toUpperCase(),
    schema: family,
    supertypes,
    subtypes: def.subtypes.map((s) => s.name).sort(),
    attributes: def.attributes.map((a) => ({
      name: a.name,
      type: typeText(a.type),
      kind: a.type.kind,
      optional: a.optional,
      defined_in: definedIn(a.index),
      ...(a.type.kind === "enum" ? { allowed_values: [...a.type.values] } : {}),
    })),
    predefined_types: types,
    property_sets: json("pset"),
    quantity_sets: json("qto"),
  };
}

/** `list_property_sets`: the standard sets of a version, optionally for an entity or by name. */
export function listPropertySets(
  version: string,
  entityName?: string,
  namePattern?: string,
): Record<string, unknown> {
  const family = schemaOfVersion(version);
  const psets = getPsets(family);
  let sets: readonly PsetDef[] = psets.all();
  if (entityName !== undefined && entityName.trim() !== "") {
    const def = findEntity(getSchema(family), entityName);
    const found = new Set(
      setsFor(family, def, predefinedTypes(getSchema(family), def)).map((s) => s.set),
    );
    sets = sets.filter((s) => found.has(s));
  }
  if (namePattern !== undefined && namePattern !== "") {
    let re: RegExp;
    try {
      re = new RegExp(namePattern, "i");
    } catch (e) {
      throw new IdsError(
        "invalid_argument",
        `name_pattern is not a valid regular expression: ${(e as Error).message}`,
      );
    }
    sets = sets.filter((s) => re.test(s.name));
  }
  return {
    ifc_version: version.trim().toUpperCase(),
    schema: family,
    count: sets.length,
    property_sets: sets.map((s) => psetJson(s, false)),
  };
}

/** One standard set with its properties (the `ifc://schema/{version}/pset/{name}` resource). */
export function describePropertySet(version: string, name: string): Record<string, unknown> {
  const family = schemaOfVersion(version);
  const psets = getPsets(family);
  const set = psets.get(name);
  if (!set) {
    const near = closest(name, psets.all().map((s) => s.name));
    throw new IdsError(
      "not_found",
      `no standard property or quantity set '${name}' in ${family}` +
        (near ? `; did you mean '${near}'?` : ""),
    );
  }
  return { ifc_version: version.trim().toUpperCase(), schema: family, ...psetJson(set) };
}
