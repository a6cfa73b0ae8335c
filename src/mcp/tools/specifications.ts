/**
 * Specification tools: `add_specification` (upstream contract), `update_specification` and
 * `remove_specification`.
 *
 * @module
 */
import type { McpServer } from "../../deps/mcp_sdk.ts";
import { z } from "../../deps/zod.ts";
import {
  addSpecification,
  removeSpecification,
  specLabel,
  updateSpecification,
} from "../../ids/edit.ts";
import type { ToolContext } from "../context.ts";
import { runTool } from "../result.ts";
import { editDocument } from "../session.ts";
import { LISTED_SPECS, summarizeSpecs } from "../summary.ts";
import { auditEdit } from "../edit_audit.ts";
import { ADDITIVE, ifcVersions, OVERWRITE, REMOVE, specId, specSummary } from "../schemas.ts";

const occurs = {
  min_occurs: z.number().int().min(0).describe("Applicability minOccurs"),
  max_occurs: z.union([z.number().int().min(0), z.literal("unbounded")]).describe(
    'Applicability maxOccurs: a count or "unbounded"',
  ),
};

export function registerSpecificationTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool("add_specification", {
    title: "Add specification",
    description: "Add a specification (which elements it applies to, what they need). " +
      "min_occurs/max_occurs: 0/unbounded = optional, 1/unbounded = at least one element " +
      "must match, 0/0 = prohibited. Pass the reply's spec_id to the facet and restriction " +
      "tools.",
    inputSchema: {
      name: z.string(),
      ifc_versions: ifcVersions,
      identifier: z.string().optional(),
      description: z.string().optional(),
      instructions: z.string().optional(),
      min_occurs: occurs.min_occurs.default(0),
      max_occurs: occurs.max_occurs.default("unbounded"),
    },
    outputSchema: {
      status: z.literal("added"),
      spec_id: z.string(),
      position: z.number(),
      ifc_versions: z.array(z.string()),
      specification_count: z.number(),
    },
    annotations: ADDITIVE,
  }, (a) =>
    runTool(() =>
      editDocument(ctx, (doc) => {
        const r = addSpecification(doc, {
          name: a.name,
          ifcVersions: a.ifc_versions,
          identifier: a.identifier,
          description: a.description,
          instructions: a.instructions,
          minOccurs: a.min_occurs,
          maxOccurs: a.max_occurs,
        });
        return {
          doc: r.doc,
          result: {
            status: "added" as const,
            spec_id: r.specId,
            position: r.index + 1,
            ifc_versions: [...r.doc.specifications[r.index].ifcVersion],
            specification_count: r.doc.specifications.length,
          },
        };
      })
    ));

  server.registerTool("update_specification", {
    title: "Update specification",
    description: "Change a specification's fields (those of add_specification, and " +
      "requirements_description). Omitted fields stay; null " +
      "removes an optional one.",
    inputSchema: {
      spec_id: specId,
      name: z.string().optional(),
      ifc_versions: ifcVersions.optional(),
      identifier: z.string().nullable().optional(),
      description: z.string().nullable().optional(),
      instructions: z.string().nullable().optional(),
      min_occurs: occurs.min_occurs.optional(),
      max_occurs: occurs.max_occurs.optional(),
      requirements_description: z.string().nullable().optional(),
    },
    outputSchema: {
      status: z.literal("updated"),
      spec_id: z.string(),
      specification: specSummary,
      warnings: z.array(z.string()),
    },
    annotations: OVERWRITE,
  }, (a) =>
    runTool(() =>
      editDocument(ctx, (doc) => {
        const r = updateSpecification(doc, a.spec_id, {
          name: a.name,
          ifcVersions: a.ifc_versions,
          identifier: a.identifier,
          description: a.description,
          instructions: a.instructions,
          minOccurs: a.min_occurs,
          maxOccurs: a.max_occurs,
          requirementsDescription: a.requirements_description,
        });
        // New IFC versions or occurrences can make its facets impossible: same rule as edits.
        const warnings = auditEdit(doc, r.doc, r.index);
        return {
          doc: r.doc,
          result: {
            status: "updated" as const,
            spec_id: r.specId,
            specification: summarizeSpecs(r.doc, { offset: r.index, limit: 1 })[0],
            warnings,
          },
        };
      })
    ));

  server.registerTool("remove_specification", {
    title: "Remove specification",
    description: "Remove a specification with its facets. Later positions shift down by one.",
    inputSchema: { spec_id: specId },
    outputSchema: {
      status: z.literal("removed"),
      removed: z.string(),
      position: z.number(),
      specification_count: z.number(),
      specifications: z.array(specSummary),
      specifications_truncated: z.boolean().optional(),
    },
    annotations: REMOVE,
  }, (a) =>
    runTool(() =>
      editDocument(ctx, (doc) => {
        const r = removeSpecification(doc, a.spec_id);
        return {
          doc: r.doc,
          result: {
            status: "removed" as const,
            removed: specLabel(r.removed),
            position: r.index + 1,
            specification_count: r.doc.specifications.length,
            // The first few, as load_ids: a reply listing 20,000 would not fit an agent's context.
            specifications: summarizeSpecs(r.doc, { limit: LISTED_SPECS }),
            ...(r.doc.specifications.length > LISTED_SPECS
              ? { specifications_truncated: true }
              : {}),
          },
        };
      })
    ));
}
