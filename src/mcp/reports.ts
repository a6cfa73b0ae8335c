/**
 * Full check reports as MCP resources: `validate_ifc_model` renders the report (json, html,
 * console text or a BCF zip), stores it for the session (src/session/report_store.ts, Kv with
 * the session TTL) and replies with a `resource_link` to `ids://session/reports/<id>.<ext>`;
 * `resources/read` returns it (text, or a base64 `blob` for BCF) to the session that made it
 * only, and the listable template shows the session's reports in `resources/list`. A stored
 * report must be readable in one message (the SDK's stdio client drops anything above
 * 10 MB), so a rendering above {@linkcode MAX_RESOURCE_BYTES} keeps fewer failure entries
 * (the same number per specification; counts stay exact, the report says so).
 *
 * @module
 */
import { type McpServer, ResourceTemplate } from "../deps/mcp_sdk.ts";
import { IdsError } from "../ids/errors.ts";
import type { CheckReport } from "../ifc/report/types.ts";
import { reportToJson } from "../ifc/report/json.ts";
import { renderHtml } from "../ifc/report/html.ts";
import { renderText } from "../ifc/report/text.ts";
import { renderBcf } from "../ifc/report/bcf.ts";
import { fitFailures, keptFailures } from "../ifc/report/bounds.ts";
import { formatBytes } from "../session/chunks.ts";
import type { ReportMeta } from "../session/report_store.ts";
import type { ToolContext } from "./context.ts";
import { upstreamStatus } from "./report_summary.ts";

export const REPORT_TEMPLATE = "ids://session/reports/{report}";
const URI_PREFIX = "ids://session/reports/";
/** Largest report resource (bytes of text, or of the zip before base64). */
export const MAX_RESOURCE_BYTES = 6 * 1024 * 1024;
/** Largest report written to `output_path` (bytes). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** The formats of `validate_ifc_model`'s `report_format`. */
export type ReportFormat = "json" | "html" | "console" | "bcf";

const FORMATS: Record<
  ReportFormat,
  { extension: string; mimeType: string; binary: boolean; files: RegExp }
> = {
  json: { extension: "json", mimeType: "application/json", binary: false, files: /\.json$/i },
  html: { extension: "html", mimeType: "text/html", binary: false, files: /\.html?$/i },
  console: { extension: "txt", mimeType: "text/plain", binary: false, files: /\.(txt|log)$/i },
  bcf: { extension: "bcf", mimeType: "application/zip", binary: true, files: /\.bcf(zip)?$/i },
};

/** The extensions `output_path` may have for a format, for messages. */
export function fileExtensions(format: ReportFormat): string {
  return {
    json: ".json",
    html: ".html or .htm",
    console: ".txt or .log",
    bcf: ".bcf or .bcfzip",
  }[format];
}

/** Whether `path` has an extension `format` may be written to. */
export function allowedFile(format: ReportFormat, path: string): boolean {
  return FORMATS[format].files.test(path);
}

type JsonReport = ReturnType<typeof reportToJson>;

/**
 * The JSON report with ifc-ids-mcp's per-specification field names as well, so prompts written
 * for it keep working: `status` in its vocabulary (`passed`, `failed`, or
 * `no_applicable_entities` for a passing specification no element applied to), and
 * `applicable_entities`, `passed_entities`, `failed_entities`. Our own verdict stays as
 * `check_status` (`pass` | `fail`) next to `applicable`, `passed`, `failed`.
 */
export function withUpstreamFields(json: JsonReport, report: CheckReport): JsonReport {
  const specs = Array.isArray(json.specifications) ? json.specifications : [];
  return {
    ...json,
    specifications: specs.map((s, i) => {
      const spec = s as { [key: string]: JsonReport[string] };
      return {
        ...spec,
        status: upstreamStatus(report.specifications[i]),
        check_status: spec.status,
        applicable_entities: spec.applicable,
        passed_entities: spec.passed,
        failed_entities: spec.failed,
      };
    }),
  };
}

/**
 * Topics of a BCF report: one per failing element up to this many, else one per failing
 * specification (selecting its failing elements), at most this many.
 */
export const MAX_BCF_TOPICS = 2000;

/** A rendering and what it says about itself beyond the report (BCF's topic layout). */
export interface Rendered {
  readonly bytes: Uint8Array;
  readonly note?: string;
}

/** The report in a format, as bytes. */
export function renderReportBytes(report: CheckReport, format: ReportFormat): Rendered {
  const enc = new TextEncoder();
  switch (format) {
    case "json":
      return {
        bytes: enc.encode(
          JSON.stringify(withUpstreamFields(reportToJson(report), report), null, 2) + "\n",
        ),
      };
    case "html":
      return { bytes: enc.encode(renderHtml(report)) };
    case "console":
      return { bytes: enc.encode(renderText(report, { color: false })) };
    case "bcf": {
      const elements = report.specifications.reduce(
        (n, s) => n + new Set(s.failures.map((f) => f.globalId)).size,
        0,
      );
      if (elements <= MAX_BCF_TOPICS) return { bytes: renderBcf(report) };
      const failing = report.specifications.filter((s) => s.status === "fail").length;
      return {
        bytes: renderBcf(report, { perElement: false, maxTopics: MAX_BCF_TOPICS }),
        note:
          `the BCF has one topic per failing specification (${Math.min(failing, MAX_BCF_TOPICS)}${
            failing > MAX_BCF_TOPICS ? ` of ${failing}` : ""
          }), each selecting its failing ` +
          `elements: one per element would be ${elements} topics (more than ${MAX_BCF_TOPICS})`,
      };
    }
  }
}

/**
 * The rendering of `report` within `limit` bytes: as is, else with fewer failure entries
 * (estimated between the full rendering and one without failure entries, then halved until
 * it fits). Undefined when even the report without failure entries is larger (thousands of
 * specifications in html), found after two renderings.
 */
export function renderWithin(
  report: CheckReport,
  format: ReportFormat,
  limit: number,
  why: string,
  full: Rendered = renderReportBytes(report, format),
): { rendered: Rendered; report: CheckReport } | undefined {
  if (full.bytes.length <= limit) return { rendered: full, report };
  const kept = keptFailures(report);
  if (kept === 0) return undefined;
  const bare = fitFailures(report, 0, why);
  const floor = renderReportBytes(bare, format);
  if (floor.bytes.length > limit) return undefined;
  const perEntry = (full.bytes.length - floor.bytes.length) / kept;
  let target = Math.floor(((limit - floor.bytes.length) / Math.max(perEntry, 1)) * 0.9);
  for (let attempt = 0; attempt < 3 && target > 0; attempt++) {
    const fitted = fitFailures(report, target, why);
    const rendered = renderReportBytes(fitted, format);
    if (rendered.bytes.length <= limit) return { rendered, report: fitted };
    target = Math.floor(target / 2);
  }
  return { rendered: floor, report: bare };
}

/** Stores the report for the session and returns the link to it (or why there is none). */
export async function storeReport(
  ctx: ToolContext,
  report: CheckReport,
  format: ReportFormat,
  rendered?: Rendered,
): Promise<{ meta: ReportMeta; uri: string; note?: string } | { error: string }> {
  const f = FORMATS[format];
  const fitted = renderWithin(
    report,
    format,
    MAX_RESOURCE_BYTES,
    `to keep the stored report under ${formatBytes(MAX_RESOURCE_BYTES)}`,
    rendered,
  );
  if (!fitted) {
    return {
      error:
        `the full ${format} report would be larger than the ${
          formatBytes(MAX_RESOURCE_BYTES)
        } a report resource may hold even without failure entries; choose report_format json ` +
        `or console, or write it to a file with output_path`,
    };
  }
  const meta = await ctx.store.reports.put(ctx.sessionId, {
    extension: f.extension,
    mimeType: f.mimeType,
    binary: f.binary,
    bytes: fitted.rendered.bytes,
    description: `IDS check${report.title ? ` '${report.title.slice(0, 80)}'` : ""}${
      report.model ? ` of ${report.model.slice(0, 80)}` : ""
    }: ${report.status} (${format})`,
  });
  const notes = [
    fitted.report !== report ? fitted.report.truncated : undefined,
    fitted.rendered.note,
  ].filter((n) => n !== undefined);
  return {
    meta,
    uri: `${URI_PREFIX}${meta.id}.${f.extension}`,
    ...(notes.length ? { note: notes.join("; ") } : {}),
  };
}

function one(v: string | string[] | undefined): string {
  return decodeURIComponent(Array.isArray(v) ? v[0] ?? "" : v ?? "");
}

/** Registers the report resource template (listable: the session's reports). */
export function registerReportResources(server: McpServer, ctx: ToolContext): void {
  const template = new ResourceTemplate(REPORT_TEMPLATE, {
    list: async () => ({
      resources: (await ctx.store.reports.list(ctx.sessionId)).map((m) => ({
        uri: `${URI_PREFIX}${m.name.replace(/^ids-report-/, "")}`,
        name: m.name,
        mimeType: m.mimeType,
        size: m.size,
        ...(m.description ? { description: m.description } : {}),
      })),
    }),
  });
  server.registerResource("ids-report", template, {
    title: "IDS check report",
    description: "A full report of validate_ifc_model (json, html, text or BCF zip), kept for " +
      "the session that made it until the session's time to live passes",
  }, async (uri, vars) => {
    const name = one(vars.report);
    const m = /^([0-9a-f-]{36})\.(\w+)$/.exec(name);
    const found = m ? await ctx.store.reports.get(ctx.sessionId, m[1]) : undefined;
    if (!found || !found.meta.name.endsWith(`.${m![2]}`)) {
      throw new IdsError(
        "not_found",
        `report '${name.slice(0, 80)}' not found in this session: it expired, belongs to ` +
          `another session, or never existed; run validate_ifc_model again`,
      );
    }
    const { meta, bytes } = found;
    return {
      contents: [
        meta.binary
          ? { uri: uri.href, mimeType: meta.mimeType, blob: base64(bytes) }
          : { uri: uri.href, mimeType: meta.mimeType, text: new TextDecoder().decode(bytes) },
      ],
    };
  });
}

function base64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 0x8000) {
    parts.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
  }
  return btoa(parts.join(""));
}
