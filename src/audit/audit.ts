/**
 * Semantic audit of an IDS document against IFC schema knowledge: an IDS can be valid XML
 * and still ask for things no IFC model can have (unknown entity or attribute names, values
 * of the wrong type for the attribute or data type, contradicting entity facets, prohibited
 * specifications with requirements, patterns on numbers). Such an IDS is reported invalid
 * instead of being checked, as buildingSMART's test cases require.
 *
 * Names are checked against every IFC version the specification lists: a name is accepted
 * when at least one of them knows it.
 *
 * @module
 */
import type {
  AttributeFacet,
  EntityFacet,
  Facet,
  FacetLocation,
  IdsDocument,
  IdsValue,
  IfcVersion,
  PartOfFacet,
  PropertyFacet,
  Specification,
} from "../ids/model.ts";
import type { ValidationIssue } from "../ids/errors.ts";
import { compilePattern, nameMatches, parseNumber } from "../ids/match.ts";
import {
  type AttributeDef,
  getSchema,
  type Primitive,
  type Schema,
  type SchemaName,
} from "../ifc/schema/schema.ts";

const FAMILY: Record<IfcVersion, SchemaName> = {
  IFC2X3: "IFC2X3",
  IFC4: "IFC4",
  IFC4X3_ADD2: "IFC4X3",
};

interface Ctx {
  readonly issues: ValidationIssue[];
  readonly schemas: Schema[];
  readonly path: string;
}

function issue(ctx: Ctx, path: string, message: string): void {
  ctx.issues.push({ kind: "content", message, path: ctx.path + path });
}

/** All restriction patterns must compile as XSD regular expressions. */
function auditPatterns(ctx: Ctx, v: IdsValue | undefined, path: string): void {
  if (!v || v.kind !== "restriction") return;
  for (const f of v.facets) {
    if (f.kind === "pattern" && !compilePattern(f.value)) {
      issue(ctx, path, `the pattern '${f.value}' is not a valid XSD regular expression`);
    }
  }
}

/** Upper-case entity names an entity-name value can match, per schema union. */
function entityNames(ctx: Ctx, v: IdsValue): Set<string> {
  const out = new Set<string>();
  for (const s of ctx.schemas) {
    for (const name of s.entities.keys()) if (nameMatches(v, name)) out.add(name);
  }
  return out;
}

function showValue(v: IdsValue): string {
  if (v.kind === "simple") return `'${v.value}'`;
  return v.facets.map((f) => `${f.kind} '${f.value}'`).join(", ");
}

function auditEntityName(ctx: Ctx, name: IdsValue, path: string): Set<string> {
  const names = entityNames(ctx, name);
  const versions = ctx.schemas.map((s) => s.name).join(", ");
  if (name.kind === "simple") {
    if (!names.size) {
      const near = ctx.schemas.find((s) => s.entity(name.value))?.entity(name.value)?.upper;
      issue(
        ctx,
        path,
        `unknown IFC entity ${showValue(name)} for ${versions}${
          near && near !== name.value ? ` (entity names are upper case: '${near}')` : ""
        }`,
      );
    }
  } else {
    for (const f of name.facets) {
      if (f.kind === "enumeration" && !ctx.schemas.some((s) => s.entities.has(f.value))) {
        issue(ctx, path, `unknown IFC entity '${f.value}' in the enumeration for ${versions}`);
      }
    }
    if (!names.size) {
      issue(ctx, path, `no IFC entity of ${versions} matches ${showValue(name)}`);
    }
  }
  return names;
}

function primitiveOfAttr(s: Schema, a: AttributeDef): Primitive | "object" | "list" | "select" {
  const t = a.type;
  switch (t.kind) {
    case "defined":
      return t.primitive;
    case "primitive":
      return t.primitive;
    case "enum":
      return "string";
    case "entity":
      return "object";
    case "list":
      return "list";
    case "select": {
      void s;
      return "select";
    }
  }
}

const INTEGER_RE = /^\s*[+-]?\d+\s*$/;

/** Checks a value against the primitive kind it will be compared with. */
function auditTypedValue(
  ctx: Ctx,
  value: IdsValue,
  kind: Primitive | "object" | "list" | "select",
  what: string,
  path: string,
): void {
  if (kind === "object" || kind === "list" || kind === "select") {
    issue(
      ctx,
      path,
      `${what} holds ${
        kind === "object" ? "an object" : kind === "list" ? "a list" : "a select"
      }, which cannot be compared with a value`,
    );
    return;
  }
  const texts: string[] = value.kind === "simple"
    ? [value.value]
    : value.facets.filter((f) => f.kind === "enumeration").map((f) => f.value);
  const bounds = value.kind === "restriction"
    ? value.facets.filter((f) => /Inclusive|Exclusive/.test(f.kind)).map((f) => f.value)
    : [];
  if (kind === "boolean" || kind === "logical") {
    for (const t of texts) {
      if (!["true", "false", "1", "0"].includes(t)) {
        issue(ctx, path, `${what} is a boolean; '${t}' must be written 'true' or 'false'`);
      }
    }
  }
  if (kind === "integer") {
    for (const t of [...texts, ...bounds]) {
      if (!INTEGER_RE.test(t)) issue(ctx, path, `${what} is an integer; '${t}' is not one`);
    }
  }
  if (kind === "real" || kind === "number") {
    for (const t of [...texts, ...bounds]) {
      if (parseNumber(t) === undefined) issue(ctx, path, `${what} is a number; '${t}' is not one`);
    }
  }
  if (value.kind === "restriction" && kind !== "string" && kind !== "enum") {
    if (value.facets.some((f) => f.kind === "pattern")) {
      issue(ctx, path, `${what} is not a string; patterns only apply to strings`);
    }
  }
}

function auditAttribute(
  ctx: Ctx,
  f: AttributeFacet,
  entities: Set<string> | undefined,
  path: string,
): void {
  const matched: { schema: Schema; attr: AttributeDef }[] = [];
  for (const s of ctx.schemas) {
    const defs = entities
      ? [...entities].map((e) => s.entity(e)).filter((e) => e !== undefined)
      : [...s.entities.values()];
    for (const e of defs) {
      for (const a of e!.attributes) {
        if (nameMatches(f.name, a.name)) matched.push({ schema: s, attr: a });
      }
    }
  }
  if (!matched.length) {
    const on = entities ? ` of ${[...entities].join(", ")}` : "";
    issue(
      ctx,
      path,
      `${
        f.name.kind === "simple" ? `'${f.name.value}'` : showValue(f.name)
      } is not an attribute${on} (derived and inverse attributes cannot be checked)`,
    );
    return;
  }
  if (!f.value) return;
  // The value must suit every attribute it may be compared with.
  const seen = new Set<string>();
  for (const { schema, attr } of matched) {
    const kind = primitiveOfAttr(schema, attr);
    const key = `${attr.name}:${kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const before = ctx.issues.length;
    auditTypedValue(ctx, f.value, kind, `attribute ${attr.name}`, path + "/value");
    if (ctx.issues.length > before) return;
  }
}

function auditProperty(ctx: Ctx, f: PropertyFacet, path: string): void {
  if (!f.dataType) return;
  const dt = f.dataType.toUpperCase();
  const defs = ctx.schemas.map((s) => s.types.get(dt)).filter((d) => d !== undefined);
  if (!defs.length || defs.every((d) => d!.kind === "select")) {
    issue(ctx, path, `unknown IFC data type '${f.dataType}'`);
    return;
  }
  if (!f.value) return;
  const d = defs[0]!;
  const kind: Primitive = d.kind === "defined" ? d.primitive! : "string";
  auditTypedValue(ctx, f.value, kind, `data type ${dt}`, path + "/value");
}

const PARTOF_TARGET: Record<string, string[]> = {
  IFCRELAGGREGATES: ["IFCOBJECTDEFINITION"],
  IFCRELNESTS: ["IFCOBJECTDEFINITION"],
  IFCRELASSIGNSTOGROUP: ["IFCGROUP"],
  IFCRELCONTAINEDINSPATIALSTRUCTURE: ["IFCSPATIALELEMENT", "IFCSPATIALSTRUCTUREELEMENT"],
  "IFCRELVOIDSELEMENT IFCRELFILLSELEMENT": ["IFCELEMENT"],
};

function auditPartOf(ctx: Ctx, f: PartOfFacet, path: string): void {
  const names = auditEntityName(ctx, f.entity.name, path + "/entity/name");
  auditPatterns(ctx, f.entity.predefinedType, path + "/entity/predefinedType");
  if (!f.relation || !names.size) return;
  const allowed = PARTOF_TARGET[f.relation];
  const ok = [...names].some((n) =>
    ctx.schemas.some((s) => allowed.some((a) => s.entities.has(n) && s.isA(n, a)))
  );
  if (!ok) {
    issue(
      ctx,
      path,
      `${showValue(f.entity.name)} cannot be the relating side of ${f.relation}`,
    );
  }
}

function facetPath(location: FacetLocation, f: Facet, index: number): string {
  return `/${location}/${f.facet}[${index + 1}]`;
}

function auditSpecification(ctx: Ctx, spec: Specification): void {
  const app = spec.applicability;
  if (app.maxOccurs === 0 && (spec.requirements?.facets.length ?? 0) > 0) {
    issue(
      ctx,
      "/applicability",
      "a prohibited specification (maxOccurs=0) must not have requirements: the applicability alone says what must not exist",
    );
  }
  if (
    typeof app.maxOccurs === "number" && app.minOccurs !== undefined &&
    app.minOccurs > app.maxOccurs
  ) {
    issue(
      ctx,
      "/applicability",
      `minOccurs ${app.minOccurs} is greater than maxOccurs ${app.maxOccurs}`,
    );
  }
  // Entity names in the applicability bound what the requirements can be about.
  let appEntities: Set<string> | undefined;
  const counters = new Map<string, number>();
  const indexOf = (loc: string, f: Facet) => {
    const k = `${loc}/${f.facet}`;
    const n = counters.get(k) ?? 0;
    counters.set(k, n + 1);
    return n;
  };
  for (const f of app.facets) {
    const path = facetPath("applicability", f, indexOf("applicability", f));
    if (f.facet === "entity") {
      const names = auditEntityName(ctx, f.name, path + "/name");
      auditPatterns(ctx, f.predefinedType, path + "/predefinedType");
      if (names.size) {
        appEntities = appEntities ? new Set([...appEntities].filter((n) => names.has(n))) : names;
      }
    }
  }
  const all: [FacetLocation, Facet][] = [
    ...app.facets.map((f) => ["applicability", f] as [FacetLocation, Facet]),
    ...(spec.requirements?.facets ?? []).map((f) => ["requirements", f] as [FacetLocation, Facet]),
  ];
  counters.clear();
  for (const [loc, f] of all) {
    const path = facetPath(loc, f, indexOf(loc, f));
    switch (f.facet) {
      case "entity":
        if (loc === "requirements") auditRequiredEntity(ctx, f, appEntities, path);
        break;
      case "attribute":
        auditPatterns(ctx, f.name, path + "/name");
        auditPatterns(ctx, f.value, path + "/value");
        auditAttribute(ctx, f, appEntities, path);
        break;
      case "property":
        auditPatterns(ctx, f.propertySet, path + "/propertySet");
        auditPatterns(ctx, f.baseName, path + "/baseName");
        auditPatterns(ctx, f.value, path + "/value");
        auditProperty(ctx, f, path);
        break;
      case "classification":
        auditPatterns(ctx, f.system, path + "/system");
        auditPatterns(ctx, f.value, path + "/value");
        break;
      case "material":
        auditPatterns(ctx, f.value, path + "/value");
        break;
      case "partOf":
        auditPartOf(ctx, f, path);
        break;
    }
  }
}

function auditRequiredEntity(
  ctx: Ctx,
  f: EntityFacet,
  appEntities: Set<string> | undefined,
  path: string,
): void {
  const names = auditEntityName(ctx, f.name, path + "/name");
  auditPatterns(ctx, f.predefinedType, path + "/predefinedType");
  if (!names.size || !appEntities) return;
  if (![...names].some((n) => appEntities.has(n))) {
    issue(
      ctx,
      path + "/name",
      `the requirement ${showValue(f.name)} can never be met by the applicable entities (${
        [...appEntities].slice(0, 5).join(", ")
      }${appEntities.size > 5 ? ", …" : ""})`,
    );
  }
}

/** Every semantic issue of the document (empty when it is fit for checking). */
export function auditDocument(doc: IdsDocument): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  doc.specifications.forEach((spec, i) => {
    const path = `/ids/specifications/specification[${i + 1}]`;
    const families = [...new Set(spec.ifcVersion.map((v) => FAMILY[v]).filter(Boolean))];
    if (!families.length) {
      issues.push({ kind: "content", message: "the specification lists no IFC version", path });
      return;
    }
    auditSpecification({ issues, schemas: families.map(getSchema), path }, spec);
  });
  return issues;
}
