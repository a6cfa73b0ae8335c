/**
 * Document tools: `create_ids`, `load_ids`, `export_ids`, `get_ids_info` (the upstream
 * contract) and `update_ids_info`. Loading and exporting files go through the allowed roots.
 *
 * @module
 */
import type { McpServer } from "../../deps/mcp_sdk.ts";
import { z } from "../../deps/zod.ts";
import { IdsError } from "../../ids/errors.ts";
import { newDocument, updateInfo } from "../../ids/edit.ts";
import { parseIdsWithWarningsAsync, validateDocument, writeIds } from "../../ids/xml.ts";
import { validateIdsXmlAsync } from "../../audit/validate.ts";
import { resolveReadPath, resolveWritePath } from "../../fs/roots.ts";
import { writeFileAtomic } from "../../fs/write_file.ts";
import type { ToolContext } from "../context.ts";
import { runTool } from "../result.ts";
import { heavyWorkFor } from "../heavy_work.ts";
import { editDocument, readDocument, replaceDocument } from "../session.ts";
import { INFO_PAGE, INFO_PAGE_MAX, LISTED_SPECS, summarize, summarizeSpecs } from "../summary.ts";
import { infoFields, issue, issueGroup, OVERWRITE, READ_ONLY, specSummary } from "../schemas.ts";
import { findingsReply, issueJson, LISTED_FINDINGS, validate } from "../validation.ts";

/** What `export_ids` may write: IDS files, never code or configuration next to them. */
const EXPORT_EXTENSION = /\.(ids|xml)$/i;

const optionalInfo = {
  author: z.string().optional().describe("Author's e-mail address (IDS 1.0 requires an e-mail)"),
  version: z.string().optional(),
  date: z.string().optional().describe("YYYY-MM-DD"),
  description: z.string().optional(),
  copyright: z.string().optional(),
  milestone: z.string().optional(),
  purpose: z.string().optional(),
};

/**
 * Above this size (bytes of XML) `load_ids` counts as heavy work (heavy_work.ts): reading and
 * auditing takes seconds. The largest real IDS files we know are about 150 KB.
 */
const HEAVY_IDS_BYTES = 1024 * 1024;

/** Said when a summary lists only some specifications. */
const pageFields = {
  specifications_truncated: z.boolean().optional(),
  next_offset: z.number().optional(),
};

export function registerDocumentTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool("create_ids", {
    title: "Create IDS document",
    description: "Start a new, empty IDS document in this session (replaces any current one).",
    inputSchema: { title: z.string().describe("Document title"), ...optionalInfo },
    outputSchema: { status: z.literal("created"), session_id: z.string(), title: z.string() },
    annotations: OVERWRITE,
  }, (args) =>
    runTool(async () => {
      const doc = newDocument(args);
      await replaceDocument(ctx, () => ({ doc, result: undefined }));
      return { status: "created" as const, session_id: ctx.sessionId, title: doc.info.title };
    }));

  server.registerTool("update_ids_info", {
    title: "Update IDS info",
    description: "Change the document's info fields (title, author, version, date…). " +
      "Pass null to remove an optional field.",
    inputSchema: {
      title: z.string().optional(),
      author: z.string().nullable().optional(),
      version: z.string().nullable().optional(),
      date: z.string().nullable().optional(),
      description: z.string().nullable().optional(),
      copyright: z.string().nullable().optional(),
      milestone: z.string().nullable().optional(),
      purpose: z.string().nullable().optional(),
    },
    outputSchema: { status: z.literal("updated"), ...infoFields, ...pageFields },
    annotations: OVERWRITE,
  }, (args) =>
    runTool(async () => {
      const doc = await editDocument(ctx, (current) => {
        const next = updateInfo(current, args);
        return { doc: next, result: next };
      });
      return {
        status: "updated" as const,
        ...summarize(doc, { limit: LISTED_SPECS }),
      };
    }));

  server.registerTool("load_ids", {
    title: "Load IDS",
    description: 'Load an IDS file (source_type "file", a path inside the allowed roots) or ' +
      'IDS XML text (source_type "string") into this session, replacing the current document. ' +
      "A well-formed IDS is loaded even with errors the document can hold (audit errors, " +
      "dataType case, …) so they can be fixed with the editing tools; `valid`, `errors` and " +
      "`warnings` list every finding with its path and line (above " +
      `${LISTED_FINDINGS}: the first ${LISTED_FINDINGS}, errors_total/warnings_total, and ` +
      "error_groups/warning_groups: every finding grouped by message with a count and example " +
      "paths; validate_ids lists each one). " +
      `The reply lists the first ${LISTED_SPECS} specifications (specifications_truncated when ` +
      "there are more; get_ids_info pages through all).",
    inputSchema: {
      source: z.string().describe("A file path, or the IDS XML itself"),
      source_type: z.enum(["file", "string"]).default("file"),
    },
    outputSchema: {
      status: z.literal("loaded"),
      title: z.string(),
      author: z.string().nullable(),
      specification_count: z.number(),
      specifications: z.array(specSummary),
      specifications_truncated: z.boolean().optional(),
      valid: z.boolean(),
      errors: z.array(issue),
      warnings: z.array(issue),
      errors_total: z.number().optional(),
      warnings_total: z.number().optional(),
      error_groups: z.array(issueGroup).optional(),
      warning_groups: z.array(issueGroup).optional(),
    },
    annotations: OVERWRITE,
  }, ({ source, source_type }, extra) =>
    runTool(async () => {
      let xml: string | Uint8Array = source;
      let size = source.length;
      if (source_type === "file") {
        const path = await resolveReadPath(source, ctx.roots);
        const info = await Deno.stat(path);
        if (info.size > ctx.config.maxDocumentBytes) {
          throw new IdsError(
            "too_large",
            `'${source}' is ${info.size} bytes, above the limit of ${ctx.config.maxDocumentBytes}`,
          );
        }
        size = info.size;
        xml = await Deno.readFile(path);
      }
      // One reading of the file as written: structure and audit findings with its own lines
      // and paths, and the reader's notes on what the model does not keep. Read in slices, so
      // other clients are served meanwhile; a big document waits for a heavy-work slot.
      const load = async () => {
        const options = { maxBytes: ctx.config.maxDocumentBytes };
        const v = await validateIdsXmlAsync(xml, { ...options, signal: extra.signal });
        const doc = v.loadable;
        if (!doc) {
          // Unreadable XML, or structure the model cannot hold: the reader's refusal, with
          // every issue (it throws; sliced like the reading above).
          await parseIdsWithWarningsAsync(xml, { ...options, signal: extra.signal });
          throw new IdsError("structure", "not a loadable IDS 1.0 document", v.errors);
        }
        await replaceDocument(ctx, () => ({ doc, result: undefined }));
        return {
          status: "loaded" as const,
          title: doc.info.title,
          author: doc.info.author ?? null,
          specification_count: doc.specifications.length,
          specifications: summarizeSpecs(doc, { limit: LISTED_SPECS }),
          ...(doc.specifications.length > LISTED_SPECS ? { specifications_truncated: true } : {}),
          valid: v.valid,
          // Each said once already (audit/validate.ts); many are grouped.
          ...findingsReply(v.errors.map(issueJson), v.warnings.map(issueJson)),
        };
      };
      return size > HEAVY_IDS_BYTES && size <= ctx.config.maxDocumentBytes
        ? await heavyWorkFor(ctx.config).run(
          { tool: "load_ids", session: ctx.sessionId, signal: extra.signal },
          load,
        )
        : await load();
    }));

  server.registerTool("export_ids", {
    title: "Export IDS",
    description: "Write the document as IDS 1.0 XML: returned as `xml`, or saved to output_path " +
      "(.ids or .xml, where the server may write; overwrite: true replaces an existing file). " +
      "With validate (default) `validation` says whether it meets IDS 1.0 (XSD when configured); " +
      "values IDS 1.0 cannot hold (e.g. a lower-case dataType from load_ids) refuse the export.",
    inputSchema: {
      output_path: z.string().optional().describe(
        "File to write (.ids or .xml); omit to get the XML back",
      ),
      validate: z.boolean().default(true),
      overwrite: z.boolean().default(false).describe("Replace output_path if it exists"),
    },
    outputSchema: {
      status: z.literal("exported"),
      xml: z.string().optional(),
      file_path: z.string().optional(),
      bytes: z.number(),
      validation: z.looseObject({
        valid: z.boolean(),
        errors: z.array(issue),
        warnings: z.array(issue),
      }),
    },
    annotations: OVERWRITE,
  }, ({ output_path, validate: check, overwrite }) =>
    runTool(async () => {
      const toFile = output_path !== undefined && output_path !== "";
      if (toFile && !EXPORT_EXTENSION.test(output_path)) {
        throw new IdsError(
          "invalid_argument",
          `export_ids writes only .ids or .xml files, not '${output_path.slice(-80)}'; ` +
            `give a name ending in .ids`,
        );
      }
      const writeRoots = ctx.writeRoots ?? ctx.roots;
      // Checked before any work, so a refused path costs nothing.
      const path = toFile ? await resolveWritePath(output_path, writeRoots) : undefined;
      const doc = await readDocument(ctx);
      const xml = writeIds(doc);
      const validation = check
        ? await validate(doc, ctx.xsdDir, xml)
        : { valid: true, errors: [], warnings: [], skipped: true };
      // A loaded document can hold what IDS 1.0 cannot express (a lower-case dataType…): such
      // XML would not be an IDS, so it is not exported until those errors are fixed.
      const broken = validation.valid
        ? []
        : validateDocument(doc, xml).errors.filter((e) => e.kept);
      if (broken.length) {
        throw new IdsError(
          "structure",
          `the document is not valid IDS 1.0 (${broken.length} structural error${
            broken.length === 1 ? "" : "s"
          }); fix them with the editing tools (update_facet, update_ids_info …), nothing was written`,
          broken.map((e) => ({
            kind: "structure" as const,
            message: e.message,
            ...(e.path !== undefined ? { path: e.path } : {}),
          })),
        );
      }
      const bytes = new TextEncoder().encode(xml);
      if (path === undefined) {
        return { status: "exported" as const, xml, bytes: bytes.length, validation };
      }
      await writeFileAtomic(path, bytes, { overwrite, shownAs: output_path });
      return { status: "exported" as const, file_path: path, bytes: bytes.length, validation };
    }));

  server.registerTool(
    "get_ids_info",
    {
      title: "Get IDS info",
      description: "The document's info fields and a summary of every specification " +
        "(spec_id, identifier, name, IFC versions, facet counts). A document of more than " +
        `${INFO_PAGE} specifications is listed ${INFO_PAGE} at a time (limit: up to ${INFO_PAGE_MAX}): ` +
        "specifications_truncated and next_offset say there are more (pass offset).",
      inputSchema: {
        offset: z.number().int().min(0).default(0).describe(
          "0-based position of the first specification to list",
        ),
        limit: z.number().int().min(1).max(INFO_PAGE_MAX).default(INFO_PAGE)
          .describe("How many specifications to list"),
      },
      outputSchema: { ...infoFields, ...pageFields },
      annotations: READ_ONLY,
    },
    ({ offset, limit }) =>
      runTool(async () => summarize(await readDocument(ctx), { offset, limit })),
  );
}
