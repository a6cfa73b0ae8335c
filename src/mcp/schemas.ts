/**
 * Zod pieces shared by the tool modules: the parameter shapes of the contract
 * (`../shared/design/tools.md`) and the output objects. Input schemas stay lenient where
 * agents vary (`spec_id` as a string or a number) and leave the real checks to `src/ids/edit.ts`,
 * whose errors say what to do.
 *
 * @module
 */
import { z } from "../deps/zod.ts";

export const specId = z.union([z.string(), z.number().int()]).describe(
  "Specification identifier, name or 1-based position",
);
/** Undescribed: the two values say it, and the server instructions explain them once. */
export const location = z.enum(["applicability", "requirements"]);
export const cardinality = z.enum(["required", "optional", "prohibited"]).describe(
  'Requirements only (default "required")',
);
export const facetIndex = z.number().int().min(0).describe(
  "0-based, within location (list_facets)",
);
export const ifcVersions = z.array(z.string()).min(1).describe(
  "IFC schema versions: IFC2X3, IFC4, IFC4X3_ADD2 (IFC4X3 is accepted for IFC4X3_ADD2); " +
    "one string is a one-item list",
);

/** A validation issue as tools report it. */
export const issue = z.object({
  kind: z.string(),
  message: z.string(),
  severity: z.enum(["error", "warning"]).optional(),
  code: z.string().optional(),
  path: z.string().optional(),
  line: z.number().optional(),
  suggestion: z.string().optional(),
});

/** Findings said the same at several places (`load_ids` with many findings). */
export const issueGroup = z.object({
  kind: z.string(),
  message: z.string(),
  severity: z.enum(["error", "warning"]).optional(),
  code: z.string().optional(),
  count: z.number(),
  examples: z.array(z.object({ path: z.string().optional(), line: z.number().optional() })),
});

export const specSummary = z.looseObject({
  spec_id: z.string(),
  position: z.number(),
  identifier: z.string().nullable(),
  name: z.string(),
  ifc_versions: z.array(z.string()),
  applicability_facets: z.number(),
  requirement_facets: z.number(),
  min_occurs: z.number(),
  max_occurs: z.union([z.number(), z.literal("unbounded")]),
});

export const infoFields = {
  title: z.string(),
  author: z.string().nullable(),
  version: z.string().nullable(),
  description: z.string().nullable(),
  copyright: z.string().nullable(),
  date: z.string().nullable(),
  purpose: z.string().nullable(),
  milestone: z.string().nullable(),
  specification_count: z.number(),
  specifications: z.array(specSummary),
};

export const facetView = z.looseObject({
  index: z.number(),
  type: z.string(),
  cardinality: z.string().nullable(),
  description: z.string(),
  parameters: z.record(z.string(), z.unknown()),
});

/** Reply of every facet edit. */
export const facetEditOutput = {
  status: z.string(),
  facet_type: z.string(),
  spec_id: z.string(),
  location: z.string(),
  facet_index: z.number(),
  facet: facetView,
  /** Audit warnings the edit introduced (errors refuse the edit). */
  warnings: z.array(z.string()),
};

/** Annotation presets. */
export const READ_ONLY = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;
export const ADDITIVE = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: false,
} as const;
export const OVERWRITE = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: true,
  openWorldHint: false,
} as const;
export const REMOVE = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: false,
} as const;
