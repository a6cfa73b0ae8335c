/**
 * Semantic audit of an IDS document against IFC schema knowledge, as deep as buildingSMART's
 * IDS-Audit-tool: an IDS can be valid XML and still ask for things no IFC model can have
 * (unknown entities, predefined types, attributes, properties of standard sets, data types,
 * values of the wrong kind, malformed restrictions and patterns, cardinalities the IDS
 * implementation agreements forbid, requirements that contradict the applicability). Such an
 * IDS is reported invalid instead of being checked, as buildingSMART's test cases require.
 *
 * Every listed IFC version is audited: a name must exist in each of them. Findings carry a
 * severity (warnings never make a document invalid), a stable code, the path and, for near
 * misses, a suggestion. The rules per facet kind live in `facets/`.
 *
 * @module
 */
import type { Finding } from "../ids/errors.ts";
import type {
  Applicability,
  Facet,
  FacetLocation,
  IdsDocument,
  Requirements,
  Specification,
} from "../ids/model.ts";
import { AuditContext, versionName } from "./context.ts";
import { auditAttributeFacet } from "./facets/attribute.ts";
import { auditClassificationFacet } from "./facets/classification.ts";
import { auditEntityFacet } from "./facets/entity.ts";
import { auditMaterialFacet } from "./facets/material.ts";
import { auditPartOfFacet } from "./facets/part_of.ts";
import { auditPropertyFacet } from "./facets/property.ts";
import { describe, emptyIn, intersect, type TypeConstraint } from "./types.ts";
import { runSync, type Sliced } from "../ids/time_slice.ts";

/** Applicability occurs allowed by the IDS implementation agreements. */
function auditOccurs(ctx: AuditContext, spec: Specification): void {
  const app = spec.applicability;
  if (!app.facets.length) {
    ctx.error(
      "/applicability",
      "empty_applicability",
      "the applicability has no facets, so the specification applies to nothing; add at least an entity facet",
    );
  }
  if (spec.requirements && !spec.requirements.facets.length) {
    ctx.warning(
      "/requirements",
      "empty_requirements",
      "the requirements element has no facets; remove it, or add the facets elements must meet",
    );
  }
  const min = app.minOccurs ?? 1;
  const max = app.maxOccurs ?? 1;
  if (max === 0 && (spec.requirements?.facets.length ?? 0) > 0) {
    ctx.error(
      "/applicability",
      "prohibited_with_requirements",
      "a prohibited specification (maxOccurs=0) must not have requirements: the applicability alone says what must not exist",
    );
  }
  if (typeof max === "number" && min > max) {
    ctx.error(
      "/applicability",
      "bad_cardinality",
      `minOccurs ${min} is greater than maxOccurs ${max}`,
    );
  } else if (min > 1 || (app.maxOccurs !== undefined && max !== 0 && max !== "unbounded")) {
    ctx.error(
      "/applicability",
      "bad_cardinality",
      `minOccurs=${min} maxOccurs=${max} is not allowed by the IDS implementation agreements: ` +
        `use maxOccurs="unbounded" with minOccurs 1 (required) or 0 (optional), or ` +
        `minOccurs="0" maxOccurs="0" (prohibited)`,
    );
  }
}

/** The classes a facet limits the specification to (undefined: no limit). */
function auditFacet(
  ctx: AuditContext,
  f: Facet,
  path: string,
  location: FacetLocation,
  applicable: TypeConstraint | undefined,
): TypeConstraint | undefined {
  switch (f.facet) {
    case "entity":
      return auditEntityFacet(ctx, f, path);
    case "attribute":
      auditAttributeFacet(ctx, f, applicable, path, location);
      return undefined;
    case "property":
      return auditPropertyFacet(ctx, f, path, applicable);
    case "classification":
      return auditClassificationFacet(ctx, f, path);
    case "material":
      return auditMaterialFacet(ctx, f, path);
    case "partOf":
      return auditPartOfFacet(ctx, f, path);
  }
}

function auditSpecification(ctx: AuditContext, spec: Specification): void {
  auditOccurs(ctx, spec);
  const counters = new Map<string, number>();
  const pathOf = (loc: FacetLocation, f: Facet) => {
    const k = `${loc}/${f.facet}`;
    const n = (counters.get(k) ?? 0) + 1;
    counters.set(k, n);
    return `/${loc}/${f.facet}[${n}]`;
  };
  // Applicability first: its entity bounds what the other facets can be about.
  const app = spec.applicability.facets;
  const entity = app.find((f) => f.facet === "entity");
  let applicable: TypeConstraint | undefined;
  const appPaths = new Map(app.map((f) => [f, pathOf("applicability", f)]));
  if (entity) {
    // An unknown entity is reported once; it must not make every other facet fail too.
    applicable = known(auditEntityFacet(ctx, entity, appPaths.get(entity)!));
  }
  for (const f of app) {
    if (f === entity) continue;
    const path = appPaths.get(f)!;
    const c = auditFacet(ctx, f, path, "applicability", applicable);
    const next = intersect(applicable, c);
    if (applicable && c) reportEmpty(ctx, applicable, c, next, path, "applicability");
    applicable = next;
  }
  for (const f of spec.requirements?.facets ?? []) {
    const path = pathOf("requirements", f);
    if (f.facet === "entity") {
      const names = auditEntityFacet(ctx, f, path);
      if (applicable) reportEmpty(ctx, applicable, names, intersect(applicable, names), path);
      continue;
    }
    const c = auditFacet(ctx, f, path, "requirements", applicable);
    if (applicable && c) reportEmpty(ctx, applicable, c, intersect(applicable, c), path);
  }
}

/** The constraint without the schemas in which it allows nothing (already reported). */
function known(c: TypeConstraint): TypeConstraint | undefined {
  const out: TypeConstraint = new Map([...c].filter(([, names]) => names.size > 0));
  return out.size ? out : undefined;
}

function reportEmpty(
  ctx: AuditContext,
  applicable: TypeConstraint,
  required: TypeConstraint,
  both: TypeConstraint | undefined,
  path: string,
  where: "applicability" | "requirements" = "requirements",
): void {
  // Only schemas where both sides allowed something: an unknown name is reported already.
  const empty = emptyIn(both).filter((s) =>
    (applicable.get(s)?.size ?? 1) > 0 && (required.get(s)?.size ?? 1) > 0
  );
  if (!empty.length) return;
  const s = ctx.schemas.find((x) => x.name === empty[0])!;
  ctx.error(
    path,
    "incompatible_clauses",
    `this ${
      where === "requirements" ? "requirement" : "facet"
    } can never be met by the applicable entities in ${versionName(s)}: the applicability allows ${
      describe(applicable.get(s.name))
    }, this facet ${describe(required.get(s.name))}`,
  );
}

/**
 * Every semantic finding of the document (no errors when it is fit for checking).
 *
 * A specification's findings depend only on its IFC versions, applicability and requirements
 * (not on its name, identifier, description or position), and documents of thousands of
 * specifications repeat the same few shapes (the same facets for another name): each distinct
 * shape is audited once per call and its findings are given the path of every repetition.
 */
export function auditDocument(doc: IdsDocument): Finding[] {
  return runSync(auditDocumentSliced(doc));
}

/** The findings of one specification shape, with paths relative to the specification. */
type Found = readonly Finding[];

/** A shape met before: its requirements object, IFC versions and findings. */
interface SharedShape {
  readonly requirements: Requirements | undefined;
  readonly versions: readonly string[];
  readonly found: Found;
}

function sameVersions(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The shape of `same` with these requirements and versions, found by identity. */
function sharedFindings(
  same: readonly SharedShape[],
  requirements: Requirements | undefined,
  versions: readonly string[],
): Found | undefined {
  for (let i = 0; i < same.length; i++) {
    const s = same[i];
    if (s.requirements === requirements && sameVersions(s.versions, versions)) return s.found;
  }
  return undefined;
}

/** Specifications audited between two chances to pause. */
const SPECS_PER_STEP = 64;

/**
 * {@linkcode auditDocument} as sliced work (time_slice.ts): a server auditing 20,000
 * specifications gives other clients a turn meanwhile.
 */
export function* auditDocumentSliced(doc: IdsDocument): Sliced<Finding[]> {
  const findings: Finding[] = [];
  const done = new Map<string, readonly Finding[]>();
  // Specifications read from the same text share their applicability and requirements objects
  // (document_reader.ts): those are found by identity, without a JSON key. A short list per
  // applicability (a document without sharing pays one small array per specification).
  const shared = new Map<Applicability, SharedShape[]>();
  for (let i = 0; i < doc.specifications.length; i++) {
    if (i % SPECS_PER_STEP === SPECS_PER_STEP - 1) yield;
    const spec = doc.specifications[i];
    let same = shared.get(spec.applicability);
    if (!same) shared.set(spec.applicability, same = []);
    let own = sharedFindings(same, spec.requirements, spec.ifcVersion);
    if (!own) {
      const key = JSON.stringify([spec.ifcVersion, spec.applicability, spec.requirements ?? null]);
      own = done.get(key);
      if (!own) {
        const found: Finding[] = [];
        const ctx = AuditContext.forVersions(found, spec.ifcVersion, "");
        if (!ctx.schemas.length) {
          ctx.error("", "no_ifc_version", "the specification lists no IFC version");
        } else auditSpecification(ctx, spec);
        own = found;
        done.set(key, own);
      }
      same.push({ requirements: spec.requirements, versions: spec.ifcVersion, found: own });
    }
    if (own.length === 0) continue;
    // The path only for a specification with findings (most have none).
    const path = `/ids/specifications/specification[${i + 1}]`;
    for (const f of own) findings.push({ ...f, path: path + (f.path ?? "") });
  }
  return findings;
}

/** Only the errors of {@linkcode auditDocument} (what makes a document unfit for checking). */
export function auditErrors(doc: IdsDocument): Finding[] {
  return auditDocument(doc).filter((f) => f.severity === "error");
}
