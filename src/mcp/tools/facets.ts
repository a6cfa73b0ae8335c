/**
 * Facet tools: the six `add_*_facet` tools of the upstream contract, and `list_facets`,
 * `update_facet`, `remove_facet`. Adds and updates are audited against the specification's IFC
 * versions (`edit_audit.ts`): what can never be met is refused, warnings come back.
 *
 * @module
 */
import type { McpServer } from "../../deps/mcp_sdk.ts";
import { z } from "../../deps/zod.ts";
import {
  addFacet,
  buildFacet,
  type FacetFields,
  findSpecIndex,
  listFacets,
  removeFacet,
  specIdFor,
  updateFacet,
} from "../../ids/edit.ts";
import type { FacetKind, FacetLocation } from "../../ids/model.ts";
import type { ToolContext } from "../context.ts";
import { runTool } from "../result.ts";
import { editDocument, readDocument } from "../session.ts";
import { facetJson } from "../summary.ts";
import { auditEdit } from "../edit_audit.ts";
import {
  ADDITIVE,
  cardinality,
  facetEditOutput,
  facetIndex,
  facetView,
  location,
  OVERWRITE,
  READ_ONLY,
  REMOVE,
  specId,
} from "../schemas.ts";

const text = (d: string) => z.string().describe(d);
const optText = (d: string) => z.string().optional().describe(d);
const instructions = optText("Requirements only: note for the IFC author");
const uri = optText("Requirements only: URI of the property/classification/material");

/** Each add tool: its facet kind, its own parameters and a description. */
const ADD_TOOLS: ReadonlyArray<{
  name: string;
  kind: FacetKind;
  title: string;
  description: string;
  shape: Record<string, z.ZodType>;
}> = [
  {
    name: "add_entity_facet",
    kind: "entity",
    title: "Add entity facet",
    description: "Add an entity facet (IFC class, e.g. IFCWALL, and optional predefined type). " +
      "Matches the exact class, NOT subtypes (IFCWALL misses IFCWALLSTANDARDCASE). IDS 1.0 " +
      "allows ONE entity facet per applicability; for several classes use an " +
      "xs:enumeration restriction on its name, or separate specifications.",
    shape: {
      entity_name: text("IFC class in upper case, e.g. IFCWALL"),
      predefined_type: optText("e.g. SOLIDWALL"),
      instructions,
    },
  },
  {
    name: "add_attribute_facet",
    kind: "attribute",
    title: "Add attribute facet",
    description: "Add an attribute facet (an IFC attribute such as Name or Tag; value optional).",
    shape: {
      attribute_name: text("e.g. Name"),
      value: optText("Required value (JSON number/boolean written as text)"),
      instructions,
    },
  },
  {
    name: "add_property_facet",
    kind: "property",
    title: "Add property facet",
    description: "Add a property facet. property_set is REQUIRED by IDS 1.0 (use a pattern " +
      "restriction such as 'Pset_.*' on propertySet if any set will do).",
    shape: {
      property_name: text("e.g. FireRating"),
      property_set: optText("e.g. Pset_WallCommon (required by IDS 1.0)"),
      data_type: optText("IFC defined type, e.g. IFCLABEL, IFCLENGTHMEASURE"),
      value: optText("Required value (a JSON number or boolean is written as text)"),
      instructions,
      uri,
    },
  },
  {
    name: "add_classification_facet",
    kind: "classification",
    title: "Add classification facet",
    description: "Add a classification facet (a code in a classification system). IDS 1.0 " +
      "requires the system; give classification_system.",
    shape: {
      classification_value: text("Classification code, e.g. 21.22"),
      classification_system: optText("e.g. Uniclass 2015 (required by IDS 1.0)"),
      instructions,
      uri,
    },
  },
  {
    name: "add_material_facet",
    kind: "material",
    title: "Add material facet",
    description: "Add a material facet (material name or category).",
    shape: { material_value: text("Material name or category, e.g. concrete"), instructions, uri },
  },
  {
    name: "add_partof_facet",
    kind: "partOf",
    title: "Add partOf facet",
    description: "Add a partOf facet: the element is part of a parent entity through a " +
      "relation. Cardinality optional is not allowed.",
    shape: {
      relation: text(
        "IFCRELAGGREGATES, IFCRELASSIGNSTOGROUP, IFCRELCONTAINEDINSPATIALSTRUCTURE, " +
          "IFCRELNESTS, IFCRELVOIDSELEMENT or IFCRELFILLSELEMENT",
      ),
      parent_entity: text("e.g. IFCBUILDINGSTOREY"),
      parent_predefined_type: optText("Predefined type of the parent"),
      instructions,
    },
  },
];

export function registerFacetTools(server: McpServer, ctx: ToolContext): void {
  for (const tool of ADD_TOOLS) {
    server.registerTool(tool.name, {
      title: tool.title,
      description: tool.description,
      inputSchema: {
        spec_id: specId,
        location,
        ...tool.shape,
        cardinality: cardinality.optional(),
      },
      outputSchema: facetEditOutput,
      annotations: ADDITIVE,
    }, (args: Record<string, unknown>) =>
      runTool(() =>
        editDocument(ctx, (doc) => {
          const loc = args.location as FacetLocation;
          const fields = { ...args } as FacetFields & Record<string, unknown>;
          delete fields.spec_id;
          delete fields.location;
          const facet = buildFacet(tool.kind, fields, loc);
          const r = addFacet(doc, args.spec_id as string | number, loc, facet);
          const warnings = auditEdit(doc, r.doc, r.specIndex);
          return {
            doc: r.doc,
            result: {
              status: "added",
              // Upstream's spelling: "partof" for partOf.
              facet_type: tool.kind.toLowerCase(),
              spec_id: r.specId,
              location: loc,
              facet_index: r.facetIndex,
              facet: facetJson(r.facet, r.facetIndex, loc),
              warnings,
            },
          };
        })
      ));
  }

  server.registerTool("list_facets", {
    title: "List facets",
    description: "The facets of a specification with their 0-based indexes (facet_index), " +
      "parameters and a readable description; both locations unless one is given.",
    inputSchema: { spec_id: specId, location: location.optional() },
    outputSchema: {
      spec_id: z.string(),
      name: z.string(),
      applicability: z.array(facetView).optional(),
      requirements: z.array(facetView).optional(),
    },
    annotations: READ_ONLY,
  }, (a) =>
    runTool(async () => {
      const doc = await readDocument(ctx);
      const index = findSpecIndex(doc, a.spec_id);
      const out: Record<string, unknown> = {
        spec_id: specIdFor(doc.specifications, index),
        name: doc.specifications[index].name,
      };
      for (const loc of ["applicability", "requirements"] as const) {
        if (a.location && a.location !== loc) continue;
        out[loc] = listFacets(doc, a.spec_id, loc).map((f, i) => facetJson(f, i, loc));
      }
      return out;
    }));

  server.registerTool("update_facet", {
    title: "Update facet",
    description: "Change parameters of one facet (same names as the add_*_facet tools). " +
      "Omitted parameters stay; null removes an optional one. The facet type cannot change.",
    inputSchema: {
      spec_id: specId,
      location,
      facet_index: facetIndex,
      entity_name: z.string().optional(),
      predefined_type: z.string().nullable().optional(),
      attribute_name: z.string().optional(),
      value: z.string().nullable().optional().describe("A number or boolean is written as text"),
      property_name: z.string().optional(),
      property_set: z.string().optional(),
      data_type: z.string().nullable().optional(),
      classification_value: z.string().nullable().optional(),
      classification_system: z.string().nullable().optional(),
      material_value: z.string().nullable().optional(),
      relation: z.string().nullable().optional(),
      parent_entity: z.string().optional(),
      parent_predefined_type: z.string().nullable().optional(),
      cardinality: cardinality.nullable().optional(),
      instructions: z.string().nullable().optional(),
      uri: z.string().nullable().optional(),
    },
    outputSchema: facetEditOutput,
    annotations: OVERWRITE,
  }, (a) =>
    runTool(() =>
      editDocument(ctx, (doc) => {
        const { spec_id, location: loc, facet_index, ...fields } = a;
        const r = updateFacet(doc, spec_id, loc, facet_index, fields);
        const warnings = auditEdit(doc, r.doc, r.specIndex);
        return {
          doc: r.doc,
          result: {
            status: "updated",
            facet_type: r.facet.facet,
            spec_id: r.specId,
            location: loc,
            facet_index: r.facetIndex,
            facet: facetJson(r.facet, r.facetIndex, loc),
            warnings,
          },
        };
      })
    ));

  server.registerTool("remove_facet", {
    title: "Remove facet",
    description: "Remove one facet. Later facet indexes in that location shift down by one.",
    inputSchema: { spec_id: specId, location, facet_index: facetIndex },
    outputSchema: { ...facetEditOutput, remaining: z.number() },
    annotations: REMOVE,
  }, (a) =>
    runTool(() =>
      editDocument(ctx, (doc) => {
        const r = removeFacet(doc, a.spec_id, a.location, a.facet_index);
        return {
          doc: r.doc,
          result: {
            status: "removed",
            facet_type: r.facet.facet,
            spec_id: r.specId,
            location: a.location,
            facet_index: r.facetIndex,
            facet: facetJson(r.facet, r.facetIndex, a.location),
            remaining: listFacets(r.doc, r.specIndex + 1, a.location).length,
            warnings: [],
          },
        };
      })
    ));
}
