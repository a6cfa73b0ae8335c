/**
 * buildingSMART's standard property and quantity sets (`Pset_*`, `Qto_*`) per schema family:
 * which properties each set holds, their kind, data type and enumeration values, and the
 * entities each set applies to. The audit uses them to refuse properties a standard set does
 * not have, wrong data types and values outside an enumeration (IFC2X3, which has no official
 * quantity-set templates, borrows IFC4's `Qto_*` sets: {@linkcode checkedSets}); edit tools use
 * them to suggest names.
 *
 * The tables are generated TypeScript modules (gen_psets.ts), so they work without a file
 * system; each is decoded on first use of its schema only.
 *
 * @module
 */
import { PSETS_IFC2X3 } from "./psets_ifc2x3.ts";
import { PSETS_IFC4 } from "./psets_ifc4.ts";
import { PSETS_IFC4X3 } from "./psets_ifc4x3.ts";
import { getSchema, type SchemaName } from "./schema.ts";

/** How a standard property holds its value (IfcSimplePropertyTemplate.TemplateType). */
export type PropertyKind =
  | "single"
  | "enumerated"
  | "bounded"
  | "list"
  | "table"
  | "reference"
  | "quantity"
  /** A complex property (IfcComplexPropertyTemplate): its parts are not addressable in IDS. */
  | "complex";

/** The quantity kinds of `Qto_*` templates. */
export type QuantityKind = "length" | "area" | "volume" | "weight" | "count" | "time";

export interface PropertyDef {
  readonly name: string;
  readonly kind: PropertyKind;
  /** Upper case, e.g. `IFCLABEL`, `IFCLENGTHMEASURE` (a class name for reference values). */
  readonly dataType?: string;
  /** The allowed values of an enumerated property. */
  readonly values?: readonly string[];
  readonly quantityKind?: QuantityKind;
  /** A table value's defined (secondary) measure; `dataType` is its defining measure. */
  readonly secondaryDataType?: string;
}

export interface ApplicableEntity {
  /** Canonical case, e.g. `IfcWall`. */
  readonly entity: string;
  readonly predefinedType?: string;
}

export interface PsetDef {
  readonly name: string;
  readonly kind: "pset" | "qto";
  readonly applicableEntities: readonly ApplicableEntity[];
  readonly properties: readonly PropertyDef[];
}

const KIND: Record<string, PropertyKind> = {
  s: "single",
  e: "enumerated",
  b: "bounded",
  l: "list",
  t: "table",
  r: "reference",
  q: "quantity",
  c: "complex",
};

const QUANTITY: Record<string, QuantityKind> = {
  IFCLENGTHMEASURE: "length",
  IFCAREAMEASURE: "area",
  IFCVOLUMEMEASURE: "volume",
  IFCMASSMEASURE: "weight",
  IFCCOUNTMEASURE: "count",
  IFCTIMEMEASURE: "time",
};

const SOURCES: Record<SchemaName, { enums: string; sets: string }> = {
  IFC2X3: PSETS_IFC2X3,
  IFC4: PSETS_IFC4,
  IFC4X3: PSETS_IFC4X3,
};

function decodeProperties(props: string, enums: readonly string[]): PropertyDef[] {
  const properties: PropertyDef[] = [];
  for (const p of props ? props.split(";") : []) {
    const [name, k, dataType, e, secondary] = p.split(":");
    const def: {
      name: string;
      kind: PropertyKind;
      dataType?: string;
      values?: readonly string[];
      quantityKind?: QuantityKind;
      secondaryDataType?: string;
    } = { name, kind: KIND[k] };
    if (secondary) def.secondaryDataType = secondary;
    if (dataType) def.dataType = dataType;
    if (e) def.values = enums[Number(e)].split("|");
    if (k === "q" && dataType) def.quantityKind = QUANTITY[dataType];
    properties.push(def);
  }
  return properties;
}

/** A set whose properties are decoded when first read: most runs look at a handful of sets. */
class StandardSet implements PsetDef {
  #properties?: PropertyDef[];
  constructor(
    readonly name: string,
    readonly kind: "pset" | "qto",
    readonly applicableEntities: readonly ApplicableEntity[],
    private readonly encoded: string,
    private readonly enums: readonly string[],
  ) {}

  get properties(): readonly PropertyDef[] {
    return this.#properties ??= decodeProperties(this.encoded, this.enums);
  }

  toJSON(): PsetDef {
    const { name, kind, applicableEntities, properties } = this;
    return { name, kind, applicableEntities, properties };
  }
}

/** One schema family's standard sets. */
export class PsetTable {
  readonly #byName = new Map<string, PsetDef>();
  readonly #all: PsetDef[] = [];
  readonly #forEntity = new Map<string, PsetDef[]>();

  constructor(readonly schema: SchemaName) {
    const src = SOURCES[schema];
    const enums = src.enums.split("\n");
    for (const line of src.sets.split("\n")) {
      const [name, kind, applicable, props] = line.split("\t");
      const applicableEntities = (applicable ? applicable.split(",") : []).map((a) => {
        const slash = a.indexOf("/");
        return slash < 0
          ? { entity: a }
          : { entity: a.slice(0, slash), predefinedType: a.slice(slash + 1) };
      });
      const def = new StandardSet(
        name,
        kind === "q" ? "qto" : "pset",
        applicableEntities,
        props,
        enums,
      );
      this.#byName.set(name, def);
      this.#all.push(def);
    }
  }

  /** The set named exactly `name` (names are case-sensitive), or undefined. */
  get(name: string): PsetDef | undefined {
    return this.#byName.get(name);
  }

  /** Every standard set of the schema, sorted by name. */
  all(): readonly PsetDef[] {
    return this.#all;
  }

  /**
   * The sets that apply to `entity` (any case) or one of its supertypes; sets restricted to a
   * predefined type apply only when `predefinedType` names it (case-insensitive).
   */
  forEntity(entity: string, predefinedType?: string): PsetDef[] {
    const ifc = getSchema(this.schema);
    const def = ifc.entity(entity);
    if (!def) return [];
    const key = `${def.upper}/${predefinedType?.toUpperCase() ?? ""}`;
    let out = this.#forEntity.get(key);
    if (!out) {
      const pt = predefinedType?.toUpperCase();
      // A type object (IfcWallType) carries the sets of its occurrence class (IfcWall).
      const occurrence = /TYPE$/.test(def.upper) ? ifc.entity(def.upper.slice(0, -4)) : undefined;
      const ancestry = new Set([...def.ancestry, ...(occurrence?.ancestry ?? [])]);
      out = this.#all.filter((s) =>
        s.applicableEntities.some((a) =>
          ancestry.has(a.entity.toUpperCase()) &&
          (a.predefinedType === undefined || a.predefinedType.toUpperCase() === pt)
        )
      );
      this.#forEntity.set(key, out);
    }
    return out;
  }
}

const cache = new Map<SchemaName, PsetTable>();

/** The standard sets of a schema family (decoded once, on first use). */
export function getPsets(schema: SchemaName): PsetTable {
  let t = cache.get(schema);
  if (!t) {
    t = new PsetTable(schema);
    cache.set(schema, t);
  }
  return t;
}

/**
 * The sets an IDS property facet is checked against in a schema: its own, plus, for IFC2X3
 * (which has no official quantity-set templates), IFC4's `Qto_*` sets. `borrowed` tells
 * whether a set comes from IFC4 that way, so the audit can say so.
 */
export class CheckedSets {
  readonly #own: PsetTable;
  /** IFC4's quantity sets when the schema has none of its own, else undefined. */
  readonly #qto?: ReadonlyMap<string, PsetDef>;
  readonly #all: readonly PsetDef[];
  #defining?: Map<string, PsetDef[]>;

  constructor(readonly schema: SchemaName) {
    this.#own = getPsets(schema);
    const hasQto = this.#own.all().some((d) => d.kind === "qto");
    if (!hasQto && schema !== "IFC4") {
      const qto = getPsets("IFC4").all().filter((d) => d.kind === "qto");
      this.#qto = new Map(qto.map((d) => [d.name, d]));
    }
    this.#all = [...this.#own.all(), ...(this.#qto?.values() ?? [])];
  }

  /** The set named exactly `name`, or undefined. */
  get(name: string): PsetDef | undefined {
    return this.#own.get(name) ?? this.#qto?.get(name);
  }

  /** Every set, own ones first. */
  all(): readonly PsetDef[] {
    return this.#all;
  }

  /** True when `set` is IFC4's definition standing in for a missing IFC2X3 template. */
  borrowed(set: PsetDef): boolean {
    return this.#qto?.get(set.name) === set;
  }

  /** The sets that define a property named exactly `property`, in name order. */
  defining(property: string): readonly PsetDef[] {
    if (!this.#defining) {
      const index = new Map<string, PsetDef[]>();
      for (const d of this.#all) {
        for (const p of d.properties) {
          const l = index.get(p.name);
          if (l) l.push(d);
          else index.set(p.name, [d]);
        }
      }
      this.#defining = index;
    }
    return this.#defining.get(property) ?? [];
  }

  /**
   * True when `set` applies to the class `entity` (upper or any case): the class or one of its
   * supertypes is among the set's applicable entities (a type object counts as its
   * occurrence class). Predefined-type restrictions are not considered.
   */
  appliesTo(set: PsetDef, entity: string): boolean {
    const ifc = getSchema(this.schema);
    const def = ifc.entity(entity);
    if (!def) return false;
    const occurrence = /TYPE$/.test(def.upper) ? ifc.entity(def.upper.slice(0, -4)) : undefined;
    return set.applicableEntities.some((a) => {
      const upper = a.entity.toUpperCase();
      return def.ancestry.has(upper) || (occurrence?.ancestry.has(upper) ?? false);
    });
  }
}

const checked = new Map<SchemaName, CheckedSets>();

/** The sets the audit checks property facets against in a schema (built once). */
export function checkedSets(schema: SchemaName): CheckedSets {
  let c = checked.get(schema);
  if (!c) {
    c = new CheckedSets(schema);
    checked.set(schema, c);
  }
  return c;
}
