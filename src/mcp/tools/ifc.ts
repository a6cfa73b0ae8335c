/**
 * IFC model tools: `validate_ifc_model` checks an IFC model (a file inside an allowed root,
 * or the model's STEP text in the call) against the session's IDS document and returns the
 * report as JSON, a self-contained HTML page or console text. It sends MCP progress
 * notifications when the client gives a progress token, and stops when the request is
 * cancelled. `inspect_ifc_model` summarises what a model contains, so an IDS can be written to
 * fit it (with progress notifications too).
 *
 * @module
 */
import type { CallToolResult, McpServer } from "../../deps/mcp_sdk.ts";
import { nextTurn } from "../../ids/time_slice.ts";
import { z } from "../../deps/zod.ts";
import type { ToolContext } from "../context.ts";
import { fail, runTool } from "../result.ts";
import { heavyWorkFor } from "../heavy_work.ts";
import { readDocument } from "../session.ts";
import { READ_ONLY } from "../schemas.ts";
import { IdsError } from "../../ids/errors.ts";
import { checkIdsDocument } from "../../check/run.ts";
import { ModelReadError } from "../../ifc/model.ts";
import { readModelFile } from "../../ifc/open_model.ts";
import { inspectStepBytes } from "../../ifc/inspect.ts";
import { StepSyntaxError } from "../../ifc/step.ts";
import type { CheckReport } from "../../ifc/report/types.ts";
import { resolveReadPath, resolveWritePath } from "../../fs/roots.ts";
import { present, writeFileAtomic } from "../../fs/write_file.ts";
import { formatBytes } from "../../session/chunks.ts";
import { compactReport, jsonBytes, textSummary } from "../report_summary.ts";
import { registerAppTool } from "../../deps/ext_apps.ts";
import { appToolMeta, noteAppTool, REPORT_APP_URI } from "../apps/apps.ts";
import {
  allowedFile,
  fileExtensions,
  MAX_FILE_BYTES,
  type Rendered,
  renderReportBytes,
  renderWithin,
  type ReportFormat,
  storeReport,
} from "../reports.ts";

/** Largest model accepted as `ifc_content` (characters). Bigger models go by path. */
const MAX_CONTENT_CHARS = 256 * 1024 * 1024;
/** Upper bound of `max_failures` (failure entries kept per specification). */
export const MAX_FAILURES_PER_SPEC = 1000;
/** Failure entries a report keeps across all specifications (counts stay exact). */
export const MAX_REPORT_FAILURES = 10_000;
/** Estimated characters of the failure entries a report keeps across all specifications. */
export const MAX_REPORT_FAILURE_CHARS = 8_000_000;
/**
 * The text content repeats the structured reply as JSON up to this size (as MCP suggests for
 * clients that read only text); above it the text is a short human summary instead, so a
 * large summary is never sent twice.
 */
export const TEXT_JSON_MAX_BYTES = 12 * 1024;

/** Minimal view of the SDK's request handler extra we use. */
interface Extra {
  readonly signal: AbortSignal;
  readonly _meta?: { progressToken?: string | number };
  sendNotification(n: {
    method: "notifications/progress";
    params: { progressToken: string | number; progress: number; total?: number; message?: string };
  }): Promise<void>;
}

/** A progress callback for the engine, and a way to wait until its notifications are sent. */
interface ProgressNotifier {
  readonly onProgress?: (done: number, total: number) => void;
  /** Resolves once every notification handed to the SDK so far is written. */
  sent(): Promise<void>;
}

/**
 * Progress notifications for the request's progress token (none without one), at most one per
 * 100 ms and always the last: a big model must not flood the client. The tool awaits `sent()`
 * before it returns: the notifications are written, then the event loop turns once, and only
 * then the result. The SDK's client handles a notification a microtask after a response read
 * in the same chunk, and drops progress for a request it has finished: the last notification
 * must not arrive together with the result.
 */
function progressNotifier(ex: Extra, message: string): ProgressNotifier {
  const token = ex._meta?.progressToken;
  if (token === undefined) return { sent: () => Promise.resolve() };
  let lastSent = 0;
  let pending: Promise<void> = Promise.resolve();
  return {
    onProgress: (done, total) => {
      const now = Date.now();
      if (done < total && now - lastSent < 100) return;
      lastSent = now;
      const sending = ex.sendNotification({
        method: "notifications/progress",
        params: { progressToken: token, progress: done, total, message },
      }).catch(() => {});
      pending = pending.then(() => sending);
    },
    sent: () => pending.then(nextTurn),
  };
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

function counts(report: CheckReport) {
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
    "Path of the .ifc file, inside an allowed root of the server",
  ),
  ifc_content: z.string().min(1).optional().describe(
    "The model's STEP text (ISO-10303-21), instead of a path",
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

/**
 * The reply of a finished check: the compact summary (src/mcp/report_summary.ts), the full
 * report stored as a resource and linked (src/mcp/reports.ts), and written to `filePath` when
 * asked. The text content is the structured reply as JSON when that is small, else a short
 * human summary (never the large payload twice).
 */
async function validationReply(
  ctx: ToolContext,
  report: CheckReport,
  format: ReportFormat,
  filePath: string | undefined,
  args: { output_path?: string; overwrite: boolean },
): Promise<CallToolResult> {
  let rendered: Rendered | undefined = renderReportBytes(report, format);
  let outputFile: string | undefined;
  if (filePath !== undefined) {
    const fitted = renderWithin(
      report,
      format,
      MAX_FILE_BYTES,
      `to keep the file under ${formatBytes(MAX_FILE_BYTES)}`,
      rendered,
    );
    if (!fitted) {
      throw new IdsError(
        "too_large",
        `the ${format} report would be larger than ${
          formatBytes(MAX_FILE_BYTES)
        } even without failure entries; nothing was written (use report_format json)`,
      );
    }
    await writeFileAtomic(filePath, fitted.rendered.bytes, {
      overwrite: args.overwrite,
      shownAs: args.output_path,
    });
    outputFile = args.output_path;
  }
  let stored: Awaited<ReturnType<typeof storeReport>>;
  try {
    stored = await storeReport(ctx, report, format, rendered);
  } catch (e) {
    const code = e instanceof IdsError ? `${e.code}: ` : "";
    stored = {
      error: `the full report could not be stored (${code}${(e as Error).message})` +
        (outputFile === undefined ? "; pass output_path to write it to a file instead" : ""),
    };
  }
  rendered = undefined;
  const compact = compactReport(report);
  const link = "uri" in stored ? stored : undefined;
  const structured: Record<string, unknown> = {
    status: "validation_complete",
    overall_status: report.status,
    ...(report.schema !== undefined ? { schema: report.schema } : {}),
    ...counts(report),
    report: compact.report,
    report_format: format,
    ...(link
      ? {
        report_uri: link.uri,
        report_size: link.meta.size,
        ...(link.note ? { report_note: link.note } : {}),
      }
      : { report_error: (stored as { error: string }).error }),
    ...(outputFile !== undefined ? { output_file: outputFile } : {}),
  };
  const json = JSON.stringify(structured);
  const text = jsonBytes(structured) <= TEXT_JSON_MAX_BYTES ? json : textSummary(
    report,
    link && { uri: link.uri, format, size: link.meta.size },
    compact.trimmed ?? link?.note,
  );
  const content: CallToolResult["content"] = [{ type: "text", text }];
  if (link) {
    content.push(
      {
        type: "resource_link",
        uri: link.uri,
        name: link.meta.name,
        mimeType: link.meta.mimeType,
        size: link.meta.size,
        description: link.meta.description,
      } as CallToolResult["content"][number],
    );
  }
  return { content, structuredContent: structured };
}

/** The parsed arguments of `validate_ifc_model`. */
interface ValidateArgs {
  ifc_file_path?: string;
  ifc_content?: string;
  report_format: ReportFormat;
  max_failures: number;
  only_listed_versions: boolean;
  strict: boolean;
  output_path?: string;
  overwrite: boolean;
}

export function registerIfcTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool("inspect_ifc_model", {
    title: "Inspect IFC model",
    description: "What an IFC model contains, to write an IDS that fits it: schema; classes " +
      "with counts and predefined types; property and quantity sets found, with each " +
      "property's data types, counts, example values and carrying classes; classification " +
      "systems; materials; spatial structure with element counts. Give ifc_file_path or " +
      "ifc_content.",
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
        const progress = progressNotifier(extra as unknown as Extra, "inspecting the model");
        try {
          // Sliced (the event loop gets a turn every ~10 ms): other clients stay served.
          const inspection = await inspectStepBytes(model.bytes, {
            signal: extra.signal,
            onProgress: progress.onProgress,
          });
          await progress.sent();
          return inspection;
        } catch (e) {
          if (extra.signal.aborted) throw e;
          unreadable(e);
        }
      })
    ));

  const validate = registerAppTool(server, "validate_ifc_model", {
    title: "Validate IFC model",
    description: "Check an IFC model (IFC2X3, IFC4, IFC4X3) against the current IDS document. " +
      "Give ifc_file_path (inside an allowed root) or ifc_content (the STEP text). Replies " +
      "with a compact summary: per specification status (passed | failed | " +
      "no_applicable_entities), applicable/passed/failed counts and the most frequent " +
      "failure reasons grouped with example elements (GlobalId, class, Name). The full report " +
      "(report_format json, html, console text or a bcf zip) is a resource linked from the " +
      "reply (resources/read report_uri); output_path also writes it to a file.",
    inputSchema: {
      ...modelInput,
      report_format: z.enum(["json", "html", "console", "bcf"]).default("json").describe(
        "Format of the full report behind report_uri: json, html (self-contained page), " +
          "console (plain text) or bcf (BCF 2.1 zip, one topic per failing element)",
      ),
      max_failures: z.number().int().min(0).max(MAX_FAILURES_PER_SPEC).default(200).describe(
        `Failing elements kept per specification in the full report (at most ` +
          `${MAX_FAILURES_PER_SPEC}; ${MAX_REPORT_FAILURES} across all; counts stay exact)`,
      ),
      only_listed_versions: z.boolean().default(false).describe(
        "Skip specifications whose ifcVersion does not list the model's schema",
      ),
      strict: z.boolean().default(false).describe(
        "Refuse on every IDS audit error (default: only on those that make checking " +
          "impossible; the others are listed in the report's idsFindings)",
      ),
      output_path: z.string().optional().describe(
        "Also write the full report to this file (inside an allowed root; extension to " +
          "match the format: .json, .html, .txt, .bcf)",
      ),
      overwrite: z.boolean().default(false).describe("Replace output_path if it exists"),
    },
    outputSchema: {
      status: z.literal("validation_complete"),
      overall_status: z.enum(["pass", "fail", "invalid"]),
      schema: z.string().optional(),
      total_specifications: z.number(),
      passed_specifications: z.number(),
      failed_specifications: z.number(),
      report: z.record(z.string(), z.unknown()),
      report_format: z.string().optional(),
      report_uri: z.string().optional(),
      report_size: z.number().optional(),
      report_note: z.string().optional(),
      report_error: z.string().optional(),
      output_file: z.string().optional(),
    },
    annotations: READ_ONLY,
    // The check-report app (src/mcp/apps/), for hosts that render MCP Apps.
    _meta: appToolMeta(REPORT_APP_URI),
    // registerAppTool's conditional callback type gives no contextual types: spelled out.
  }, (args: ValidateArgs, extra: { signal: AbortSignal }) =>
    heavyWorkFor(ctx.config).run({
      tool: "validate_ifc_model",
      session: ctx.sessionId,
      contentChars: args.ifc_content?.length,
      signal: extra.signal,
    }, () => validateModel(args, extra)).catch(fail));
  noteAppTool(server, validate);

  async function validateModel(
    args: ValidateArgs,
    extra: unknown,
  ): Promise<CallToolResult> {
    let input: "ids" | "model" | undefined;
    try {
      const ex = extra as unknown as Extra;
      const format = args.report_format as ReportFormat;
      // A file that cannot be written is refused before the (long) check.
      const toFile = args.output_path !== undefined && args.output_path !== "";
      if (toFile && !allowedFile(format, args.output_path!)) {
        throw new IdsError(
          "invalid_argument",
          `a ${format} report is written only to ${fileExtensions(format)} files, not ` +
            `'${args.output_path!.slice(-80)}'; change output_path or report_format`,
        );
      }
      const filePath = toFile
        ? await resolveWritePath(args.output_path!, ctx.writeRoots ?? ctx.roots)
        : undefined;
      // A quick refusal before a long check; the write itself checks again.
      if (filePath !== undefined && !args.overwrite && await present(filePath)) {
        throw new IdsError(
          "file_exists",
          `'${args.output_path}' already exists; pass overwrite: true to replace it, or choose ` +
            `another name`,
        );
      }
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
      const progress = progressNotifier(ex, "checking elements");
      let report: CheckReport;
      try {
        report = await checkIdsDocument(doc, model.bytes, {
          strict: args.strict,
          signal: ex.signal,
          onProgress: progress.onProgress,
          modelName: model.name,
          idsName: doc.info.title,
          skipOtherIfcVersions: args.only_listed_versions,
          maxFailuresPerSpecification: args.max_failures,
          maxFailuresTotal: MAX_REPORT_FAILURES,
          maxFailureChars: MAX_REPORT_FAILURE_CHARS,
        });
        await progress.sent();
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
      return await validationReply(ctx, report, format, filePath, args);
    } catch (e) {
      return input ? invalidInput(input, e) : fail(e);
    }
  }
}
