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

const KNOWN_BASES = new Set([
  "xs:string",
  "xs:normalizedString",
  "xs:token",
  "xs:boolean",
  "xs:decimal",
  "xs:double",
  "xs:float",
  "xs:integer",
  "xs:int",
  "xs:long",
  "xs:short",
  "xs:byte",
  "xs:nonNegativeInteger",
  "xs:positiveInteger",
  "xs:nonPositiveInteger",
  "xs:negativeInteger",
  "xs:unsignedInt",
  "xs:unsignedLong",
  "xs:unsignedShort",
  "xs:unsignedByte",
  "xs:date",
  "xs:dateTime",
  "xs:time",
  "xs:duration",
  "xs:anyURI",
]);

/**
 * Restrictions must be well formed: a known XSD base, patterns that compile as XSD regular
 * expressions, values and bounds in the lexical space of a numeric or boolean base, and
 * non-negative integer lengths and digit counts.
 */
function auditPatterns(ctx: Ctx, v: IdsValue | undefined, path: string): void {
  if (!v || v.kind !== "restriction") return;
  const base = v.base ?? "xs:string";
  if (!KNOWN_BASES.has(base)) issue(ctx, path, `unknown restriction base '${base}'`);
  const integer = /integer|int$|long|short|byte/i.test(base);
  const numeric = integer || /decimal|double|float/.test(base);
  for (const f of v.facets) {
    if (f.kind === "pattern") {
      if (!compilePattern(f.value)) {
        issue(ctx, path, `the pattern '${f.value}' is not a valid XSD regular expression`);
      }
    } else if (/length|Length|Digits/.test(f.kind)) {
      if (!/^\s*\d+\s*$/.test(f.value)) {
        issue(ctx, path, `${f.kind} must be a non-negative integer, not '${f.value}'`);
      }
    } else if (TEMPORAL[base.slice(3)]) {
      if (!TEMPORAL[base.slice(3)].test(f.value.trim())) {
        issue(ctx, path, `${f.kind} value '${f.value}' is not a valid ${base}`);
      }
    } else if (numeric || base === "xs:boolean") {
      const ok = base === "xs:boolean"
        ? ["true", "false", "1", "0"].includes(f.value.trim())
        : integer
        ? INTEGER_RE.test(f.value)
        : parseNumber(f.value) !== undefined;
      if (!ok) issue(ctx, path, `${f.kind} value '${f.value}' is not a valid ${base}`);
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

/**
 * A predefined type needs a PredefinedType attribute on the entity in every IFC version the
 * specification lists (IfcInventory has none in IFC2X3, for example).
 */
function auditPredefinedType(
  ctx: Ctx,
  name: IdsValue,
  predefinedType: IdsValue | undefined,
  path: string,
): void {
  auditPatterns(ctx, predefinedType, path + "/predefinedType");
  if (!predefinedType || name.kind !== "simple") return;
  if (predefinedType.kind === "simple" && predefinedType.value === "") return;
  for (const s of ctx.schemas) {
    const e = s.entity(name.value);
    if (e && e.upper === name.value && !e.byName.has("PredefinedType")) {
      issue(
        ctx,
        path + "/predefinedType",
        `${name.value} has no PredefinedType in ${s.name === "IFC4X3" ? "IFC4X3_ADD2" : s.name}`,
      );
    }
  }
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

const TZ = "(Z|[+-]\\d{2}:\\d{2})?";
const DATE = "-?\\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])";
const TIME = "([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?";
/** XSD lexical forms of the temporal types (and the IFC defined types built on them). */
const TEMPORAL: Record<string, RegExp> = {
  date: new RegExp(`^${DATE}${TZ}$`),
  time: new RegExp(`^${TIME}${TZ}$`),
  dateTime: new RegExp(`^${DATE}T${TIME}${TZ}$`),
  duration: /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/,
};
const TEMPORAL_DATATYPE: Record<string, string> = {
  IFCDATE: "date",
  IFCTIME: "time",
  IFCDATETIME: "dateTime",
  IFCDURATION: "duration",
};

/**
 * Problems of a value compared with a kind of model value (empty when it can match). Only
 * simple values are type-checked (the lexical form of a restriction follows its base), and
 * patterns are refused on numbers, which they can never match.
 */
function valueProblems(
  value: IdsValue,
  kind: Primitive | "object" | "list" | "select",
  what: string,
): string[] {
  if ((kind === "object" || kind === "list" || kind === "select") && value.kind === "simple") {
    const holds = kind === "object" ? "an object" : kind === "list" ? "a list" : "a select";
    return [`${what} holds ${holds}, which cannot be compared with a value`];
  }
  if (kind === "object" || kind === "list" || kind === "select") return [];
  const numeric = kind === "real" || kind === "integer" || kind === "number";
  if (value.kind === "restriction") {
    return numeric && value.facets.some((f) => f.kind === "pattern")
      ? [`${what} is a number; patterns only apply to strings`]
      : [];
  }
  const t = value.value;
  if ((kind === "boolean" || kind === "logical") && !["true", "false", "1", "0"].includes(t)) {
    return [`${what} is a boolean; '${t}' must be written 'true' or 'false'`];
  }
  if (kind === "integer" && !INTEGER_RE.test(t)) {
    return [`${what} is an integer; '${t}' is not one`];
  }
  if ((kind === "real" || kind === "number") && parseNumber(t) === undefined) {
    return [`${what} is a number; '${t}' is not one`];
  }
  return [];
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
        const hit = f.name.kind === "simple"
          ? a.name.toLowerCase() === f.name.value.toLowerCase()
          : nameMatches(f.name, a.name);
        if (hit) matched.push({ schema: s, attr: a });
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
  // The value must suit at least one attribute it may be compared with.
  const problems: string[] = [];
  for (const { schema, attr } of matched) {
    const p = valueProblems(f.value, primitiveOfAttr(schema, attr), `attribute ${attr.name}`);
    if (!p.length) return;
    problems.push(...p);
  }
  issue(ctx, path + "/value", [...new Set(problems)].join("; "));
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
  const problems = valueProblems(f.value, kind, `data type ${dt}`);
  const temporal = TEMPORAL_DATATYPE[dt];
  if (temporal && f.value.kind === "simple" && !TEMPORAL[temporal].test(f.value.value.trim())) {
    problems.push(`data type ${dt} needs an xs:${temporal} value, not '${f.value.value}'`);
  }
  if (problems.length) issue(ctx, path + "/value", problems.join("; "));
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
  auditPredefinedType(ctx, f.entity.name, f.entity.predefinedType, path + "/entity");
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
      auditPredefinedType(ctx, f.name, f.predefinedType, path);
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
  auditPredefinedType(ctx, f.name, f.predefinedType, path);
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
