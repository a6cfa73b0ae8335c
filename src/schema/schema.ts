/**
 * IFC schema knowledge (IFC2X3, IFC4, IFC4X3) built from the generated tables: entity
 * inheritance, explicit attributes with their types in STEP order, defined types, enumerations
 * and selects. Shared by the checking engine (attribute positions, subtype tests, value kinds)
 * and the semantic audit (does this entity/attribute/type exist in this schema?).
 *
 * @module
 */
import { TABLES } from "./tables.ts";

/** The schema families the tables cover. */
export type SchemaName = "IFC2X3" | "IFC4" | "IFC4X3";

/** How an attribute (or a select member) is typed. */
export type AttrType =
  | { readonly kind: "entity"; readonly name: string }
  | { readonly kind: "defined"; readonly name: string; readonly primitive: Primitive }
  | { readonly kind: "enum"; readonly name: string; readonly values: readonly string[] }
  | { readonly kind: "select"; readonly name: string }
  | { readonly kind: "list"; readonly of: AttrType }
  | { readonly kind: "primitive"; readonly primitive: Primitive };

/** Underlying value kinds of defined types. */
export type Primitive =
  | "string"
  | "real"
  | "integer"
  /** A bare EXPRESS NUMBER/REAL/INTEGER the tables cannot tell apart: the STEP token decides. */
  | "number"
  | "boolean"
  | "logical"
  | "binary"
  | "list"
  | "enum";

export interface AttributeDef {
  readonly name: string;
  /** Position in the STEP parameter list. */
  readonly index: number;
  readonly type: AttrType;
  readonly optional: boolean;
}

export interface EntityDef {
  /** Canonical case, e.g. `IfcWall`. */
  readonly name: string;
  readonly upper: string;
  readonly parent?: EntityDef;
  /** All explicit attributes, inherited first, in STEP order. */
  readonly attributes: readonly AttributeDef[];
  readonly byName: ReadonlyMap<string, AttributeDef>;
  /** Upper-case names of this entity and all its ancestors. */
  readonly ancestry: ReadonlySet<string>;
  readonly subtypes: EntityDef[];
}

export interface TypeDef {
  readonly name: string;
  readonly kind: "defined" | "enum" | "select";
  readonly primitive?: Primitive;
  readonly values?: readonly string[];
  readonly members?: readonly string[];
}

/** One schema's entities and types, indexed by upper-case name. */
export class Schema {
  readonly entities = new Map<string, EntityDef>();
  readonly types = new Map<string, TypeDef>();

  constructor(readonly name: SchemaName) {
    const t = TABLES[name];
    for (const line of t.types.split("\n")) {
      const eq = line.indexOf("=");
      const tname = line.slice(0, eq);
      const code = line.slice(eq + 1, eq + 2);
      const rest = line.slice(eq + 3);
      if (code === "d") {
        this.types.set(tname.toUpperCase(), {
          name: tname,
          kind: "defined",
          primitive: rest as Primitive,
        });
      } else if (code === "e") {
        this.types.set(tname.toUpperCase(), {
          name: tname,
          kind: "enum",
          values: rest ? rest.split(",") : [],
        });
      } else {
        this.types.set(tname.toUpperCase(), {
          name: tname,
          kind: "select",
          members: rest.split("|"),
        });
      }
    }
    const raw = t.entities.split("\n").map((l) => l.split("|"));
    const rawByName = new Map(raw.map((r) => [r[0], r]));
    const build = (n: string): EntityDef => {
      const done = this.entities.get(n.toUpperCase());
      if (done) return done;
      const r = rawByName.get(n);
      if (!r) throw new Error(`schema ${name}: unknown entity ${n}`);
      const parent = r[1] ? build(r[1]) : undefined;
      const attributes: AttributeDef[] = [...(parent?.attributes ?? [])];
      for (const a of r[2] ? r[2].split(",") : []) {
        const colon = a.indexOf(":");
        let tt = a.slice(colon + 1);
        const optional = tt.endsWith("?");
        if (optional) tt = tt.slice(0, -1);
        attributes.push({
          name: a.slice(0, colon),
          index: attributes.length,
          type: this.parseType(tt),
          optional,
        });
      }
      const upper = n.toUpperCase();
      const ancestry = new Set(parent?.ancestry ?? []);
      ancestry.add(upper);
      const def: EntityDef = {
        name: n,
        upper,
        parent,
        attributes,
        byName: new Map(attributes.map((a) => [a.name, a])),
        ancestry,
        subtypes: [],
      };
      this.entities.set(upper, def);
      parent?.subtypes.push(def);
      return def;
    };
    for (const r of raw) build(r[0]);
  }

  private parseType(t: string): AttrType {
    if (t.endsWith("[]")) return { kind: "list", of: this.parseType(t.slice(0, -2)) };
    if (t.startsWith("#")) return { kind: "entity", name: t.slice(1) };
    if (t === "NUMBER") return { kind: "primitive", primitive: "number" };
    if (t === "BOOLEAN") return { kind: "primitive", primitive: "boolean" };
    if (t === "STRING") return { kind: "primitive", primitive: "string" };
    const def = this.types.get(t.toUpperCase());
    if (!def) return { kind: "entity", name: t };
    if (def.kind === "defined") {
      return { kind: "defined", name: def.name, primitive: def.primitive! };
    }
    if (def.kind === "enum") return { kind: "enum", name: def.name, values: def.values! };
    return { kind: "select", name: def.name };
  }

  /** The entity definition for an upper-case (or any-case) name. */
  entity(name: string): EntityDef | undefined {
    return this.entities.get(name.toUpperCase());
  }

  /** True when `name` is `ancestor` or one of its subtypes (upper-case names). */
  isA(name: string, ancestor: string): boolean {
    return this.entities.get(name)?.ancestry.has(ancestor) ?? false;
  }

  /** Upper-case names of `name` and all its subtypes. */
  withSubtypes(name: string): string[] {
    const root = this.entities.get(name.toUpperCase());
    if (!root) return [];
    const out: string[] = [];
    const walk = (e: EntityDef) => {
      out.push(e.upper);
      for (const s of e.subtypes) walk(s);
    };
    walk(root);
    return out;
  }

  /** Defined type (upper-case name) primitive, e.g. IFCLABEL → string. */
  primitiveOf(typeName: string): Primitive | undefined {
    const d = this.types.get(typeName.toUpperCase());
    return d?.kind === "defined" ? d.primitive : undefined;
  }

  /** Flattens a select into its member type names (recursively), canonical case. */
  selectMembers(name: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const walk = (n: string) => {
      const clean = n.replace(/^#/, "");
      if (seen.has(clean)) return;
      seen.add(clean);
      const d = this.types.get(clean.toUpperCase());
      if (d?.kind === "select") { for (const m of d.members!) walk(m); }
      else out.push(n);
    };
    walk(name);
    return out;
  }
}

const cache = new Map<SchemaName, Schema>();

/** The schema tables for a family (built once, on first use). */
export function getSchema(name: SchemaName): Schema {
  let s = cache.get(name);
  if (!s) {
    s = new Schema(name);
    cache.set(name, s);
  }
  return s;
}

/**
 * Maps a STEP header schema identifier to a family: IFC2X3 (and IFC2X_FINAL), IFC4, and
 * IFC4X3 with its addenda and release candidates (IFC4X3_ADD2, IFC4X3_RC2, …). IFC4X1/IFC4X2
 * drafts read best with the IFC4X3 tables.
 */
export function schemaFamily(identifier: string): SchemaName | undefined {
  const id = identifier.toUpperCase();
  if (id === "IFC2X3" || id.startsWith("IFC2X3_") || id === "IFC2X_FINAL") return "IFC2X3";
  if (id === "IFC4" || /^IFC4_/.test(id) || id === "IFC4ADD2" || id === "IFC4ADD1") return "IFC4";
  if (/^IFC4X\d/.test(id)) return "IFC4X3";
  return undefined;
}
