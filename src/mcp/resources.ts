/**
 * MCP resources of the session: the current document as IDS XML (`ids://session/document`)
 * and its summary as JSON (`ids://session/info`), so clients can show or attach them without
 * a tool call; and IFC schema knowledge as resource templates
 * (`ifc://schema/{version}/entity/{name}`, `ifc://schema/{version}/pset/{name}`), the same JSON
 * as `describe_ifc_entity` and one standard property or quantity set; the session's check
 * reports (`ids://session/reports/{report}`, src/mcp/reports.ts). The spec sheet of the
 * document (`ids://session/spec-sheet.html`, `.md`) is rendered on each read, never stored.
 *
 * @module
 */
import { type McpServer, ResourceTemplate } from "../deps/mcp_sdk.ts";
import { getSchema } from "../schema/schema.ts";
import { getPsets } from "../schema/psets.ts";
import { writeIds } from "../ids/xml.ts";
import {
  renderSpecSheet,
  SHEET_FORMATS,
  SHEET_MIME,
  type SheetFormat,
} from "../ids/render/render.ts";
import type { ToolContext } from "./context.ts";
import { readDocument as readSessionDocument } from "./session.ts";
import { isIdsError } from "../ids/errors.ts";
import { summarize } from "./summary.ts";
import { describeEntity, describePropertySet, schemaOfVersion } from "./schema_views.ts";
import { registerReportResources } from "./reports.ts";

export const DOCUMENT_URI = "ids://session/document";
export const INFO_URI = "ids://session/info";
export const ENTITY_TEMPLATE = "ifc://schema/{version}/entity/{name}";
export const PSET_TEMPLATE = "ifc://schema/{version}/pset/{name}";

const VERSIONS = ["IFC2X3", "IFC4", "IFC4X3_ADD2"];
/** MCP's "resource not found" JSON-RPC error code. */
const RESOURCE_NOT_FOUND = -32002;

/**
 * The session's document, or "resource not found" when there is none yet: the SDK would
 * report the thrown error as -32603 (internal error), blaming the server for the client's
 * order of calls.
 */
async function readDocument(ctx: ToolContext) {
  try {
    return await readSessionDocument(ctx);
  } catch (e) {
    if (isIdsError(e, "no_document") || isIdsError(e, "session_not_found")) {
      throw Object.assign(new Error(`${e.code}: ${e.message}`), { code: RESOURCE_NOT_FOUND });
    }
    throw e;
  }
}
const MAX_COMPLETIONS = 100;

/** One template variable's value (the SDK gives lists for exploded variables). */
function one(v: string | string[] | undefined): string {
  return decodeURIComponent(Array.isArray(v) ? v[0] ?? "" : v ?? "");
}

function json(uri: URL, value: unknown) {
  return {
    contents: [{
      uri: uri.href,
      mimeType: "application/json",
      text: JSON.stringify(value, null, 2),
    }],
  };
}

/** Names starting with what the client typed so far, for the version it chose. */
function completeNames(kind: "entity" | "pset") {
  return (value: string, context?: { arguments?: Record<string, string> }) => {
    let family;
    try {
      family = schemaOfVersion(context?.arguments?.version ?? "IFC4");
    } catch {
      return [];
    }
    const names = kind === "entity"
      ? [...getSchema(family).entities.values()].map((e) => e.upper)
      : getPsets(family).all().map((s) => s.name);
    const prefix = value.toUpperCase();
    return names.filter((n) => n.toUpperCase().startsWith(prefix)).slice(0, MAX_COMPLETIONS);
  };
}

function template(pattern: string, kind: "entity" | "pset"): ResourceTemplate {
  return new ResourceTemplate(pattern, {
    list: undefined,
    complete: {
      version: (v) => VERSIONS.filter((x) => x.startsWith(v.toUpperCase())),
      name: completeNames(kind),
    },
  });
}

export function registerResources(server: McpServer, ctx: ToolContext): void {
  server.registerResource("ids-document", DOCUMENT_URI, {
    title: "Current IDS document",
    description: "The session's IDS document as IDS 1.0 XML",
    mimeType: "application/xml",
  }, async (uri) => {
    const doc = await readDocument(ctx);
    // Within one HTTP request (a batch of reads) the document is written once.
    const budget = ctx.replyBudget?.();
    const text = budget ? budget.memo(doc, () => writeIds(doc)) : writeIds(doc);
    return { contents: [{ uri: uri.href, mimeType: "application/xml", text }] };
  });
  server.registerResource("ids-info", INFO_URI, {
    title: "IDS document summary",
    description: "Title, info fields and a summary of each specification, as JSON",
    mimeType: "application/json",
  }, async (uri) => json(uri, summarize(await readDocument(ctx))));
  server.registerResource("ifc-entity", template(ENTITY_TEMPLATE, "entity"), {
    title: "IFC entity",
    description: "An IFC class in one IFC version (e.g. ifc://schema/IFC4/entity/IFCWALL): " +
      "supertypes, attributes, predefined types, standard property and quantity sets",
    mimeType: "application/json",
  }, (uri, vars) => json(uri, describeEntity(one(vars.version), one(vars.name))));
  server.registerResource("ifc-property-set", template(PSET_TEMPLATE, "pset"), {
    title: "IFC standard property set",
    description: "A standard property or quantity set of one IFC version (e.g. " +
      "ifc://schema/IFC4/pset/Pset_WallCommon): properties with kind, data type, allowed values",
    mimeType: "application/json",
  }, (uri, vars) => json(uri, describePropertySet(one(vars.version), one(vars.name))));
  registerReportResources(server, ctx);
}

/** The URI of the session document's spec sheet in `format`. */
export function specSheetUri(format: SheetFormat): string {
  return `ids://session/spec-sheet.${format}`;
}

/** The spec sheet of the session's document, one resource per format, rendered on read. */
export function registerSpecSheetResources(server: McpServer, ctx: ToolContext): void {
  for (const format of SHEET_FORMATS) {
    server.registerResource(`ids-spec-sheet-${format}`, specSheetUri(format), {
      title: `IDS spec sheet (${format === "html" ? "web page" : "Markdown"})`,
      description: "The current document for people: applicability and requirements in words, " +
        "cardinality, property tables per class",
      mimeType: SHEET_MIME[format],
    }, async (uri) => ({
      contents: [{
        uri: uri.href,
        mimeType: SHEET_MIME[format],
        text: renderSpecSheet(await readDocument(ctx), format),
      }],
    }));
  }
}
