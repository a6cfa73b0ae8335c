/**
 * Restriction tools: the four `add_*_restriction` tools of the upstream contract (each
 * replaces the value of one facet parameter with an `xs:restriction`) and `remove_restriction`.
 * Like facet edits, they are audited (`edit_audit.ts`): new errors refuse the edit.
 *
 * @module
 */
import type { McpServer } from "../../deps/mcp_sdk.ts";
import { z } from "../../deps/zod.ts";
import { removeRestriction, type RestrictionInput, setRestriction } from "../../ids/edit.ts";
import type { FacetLocation } from "../../ids/model.ts";
import type { ToolContext } from "../context.ts";
import { runTool } from "../result.ts";
import { editDocument } from "../session.ts";
import { facetJson, valueJson } from "../summary.ts";
import { auditEdit } from "../edit_audit.ts";
import { facetIndex, facetView, location, OVERWRITE, REMOVE, specId } from "../schemas.ts";

const common = {
  spec_id: specId,
  facet_index: facetIndex,
  parameter_name: z.string().describe(
    "Facet parameter: value, name, baseName, propertySet, system, predefinedType…",
  ),
  base_type: z.string().describe(
    "xs:string, xs:double, xs:integer, xs:boolean, xs:date…",
  ),
  location: location.default("requirements"),
};

/** A facet parameter's value as `valueJson` gives it: a string, a restriction object, or null. */
const valueOutput = z.union([z.string(), z.record(z.string(), z.unknown())]).nullable();

const output = {
  status: z.string(),
  restriction_type: z.string(),
  spec_id: z.string(),
  location: z.string(),
  facet_index: z.number(),
  parameter: z.string(),
  restriction: valueOutput,
  previous: valueOutput,
  facet: facetView,
  warnings: z.array(z.string()),
};

const bound = z.union([z.number(), z.string()]).optional().describe(
  "Number, or date for date bases",
);
const len = z.number().int().min(0).optional();

type Common = {
  spec_id: string | number;
  facet_index: number;
  parameter_name: string;
  base_type: string;
  location: FacetLocation;
};

export function registerRestrictionTools(server: McpServer, ctx: ToolContext): void {
  const apply = (kind: string, a: Common, input: RestrictionInput) =>
    runTool(() =>
      editDocument(ctx, (doc) => {
        const r = setRestriction(
          doc,
          a.spec_id,
          a.location,
          a.facet_index,
          a.parameter_name,
          a.base_type,
          input,
        );
        const warnings = [...r.warnings, ...auditEdit(doc, r.doc, r.specIndex)];
        return {
          doc: r.doc,
          result: {
            status: "added",
            restriction_type: kind,
            spec_id: r.specId,
            location: a.location,
            facet_index: r.facetIndex,
            parameter: r.parameter,
            restriction: valueJson(
              r.facet.facet === "partOf"
                ? r.parameter === "name" ? r.facet.entity.name : r.facet.entity.predefinedType
                : (r.facet as unknown as Record<string, never>)[r.parameter],
            ),
            previous: valueJson(r.previous),
            facet: facetJson(r.facet, r.facetIndex, a.location),
            warnings,
          },
        };
      })
    );

  server.registerTool("add_enumeration_restriction", {
    title: "Add enumeration restriction",
    description: "Allow only the listed values for one facet parameter (xs:enumeration). " +
      "Replaces the parameter's current value.",
    inputSchema: {
      ...common,
      values: z.array(z.union([z.string(), z.number(), z.boolean()])).describe(
        "Allowed values (one value is a one-item list)",
      ),
    },
    outputSchema: output,
    annotations: OVERWRITE,
  }, (a) => apply("enumeration", a, { kind: "enumeration", values: a.values }));

  server.registerTool("add_pattern_restriction", {
    title: "Add pattern restriction",
    description: "Constrain one facet parameter with an XSD regular expression (xs:pattern; " +
      "always matches the whole value, no ^/$ anchors). Replaces the current value.",
    inputSchema: { ...common, pattern: z.string().describe("e.g. EW-[0-9]{3}") },
    outputSchema: output,
    annotations: OVERWRITE,
  }, (a) => apply("pattern", a, { kind: "pattern", pattern: a.pattern }));

  server.registerTool("add_bounds_restriction", {
    title: "Add bounds restriction",
    description: "Constrain a numeric (or date) facet parameter to a range. Give at least one " +
      "bound; inclusive and exclusive of the same side exclude each other.",
    inputSchema: {
      ...common,
      min_inclusive: bound,
      max_inclusive: bound,
      min_exclusive: bound,
      max_exclusive: bound,
    },
    outputSchema: output,
    annotations: OVERWRITE,
  }, (a) =>
    apply("bounds", a, {
      kind: "bounds",
      minInclusive: a.min_inclusive,
      maxInclusive: a.max_inclusive,
      minExclusive: a.min_exclusive,
      maxExclusive: a.max_exclusive,
    }));

  server.registerTool("add_length_restriction", {
    title: "Add length restriction",
    description: "Constrain the length of a string facet parameter: exact length, or " +
      "min_length and/or max_length.",
    inputSchema: { ...common, length: len, min_length: len, max_length: len },
    outputSchema: output,
    annotations: OVERWRITE,
  }, (a) =>
    apply("length", a, {
      kind: "length",
      length: a.length,
      minLength: a.min_length,
      maxLength: a.max_length,
    }));

  server.registerTool("remove_restriction", {
    title: "Remove restriction",
    description: "Remove the restriction on one facet parameter. Optional parameters (value, " +
      "predefinedType, system) are removed; required ones (name, baseName, propertySet) need " +
      "a replacement simple value.",
    inputSchema: {
      spec_id: specId,
      facet_index: facetIndex,
      parameter_name: common.parameter_name,
      location: location.default("requirements"),
      replacement: z.string().optional().describe("Simple value to put in its place"),
    },
    outputSchema: output,
    annotations: REMOVE,
  }, (a) =>
    runTool(() =>
      editDocument(ctx, (doc) => {
        const r = removeRestriction(
          doc,
          a.spec_id,
          a.location,
          a.facet_index,
          a.parameter_name,
          a.replacement,
        );
        const warnings = auditEdit(doc, r.doc, r.specIndex);
        return {
          doc: r.doc,
          result: {
            status: "removed",
            restriction_type: "restriction",
            spec_id: r.specId,
            location: a.location,
            facet_index: r.facetIndex,
            parameter: r.parameter,
            restriction: a.replacement ?? null,
            previous: valueJson(r.previous),
            facet: facetJson(r.facet, r.facetIndex, a.location),
            warnings,
          },
        };
      })
    ));
}
