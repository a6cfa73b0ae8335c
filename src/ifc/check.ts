/**
 * The IDS checking engine's entry points: check an IFC model against an IDS document,
 * producing the JSON-ready {@linkcode CheckReport} every report writer consumes. The engine
 * checks the document as it is written; auditing it first (and deciding which findings stop
 * the check) is the job of src/check/run.ts, at the edge, so that ifc/ never depends on audit/.
 *
 * Semantics per specification: it applies only when the model's schema is one of its
 * `ifcVersion`s; applicable elements are those meeting every applicability facet; each must
 * meet every requirement (with its cardinality); a required specification with no applicable
 * element fails, a prohibited one with any applicable element fails.
 *
 * @module
 */
import type { Facet, IdsDocument, IfcVersion, Specification } from "../ids/model.ts";
import { describeFacet, describeSpecification } from "../ids/describe.ts";
import type { CheckFailure, CheckReport, SpecificationResult } from "./report/types.ts";
import { IfcModel } from "./model.ts";
import type { SchemaName } from "../schema/schema.ts";
import type { FacetChecker } from "./facets/common.ts";
import { entityChecker } from "./facets/entity.ts";
import { withSubtypeHints } from "./subtype_hint.ts";
import { attributeChecker } from "./facets/attribute.ts";
import { propertyChecker } from "./facets/property.ts";
import { classificationChecker } from "./facets/classification.ts";
import { materialChecker } from "./facets/material.ts";
import { partOfChecker } from "./facets/part_of.ts";
import { FailureBudget } from "./failure_budget.ts";
import { runSliced, TimeSlice } from "../ids/time_slice.ts";

export { ModelReadError } from "./model.ts";
export { StepSyntaxError } from "./step.ts";

/** Options of {@linkcode checkModel}. */
export interface CheckOptions {
  /**
   * Called now and then with work done and total work (monotonic; `checkModel` reports
   * per mille: reading the model is the first 30 %, checking elements the rest).
   */
  readonly onProgress?: (done: number, total: number) => void;
  /** Aborts the check; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Labels for the report. */
  readonly modelName?: string;
  readonly idsName?: string;
  /** Keep at most this many failure entries per specification (counts stay exact). */
  readonly maxFailuresPerSpecification?: number;
  /** Keep at most this many failure entries across all specifications (counts stay exact). */
  readonly maxFailuresTotal?: number;
  /** Stop keeping failure entries once they hold about this many characters in all. */
  readonly maxFailureChars?: number;
  /**
   * Skip specifications whose `ifcVersion` does not list the model's schema. Off by default:
   * buildingSMART's test cases (and IfcTester) check every specification whatever its
   * `ifcVersion`; the mismatch is then reported as a warning on the specification.
   */
  readonly skipOtherIfcVersions?: boolean;
}

const FAMILY_OF_VERSION: Record<IfcVersion, SchemaName> = {
  IFC2X3: "IFC2X3",
  IFC4: "IFC4",
  IFC4X3_ADD2: "IFC4X3",
};

function compile(model: IfcModel, facet: Facet): FacetChecker {
  switch (facet.facet) {
    case "entity":
      return entityChecker(model, facet);
    case "attribute":
      return attributeChecker(model, facet);
    case "property":
      return propertyChecker(model, facet);
    case "classification":
      return classificationChecker(model, facet);
    case "material":
      return materialChecker(model, facet);
    case "partOf":
      return partOfChecker(model, facet);
  }
}

function occursOf(spec: Specification): "required" | "optional" | "prohibited" {
  const a = spec.applicability;
  if (a.maxOccurs === 0) return "prohibited";
  return (a.minOccurs ?? 1) >= 1 ? "required" : "optional";
}

/**
 * Candidates checked between two looks at the clock; the loop gives the event loop a turn
 * about every 10 ms of work (time_slice.ts), whatever an element costs to check.
 */
const YIELD_EVERY = 32;

/** Checks a parsed IFC model against a document. */
export async function checkParsedModel(
  doc: IdsDocument,
  model: IfcModel,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const started = performance.now();
  const { signal, onProgress } = options;
  const budget = new FailureBudget({
    perSpecification: options.maxFailuresPerSpecification,
    total: options.maxFailuresTotal,
    chars: options.maxFailureChars,
  });
  const slice = new TimeSlice(undefined, signal);
  // Plan: candidates per specification, so progress has a total.
  const plans = [];
  for (const spec of doc.specifications) {
    await slice.maybeYield();
    plans.push(plan(spec));
  }
  function plan(spec: Specification) {
    const listed = spec.ifcVersion.some((v) => FAMILY_OF_VERSION[v] === model.family);
    const inScope = listed || !options.skipOtherIfcVersions;
    if (!inScope) {
      return { spec, inScope, listed, candidates: [] as number[], app: [], req: [] };
    }
    const app = spec.applicability.facets.map((f) => compile(model, f));
    const req = (spec.requirements?.facets ?? []).map((f) => ({
      facet: f,
      checker: compile(model, f),
    }));
    const candidates = app.length ? app[0].candidates() : [];
    return { spec, inScope, listed, candidates, app, req };
  }
  const total = plans.reduce((n, p) => n + p.candidates.length, 0) || 1;
  let done = 0;
  let sinceYield = 0;
  const results: SpecificationResult[] = [];
  for (const { spec, inScope, listed, candidates, app, req } of plans) {
    signal?.throwIfAborted();
    await slice.maybeYield();
    const occurs = occursOf(spec);
    const texts = describeSpecification(spec);
    const base = {
      name: spec.name,
      identifier: spec.identifier,
      description: spec.description,
      instructions: spec.instructions,
      occurs,
      applicabilityText: texts.applicability,
      requirementsText: texts.requirements,
    };
    if (!inScope) {
      results.push({
        ...base,
        status: "pass",
        applicable: 0,
        passed: 0,
        failed: 0,
        failures: [],
        skipped:
          `not checked: the model is ${model.step.schemaIdentifier}, the specification is for ${
            spec.ifcVersion.join(", ")
          }`,
      });
      continue;
    }
    const failures: CheckFailure[] = [];
    const facetTexts = req.map(({ facet }) =>
      describeFacet(facet, "requirements", occurs === "prohibited")
    );
    const prohibitedText = texts.applicability.join("; ");
    let omitted = 0;
    let applicable = 0;
    let passed = 0;
    let failed = 0;
    for (const id of candidates) {
      if (++sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        if (slice.due()) {
          onProgress?.(done, total);
          await slice.yield();
        }
      }
      done++;
      let ok = true;
      for (let k = 0; k < app.length && ok; k++) ok = app[k].applies(id);
      if (!ok) continue;
      applicable++;
      if (occurs === "prohibited") {
        // Matching a prohibited specification is itself the failure: report each element so a
        // coordinator (and a BCF topic) can point at it.
        failed++;
        if (budget.admits(failures.length)) {
          failures.push(
            budget.add(failureOf(model, id, prohibitedText, "matches a prohibited specification")),
          );
        } else omitted++;
        continue;
      }
      let elementOk = true;
      for (let k = 0; k < req.length; k++) {
        const o = req[k].checker.check(id);
        if (o.ok) continue;
        elementOk = false;
        if (budget.admits(failures.length)) {
          failures.push(budget.add({
            ...failureOf(model, id, facetTexts[k], o.reason ?? "requirement not met"),
            facetKind: req[k].facet.facet,
          }));
        } else omitted++;
      }
      if (elementOk) passed++;
      else failed++;
    }
    let status: "pass" | "fail" = failed ? "fail" : "pass";
    if (occurs === "required" && applicable === 0) {
      status = "fail";
      failures.push({
        globalId: "",
        entity: "",
        facet: texts.applicability.join("; "),
        reason: "no element in the model is applicable, but the specification is required",
      });
    }
    results.push({
      ...base,
      status,
      applicable,
      passed,
      failed,
      failures,
      ...(omitted ? { omittedFailures: omitted } : {}),
      ...(listed ? {} : {
        warning: `the model is ${model.step.schemaIdentifier}, but the specification lists ${
          spec.ifcVersion.join(", ")
        }`,
      }),
    });
  }
  onProgress?.(total, total);
  const truncated = budget.note(results.reduce((n, r) => n + (r.omittedFailures ?? 0), 0));
  return {
    status: results.some((r) => r.status === "fail") ? "fail" : "pass",
    title: doc.info.title,
    ids: options.idsName,
    model: options.modelName,
    schema: model.step.schemaIdentifier,
    specifications: withSubtypeHints(model, doc.specifications, results),
    ...(truncated ? { truncated } : {}),
    checkedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
  };
}

function failureOf(model: IfcModel, id: number, facet: string, reason: string): CheckFailure {
  const globalId = model.str(id, "GlobalId") ?? "";
  const name = model.str(id, "Name");
  return {
    globalId,
    entity: model.typeOf(id),
    ...(name !== undefined ? { name } : {}),
    facet,
    reason,
    stepId: id,
  };
}

/** The report of an IDS that cannot be used for checking: status `invalid`, with why. */
export function invalidReport(
  issues: readonly { kind: string; message: string; path?: string; line?: number }[],
  title: string | undefined,
  options: CheckOptions,
  started: number,
): CheckReport {
  return {
    status: "invalid",
    title,
    ids: options.idsName,
    model: options.modelName,
    errors: issues.map((i) => ({
      input: "ids" as const,
      kind: i.kind,
      message: i.message,
      ...(i.path !== undefined ? { path: i.path } : {}),
      ...(i.line !== undefined ? { line: i.line } : {}),
    })),
    specifications: [],
    checkedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * The report for an input that cannot be checked at all (an unreadable file, a model that is
 * not STEP, a bad .ifczip), so every caller can still print a report.
 */
export function inputErrorReport(
  input: "ids" | "model",
  message: string,
  options: Pick<CheckOptions, "idsName" | "modelName"> = {},
  more: NonNullable<CheckReport["errors"]> = [],
): CheckReport {
  return {
    status: "invalid",
    ids: options.idsName,
    model: options.modelName,
    errors: [{ input, kind: input === "model" ? "model" : "io", message }, ...more],
    specifications: [],
    checkedAt: new Date().toISOString(),
    durationMs: 0,
  };
}

/**
 * Checks IFC model bytes against a document. Throws `ModelReadError`/`StepSyntaxError` when
 * the model cannot be read, and the signal's reason when aborted.
 */
export async function checkModel(
  doc: IdsDocument,
  ifc: Uint8Array,
  options: CheckOptions = {},
): Promise<CheckReport> {
  options.signal?.throwIfAborted();
  const report = options.onProgress;
  const READ_SHARE = 300;
  // Read without blocking: other calls are served while a big model is indexed.
  const model = await IfcModel.open(ifc, {
    onProgress: report && ((done, total) => report(Math.floor((done / total) * READ_SHARE), 1000)),
    signal: options.signal,
  });
  // Relationship indexes the facets need, built in slices too.
  const kinds = new Set<string>();
  for (const s of doc.specifications) {
    for (const f of [...s.applicability.facets, ...(s.requirements?.facets ?? [])]) {
      kinds.add(f.facet);
    }
  }
  await runSliced(model.prepareSliced(kinds), { signal: options.signal });
  return await checkParsedModel(doc, model, {
    ...options,
    onProgress: report &&
      ((done, total) =>
        report(READ_SHARE + Math.floor((done / total) * (1000 - READ_SHARE)), 1000)),
  });
}
