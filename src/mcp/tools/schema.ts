/**
 * Read-only look-ups of IFC schema knowledge, so an agent writing an IDS can ask instead of
 * guessing: `describe_ifc_entity` (supertypes, attributes, predefined types and the standard
 * property and quantity sets of one entity) and `list_property_sets`.
 *
 * @module
 */
import type { McpServer } from "../../deps/mcp_sdk.ts";
import { z } from "../../deps/zod.ts";
import { runTool } from "../result.ts";
import { READ_ONLY } from "../schemas.ts";
import { describeEntity, listPropertySets } from "../schema_views.ts";

const ifcVersion = z.string().describe("IFC2X3, IFC4 or IFC4X3_ADD2 (IFC4X3 is accepted)");

const property = z.looseObject({
  name: z.string(),
  kind: z.string(),
  data_type: z.string().nullable(),
  allowed_values: z.array(z.string()).optional(),
});

const entitySet = z.looseObject({
  name: z.string(),
  kind: z.enum(["pset", "qto"]),
  applicable_entities: z.array(z.string()),
  properties: z.array(property),
  predefined_type: z.string().nullable(),
});

export function registerSchemaTools(server: McpServer): void {
  server.registerTool("describe_ifc_entity", {
    title: "Describe IFC entity",
    description: "An IFC class in one IFC version: supertypes, subtypes, attributes, predefined " +
      "types, and the standard property and quantity sets that apply to it (inherited too), " +
      "each property with its data type and allowed values. Use it to pick entity, attribute, " +
      "property set, property and data_type values.",
    inputSchema: {
      entity_name: z.string().describe("IFC class, any case, e.g. IFCWALL"),
      ifc_version: ifcVersion,
    },
    outputSchema: {
      entity: z.string(),
      ifc_name: z.string(),
      ifc_version: z.string(),
      schema: z.string(),
      supertypes: z.array(z.string()),
      subtypes: z.array(z.string()),
      attributes: z.array(z.looseObject({
        name: z.string(),
        type: z.string(),
        kind: z.string(),
        optional: z.boolean(),
        defined_in: z.string(),
      })),
      predefined_types: z.array(z.string()),
      property_sets: z.array(entitySet),
      quantity_sets: z.array(entitySet),
    },
    annotations: READ_ONLY,
  }, (a) => runTool(() => describeEntity(a.ifc_version, a.entity_name)));

  server.registerTool("list_property_sets", {
    title: "List property sets",
    description: "The standard property sets (Pset_*) and quantity sets (Qto_*) of an IFC " +
      "version, with the classes they apply to and their property names; filter by " +
      "entity_name (supertypes and predefined types included) and/or name_pattern. " +
      "describe_ifc_entity gives the data types.",
    inputSchema: {
      ifc_version: ifcVersion,
      entity_name: z.string().optional().describe("Only sets that apply to this IFC class"),
      name_pattern: z.string().optional().describe(
        "Case-insensitive regular expression found in the set name, e.g. Common or ^Qto_",
      ),
    },
    outputSchema: {
      ifc_version: z.string(),
      schema: z.string(),
      count: z.number(),
      property_sets: z.array(z.looseObject({
        name: z.string(),
        kind: z.enum(["pset", "qto"]),
        applicable_entities: z.array(z.string()),
        properties: z.array(z.string()),
      })),
    },
    annotations: READ_ONLY,
  }, (a) => runTool(() => listPropertySets(a.ifc_version, a.entity_name, a.name_pattern)));
}
