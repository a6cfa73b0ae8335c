/**
 * IFC model tools: `validate_ifc_model` checks an IFC model (a file inside an allowed root,
 * or the model's STEP text in the call) against the session's IDS document and returns the
 * report as JSON, a self-contained HTML page or console text. It sends MCP progress
 * notifications when the client gives a progress token, and stops when the request is
 * cancelled. `inspect_ifc_model` summarises what a model contains, so an IDS can be written to
 * fit it.
 *
 * @module
 */
import type { CallToolResult, McpServer } from "../../deps/mcp_sdk.ts";
import { z } from "../../deps/zod.ts";
import type { ToolContext } from "../context.ts";
import { fail, ok, runTool } from "../result.ts";
import { heavyWorkFor } from "../heavy_work.ts";
import { readDocument } from "../session.ts";
import { READ_ONLY } from "../schemas.ts";
import { IdsError } from "../../ids/errors.ts";
import { resolveReadPath } from "../../fs/roots.ts";
import { checkModel } from "../../ifc/check.ts";
import { IfcModel, ModelReadError } from "../../ifc/model.ts";
import { readModelFile } from "../../ifc/open_model.ts";
import { inspectModelAsync } from "../../ifc/inspect.ts";
import { StepSyntaxError } from "../../ifc/step.ts";
import { reportToJson } from "../../ifc/report/json.ts";
import { renderHtml } from "../../ifc/report/html.ts";
import { renderText } from "../../ifc/report/text.ts";
import type { CheckReport } from "../../ifc/report/types.ts";

/** Largest model accepted as `ifc_content` (characters). Bigger models go by path. */
const MAX_CONTENT_CHARS = 256 * 1024 * 1024;

/** Minimal view of the SDK's request handler extra we use. */
interface Extra {
  readonly signal: AbortSignal;
  readonly _meta?: { progressToken?: string | number };
  sendNotification(n: {
    method: "notifications/progress";
    params: { progressToken: string | number; progress: number; total?: number; message?: string };
  }): Promise<void>;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

async function loadModel(
  ctx: ToolContext,
  path: string | undefined,
  content: string | undefined,
): Promise<{ bytes: Uint8Array; name: string }> {
  if ((path === undefined) === (content === undefined)) {
    throw new IdsError(
      "invalid_argument",
      "give exactly one of ifc_file_path (a file inside an allowed root) or ifc_content (the IFC STEP text)",
    );
  }
  if (content !== undefined) {
    if (content.length > MAX_CONTENT_CHARS) {
      throw new IdsError(
        "too_large",
        `ifc_content has ${content.length} characters; the limit is ${MAX_CONTENT_CHARS}: pass a file path instead`,
      );
    }
    return { bytes: new TextEncoder().encode(content), name: "ifc_content" };
  }
  const real = await resolveReadPath(path!, ctx.roots);
  try {
    // .ifc or .ifczip (detected by content, inflated with zip-bomb limits).
    return { bytes: await readModelFile(real), name: baseName(real) };
  } catch (e) {
    if (e instanceof ModelReadError) {
      throw new IdsError("invalid_argument", `the IFC model cannot be read: ${e.message}`);
    }
    throw new IdsError("io", `cannot read IFC model '${path}': ${(e as Error).message}`);
  }
}

/**
 * An input that cannot be checked: an `isError` result whose structured content (the tool's
 * usual shape, status `invalid`) names the input and why, like `check --format json`.
 */
function invalidInput(input: "ids" | "model", error: unknown): CallToolResult {
  const e = error instanceof IdsError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return {
    ...fail(error),
    structuredContent: {
      status: "validation_complete",
      overall_status: "invalid",
      total_specifications: 0,
      passed_specifications: 0,
      failed_specifications: 0,
      report: {
        status: "invalid",
        errors: [
          { input, kind: e?.code ?? "internal_error", message },
          ...(e?.issues ?? []).map((i) => ({
            input,
            kind: i.kind,
            message: i.message,
            ...(i.path !== undefined ? { path: i.path } : {}),
          })),
        ],
        specifications: [],
      },
    },
  };
}

type JsonReport = ReturnType<typeof reportToJson>;

/**
 * The JSON report with ifc-ids-mcp's per-specification field names as well, so prompts written
 * for it keep working: `status` in its vocabulary (`passed`, `failed`, or
 * `no_applicable_entities` for a passing specification no element applied to), and
 * `applicable_entities`, `passed_entities`, `failed_entities`. Our own verdict stays as
 * `check_status` (`pass` | `fail`) next to `applicable`, `passed`, `failed`.
 */
function withUpstreamFields(json: JsonReport): JsonReport {
  const specs = Array.isArray(json.specifications) ? json.specifications : [];
  return {
    ...json,
    specifications: specs.map((s) => {
      const spec = s as { [key: string]: ReturnType<typeof reportToJson>[string] };
      const applicable = Number(spec.applicable ?? 0);
      return {
        ...spec,
        status: spec.status === "fail"
          ? "failed"
          : applicable === 0
          ? "no_applicable_entities"
          : "passed",
        check_status: spec.status,
        applicable_entities: applicable,
        passed_entities: spec.passed,
        failed_entities: spec.failed,
      };
    }),
  };
}

function summary(report: CheckReport) {
  const specs = report.specifications;
  return {
    total_specifications: specs.length,
    passed_specifications: specs.filter((s) => s.status === "pass").length,
    failed_specifications: specs.filter((s) => s.status === "fail").length,
  };
}

/** The two ways to give a model, shared by the IFC tools. */
const modelInput = {
  ifc_file_path: z.string().min(1).optional().describe(
    "Path of the .ifc file; must be inside an allowed root of the server",
  ),
  ifc_content: z.string().min(1).optional().describe(
    "The IFC model itself (ISO-10303-21 STEP text), instead of a path",
  ),
};

function unreadable(e: unknown): never {
  if (e instanceof ModelReadError || e instanceof StepSyntaxError) {
    throw new IdsError("invalid_argument", `the IFC model cannot be read: ${e.message}`);
  }
  throw e;
}

const count = z.number();
const inspectOutput = {
  schema: z.string(),
  schema_identifier: z.string(),
  instances: count,
  entities: z.array(z.object({
    entity: z.string(),
    count,
    predefined_types: z.array(z.object({ value: z.string(), count })),
  })),
  other_classes: z.array(z.object({ entity: z.string(), count })),
  property_sets: z.array(z.object({
    name: z.string(),
    kind: z.enum(["pset", "qto"]),
    count,
    properties: z.array(z.object({
      name: z.string(),
      data_types: z.array(z.string()),
      data_type: z.string().nullable(),
      count,
      examples: z.array(z.union([z.string(), z.number(), z.boolean()])),
    })),
    entities: z.array(z.string()),
  })),
  classifications: z.array(z.object({
    system: z.string().nullable(),
    edition: z.string().nullable(),
    references: count,
    elements: count,
    examples: z.array(z.string()),
  })),
  materials: z.array(
    z.object({ name: z.string(), category: z.string().nullable(), elements: count }),
  ),
  spatial_structure: z.array(z.object({
    entity: z.string(),
    name: z.string().nullable(),
    global_id: z.string().nullable(),
    parent: z.number().nullable(),
    depth: count,
    elements: count,
    element_classes: z.record(z.string(), z.number()),
    spaces: count,
  })),
};

export function registerIfcTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool("inspect_ifc_model", {
    title: "Inspect IFC model",
    description: "What an IFC model contains, to write an IDS that fits it: schema; every " +
      "object/type class with its count and predefined types; the property and quantity " +
      "sets found with each property's data types, counts and example values, and the " +
      "classes that carry them; classification systems with reference counts; materials; " +
      "the spatial structure (site, building, storeys…) with element counts. Give " +
      "ifc_file_path (inside an allowed root) or ifc_content.",
    inputSchema: modelInput,
    outputSchema: inspectOutput,
    annotations: READ_ONLY,
  }, (args, extra) =>
    runTool(() =>
      heavyWorkFor(ctx.config).run({
        tool: "inspect_ifc_model",
        session: ctx.sessionId,
        contentChars: args.ifc_content?.length,
        signal: extra.signal,
      }, async () => {
        const model = await loadModel(ctx, args.ifc_file_path, args.ifc_content);
        let ifc: IfcModel;
        try {
          // Sliced (the event loop gets a turn every ~10 ms): other clients stay served.
          ifc = await IfcModel.open(model.bytes, { signal: extra.signal });
        } catch (e) {
          if (extra.signal.aborted) throw e;
          unreadable(e);
        }
        return await inspectModelAsync(ifc, { signal: extra.signal });
      })
    ));

  server.registerTool("validate_ifc_model", {
    title: "Validate IFC model",
    description: "Check an IFC model (IFC2X3, IFC4, IFC4X3) against the current IDS document. " +
      "Give ifc_file_path (inside an allowed root) or ifc_content (the STEP text). Returns " +
      "pass/fail counts per specification and the report as json (default), html or console " +
      "text; failures name the element (GlobalId, class, Name), the facet and the reason. " +
      "In the json report each specification has status (passed | failed | " +
      "no_applicable_entities), applicable_entities, passed_entities and failed_entities.",
    inputSchema: {
      ...modelInput,
      report_format: z.enum(["json", "html", "console"]).default("json").describe(
        "json: structured report; html: self-contained page; console: plain text",
      ),
      max_failures: z.number().int().min(0).default(200).describe(
        "Keep at most this many failing elements per specification in the report (counts stay exact)",
      ),
      only_listed_versions: z.boolean().default(false).describe(
        "Skip specifications whose ifcVersion does not list the model's schema",
      ),
    },
    outputSchema: {
      status: z.literal("validation_complete"),
      overall_status: z.enum(["pass", "fail", "invalid"]),
      schema: z.string().optional(),
      total_specifications: z.number(),
      passed_specifications: z.number(),
      failed_specifications: z.number(),
      report: z.union([z.string(), z.record(z.string(), z.unknown())]),
    },
    annotations: READ_ONLY,
  }, (args, extra) =>
    heavyWorkFor(ctx.config).run({
      tool: "validate_ifc_model",
      session: ctx.sessionId,
      contentChars: args.ifc_content?.length,
      signal: extra.signal,
    }, () => validateModel(args, extra)).catch(fail));

  async function validateModel(
    args: {
      ifc_file_path?: string;
      ifc_content?: string;
      report_format: "json" | "html" | "console";
      max_failures: number;
      only_listed_versions: boolean;
    },
    extra: unknown,
  ): Promise<CallToolResult> {
    let input: "ids" | "model" | undefined;
    try {
      const ex = extra as unknown as Extra;
      input = "ids";
      const doc = await readDocument(ctx);
      if (!doc.specifications.length) {
        throw new IdsError(
          "invalid_argument",
          "the IDS document has no specifications to check the model against; add one with add_specification",
        );
      }
      input = "model";
      const model = await loadModel(ctx, args.ifc_file_path, args.ifc_content);
      input = undefined;
      const token = ex._meta?.progressToken;
      let lastSent = 0;
      const onProgress = token === undefined ? undefined : (done: number, total: number) => {
        const now = Date.now();
        if (done < total && now - lastSent < 100) return;
        lastSent = now;
        ex.sendNotification({
          method: "notifications/progress",
          params: { progressToken: token, progress: done, total, message: "checking elements" },
        }).catch(() => {});
      };
      let report: CheckReport;
      try {
        report = await checkModel(doc, model.bytes, {
          signal: ex.signal,
          onProgress,
          modelName: model.name,
          idsName: doc.info.title,
          skipOtherIfcVersions: args.only_listed_versions,
          maxFailuresPerSpecification: args.max_failures,
        });
      } catch (e) {
        if (e instanceof ModelReadError || e instanceof StepSyntaxError) input = "model";
        if (ex.signal.aborted && input === undefined) {
          throw new IdsError("invalid_argument", "the check was cancelled");
        }
        unreadable(e);
      }
      if (report.status === "invalid") {
        input = "ids";
        throw new IdsError(
          "structure",
          "the IDS document is not valid for IFC, so the model was not checked; fix these first",
          (report.errors ?? []).map((e) => ({
            kind: "content" as const,
            message: e.message,
            ...(e.path !== undefined ? { path: e.path } : {}),
          })),
        );
      }
      const rendered = args.report_format === "html"
        ? renderHtml(report)
        : args.report_format === "console"
        ? renderText(report, { color: false })
        : withUpstreamFields(reportToJson(report));
      return ok({
        status: "validation_complete" as const,
        overall_status: report.status,
        ...(report.schema !== undefined ? { schema: report.schema } : {}),
        ...summary(report),
        report: rendered,
      });
    } catch (e) {
      return input ? invalidInput(input, e) : fail(e);
    }
  }
}
