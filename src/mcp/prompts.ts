/**
 * MCP prompts: the three workflows an agent is asked for most, written out once so every
 * client can offer them (`prompts/list`, `prompts/get`): write an IDS from requirements in
 * plain language, draft one from what an IFC model contains, check a model and triage the
 * failures. Each tells the agent to look names up first (the look-up tools and the
 * `ifc://schema` resources) and then which tools to call, in order, with which parameters.
 *
 * The handlers are set on the SDK's low-level server rather than through `registerPrompt`,
 * whose argument parse drops unknown arguments silently and answers a missing one with a raw
 * zod dump; here an unknown argument is refused naming the closest known one, a missing one
 * says what to give, as the tools' inputs do (`input.ts`).
 *
 * @module
 */
import {
  GetPromptRequestSchema,
  type GetPromptResult,
  ListPromptsRequestSchema,
  type ListPromptsResult,
  type McpServer,
} from "../deps/mcp_sdk.ts";
import { normalizeIfcVersions } from "../ids/edit.ts";
import { IdsError } from "../ids/errors.ts";
import { didYouMean } from "../ids/suggest.ts";
import { INVALID_PARAMS } from "./invalid_params.ts";

/** One prompt argument as `prompts/list` shows it (MCP prompt arguments are strings). */
interface PromptArgument {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
}

/** A workflow prompt: what `prompts/list` shows, and the text it renders. */
interface WorkflowPrompt {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly arguments: readonly PromptArgument[];
  /** The instructions for the agent; throws an IdsError for an argument it cannot use. */
  render(args: Readonly<Record<string, string | undefined>>): string;
}

const LOOK_UP = [
  "Look names up before writing anything, never guess them:",
  "- describe_ifc_entity {entity_name, ifc_version}: the exact IFC class name, its attributes, " +
  "predefined types and the standard property and quantity sets that apply to it, with each " +
  "property's data type and allowed values;",
  "- list_property_sets {ifc_version, entity_name?, name_pattern?}: which standard Pset_/Qto_ " +
  "set holds a property, and its exact name;",
  "- the resources ifc://schema/{version}/entity/{name} and ifc://schema/{version}/pset/{name} " +
  "give the same answers.",
].join("\n");

const AUTHOR = [
  "Author the IDS in this session:",
  "- create_ids {title} starts a new document (it replaces the session's current one);",
  "- per requirement, add_specification {name, ifc_versions, identifier?, description?}; keep " +
  "the spec_id it returns;",
  '- add_entity_facet {spec_id, location: "applicability", entity_name} selects the elements: ' +
  "one entity facet per specification, matching that exact class (subtypes are not included; " +
  "for several classes put add_enumeration_restriction on its name parameter);",
  '- what they must have, with location "requirements": add_property_facet {spec_id, ' +
  "location, property_set, property_name, data_type, value?}, add_attribute_facet, " +
  "add_classification_facet, add_material_facet, add_partof_facet, with the names and data " +
  "types found above;",
  "- several allowed values, a pattern, a range or a length: add_enumeration_restriction, " +
  "add_pattern_restriction, add_bounds_restriction or add_length_restriction on one facet " +
  "parameter (facet_index from list_facets).",
  "An edit the server refuses says why and what to do instead: follow it rather than retry.",
].join("\n");

const VALIDATE = "validate_ids: fix every error (update_facet, update_specification, " +
  "remove_facet, remove_restriction) and call it again until valid is true; fix the warnings " +
  "that are real mistakes.";

function versionsOf(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === "") return ["IFC4"];
  return normalizeIfcVersions(raw.split(/[\s,;]+/).filter((v) => v !== ""));
}

function exportStep(outputPath: string | undefined): string {
  return outputPath
    ? `export_ids {output_path: ${JSON.stringify(outputPath)}}.`
    : "export_ids (without output_path it returns the XML).";
}

/** The arguments of both authoring prompts: the document's title and where to export it. */
const AUTHORING_ARGS = [
  { name: "title", description: "Title of the IDS document" },
  { name: "output_path", description: "File export_ids writes (.ids); omit to get the XML" },
] as const;

const PROMPTS: readonly WorkflowPrompt[] = [
  {
    name: "write_ids_from_requirements",
    title: "Write an IDS from requirements",
    description: "Turn information requirements written in plain language into a valid " +
      "IDS 1.0 file: look the IFC names up, author, validate, export.",
    arguments: [
      {
        name: "requirements",
        description: "The requirements in plain language, e.g. 'every wall has a fire rating'",
        required: true,
      },
      { name: "ifc_versions", description: "IFC2X3, IFC4, IFC4X3_ADD2, comma-separated (IFC4)" },
      ...AUTHORING_ARGS,
    ],
    render(a) {
      const versions = versionsOf(a.ifc_versions);
      return [
        `Write a buildingSMART IDS 1.0 file for these information requirements (IFC versions: ${
          versions.join(", ")
        }):`,
        "",
        "<requirements>",
        a.requirements!.trim(),
        "</requirements>",
        "",
        `1. ${LOOK_UP}`,
        "",
        `2. ${AUTHOR}${a.title ? `\nUse the title ${JSON.stringify(a.title)}.` : ""}`,
        "",
        `3. ${VALIDATE}`,
        "",
        `4. ${exportStep(a.output_path)}`,
        "",
        "Reply with one line per specification (what applies, what is required) and list any " +
        "requirement IDS 1.0 cannot express, with the reason.",
      ].join("\n");
    },
  },
  {
    name: "draft_ids_from_model",
    title: "Draft an IDS from an IFC model",
    description: "Draft an IDS from what an IFC model actually contains (classes, property " +
      "sets, classifications, materials), check the model against it, export.",
    arguments: [
      {
        name: "ifc_file_path",
        description: "The .ifc file, inside a root the server may read",
        required: true,
      },
      { name: "focus", description: "What the IDS should check, e.g. 'fire safety of walls'" },
      ...AUTHORING_ARGS,
    ],
    render(a) {
      const path = JSON.stringify(a.ifc_file_path!.trim());
      const focus = a.focus?.trim()
        ? `Focus on: ${a.focus.trim()}.`
        : "Cover what the model carries consistently (the classes with the most instances and " +
          "the properties most of their instances have).";
      return [
        `Draft a buildingSMART IDS 1.0 file from what the IFC model ${path} contains. ${focus}`,
        "",
        `1. inspect_ifc_model {ifc_file_path: ${path}}: its schema (use it as ifc_versions), the ` +
        "classes with counts and predefined types, the property and quantity sets found with " +
        "data types, counts and example values, classifications, materials and the spatial " +
        "structure. Use the model's exact classes: an IFC2X3 model may hold " +
        "IFCWALLSTANDARDCASE and no IFCWALL.",
        "",
        `2. ${LOOK_UP}`,
        "Prefer a standard set and property (and its data type) over a custom one the model " +
        "happens to use, and say so where they differ.",
        "",
        `3. ${AUTHOR}${a.title ? `\nUse the title ${JSON.stringify(a.title)}.` : ""}`,
        "Turn what the model shows into requirements: a property most instances carry becomes " +
        "a property facet, a small set of observed values an enumeration, a numeric spread a " +
        "range.",
        "",
        `4. ${VALIDATE}`,
        "",
        `5. validate_ifc_model {ifc_file_path: ${path}}: a failing specification means the ` +
        "requirement is stricter than the model; say which elements fail and whether the " +
        "requirement or the model should change.",
        "",
        `6. ${exportStep(a.output_path)}`,
        "",
        "Reply with each specification, what it requires and the evidence behind it (counts).",
      ].join("\n");
    },
  },
  {
    name: "check_ifc_model",
    title: "Check an IFC model and triage the failures",
    description: "Check an IFC model against an IDS (a file or the session's document), then " +
      "group the failures by cause and suggest fixes.",
    arguments: [
      {
        name: "ifc_file_path",
        description: "The .ifc file, inside a root the server may read",
        required: true,
      },
      { name: "ids_path", description: "IDS file to check against; omit to use the session's" },
    ],
    render(a) {
      const path = JSON.stringify(a.ifc_file_path!.trim());
      const ids = a.ids_path?.trim();
      const first = ids
        ? `1. load_ids {source: ${JSON.stringify(ids)}, source_type: "file"}. If it reports ` +
          "errors, fix them with update_facet, update_specification or remove_restriction " +
          "first (validate_ids shows them again)."
        : "1. get_ids_info: what the session's IDS checks (create or load one first if it has " +
          "no specifications).";
      return [
        `Check the IFC model ${path} against ${
          ids ? `the IDS ${JSON.stringify(ids)}` : "the IDS in this session"
        } and triage the failures.`,
        "",
        first,
        "",
        `2. validate_ifc_model {ifc_file_path: ${path}}. Read its summary: the status and ` +
        "counts per specification and the most frequent failure reasons, grouped, with " +
        "example elements. The full report is behind the resource link in the reply: read it " +
        "(resources/read) only when the summary is not enough, e.g. for every failing element " +
        "of one specification.",
        "",
        "3. Triage each failing specification by its grouped reasons:",
        "- the model is wrong (a missing or wrong value on elements): name the elements " +
        "(GlobalId, class, Name) and the fix in the authoring tool;",
        "- the IDS is wrong (a set, property, class or data type that does not fit): confirm " +
        "with describe_ifc_entity, list_property_sets or inspect_ifc_model, and give the " +
        "corrected facet;",
        "- a specification that applies to nothing (no_applicable_entities) counts as passed: " +
        "an entity facet matches the exact class only, so check whether the model holds " +
        "subtypes instead (inspect_ifc_model).",
        "",
        "Reply with a table of specifications (status, failed / applicable) and the fixes, " +
        "ordered by how many failures each removes. Change the IDS only when asked.",
      ].join("\n");
    },
  },
];

const BY_NAME = new Map(PROMPTS.map((p) => [p.name, p]));

/** Arguments whose values can be completed: the IFC versions of IDS 1.0. */
const IFC_VERSION_CHOICES = ["IFC2X3", "IFC4", "IFC4X3_ADD2"];

/**
 * Completions of `value` for prompt argument `argument`: for `ifc_versions`, the versions the
 * last comma-separated item starts, after what is already typed; nothing for free text.
 */
export function completePromptArgument(argument: string, value: string): string[] {
  if (argument !== "ifc_versions") return [];
  const cut = value.lastIndexOf(",") + 1;
  const done = value.slice(0, cut);
  const last = value.slice(cut);
  const typed = last.trimStart();
  const space = last.slice(0, last.length - typed.length);
  const listed = done.toUpperCase().split(/[\s,;]+/);
  return IFC_VERSION_CHOICES
    .filter((v) => v.startsWith(typed.toUpperCase()) && !listed.includes(v))
    .map((v) => done + space + v);
}

type Handler = (request: unknown, extra: unknown) => Promise<unknown>;

interface CompleteParams {
  readonly ref?: { readonly type?: unknown; readonly name?: unknown };
  readonly argument?: { readonly name?: unknown; readonly value?: unknown };
}

/**
 * Answers `completion/complete` for these prompts' arguments. The SDK's handler (set for the
 * resource templates' completions) looks prompts up among those made with `registerPrompt`
 * and would answer "not found"; it is wrapped so prompt references are answered here and
 * everything else still goes to it. Same handler map as `invalid_params.ts`; an SDK without
 * it keeps its own behaviour.
 */
function completeArguments(server: McpServer): void {
  const handlers = (server.server as unknown as { _requestHandlers?: Map<string, Handler> })
    ._requestHandlers;
  const sdk = handlers instanceof Map ? handlers.get("completion/complete") : undefined;
  if (!handlers || !sdk) return;
  handlers.set("completion/complete", (request, extra) => {
    const params = (request as { params?: CompleteParams }).params;
    const name = params?.ref?.name;
    if (params?.ref?.type !== "ref/prompt" || typeof name !== "string" || !BY_NAME.has(name)) {
      return sdk(request, extra);
    }
    const argument = String(params.argument?.name ?? "");
    const values = completePromptArgument(argument, String(params.argument?.value ?? ""));
    return Promise.resolve({ completion: { values, total: values.length, hasMore: false } });
  });
}

/** JSON-RPC "invalid params" with an actionable message. */
function invalid(message: string): Error & { code: number } {
  return Object.assign(new Error(message), { code: INVALID_PARAMS });
}

/** The arguments of `prompt` from a request, checked: unknown and missing ones are refused. */
function checkedArguments(
  prompt: WorkflowPrompt,
  given: Readonly<Record<string, unknown>>,
): Record<string, string | undefined> {
  const known = prompt.arguments.map((a) => a.name);
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(given)) {
    if (!known.includes(name)) {
      throw invalid(
        `prompt '${prompt.name}' has no argument '${name}'${didYouMean(name, known)}` +
          ` (its arguments: ${known.join(", ")})`,
      );
    }
    if (value !== undefined && typeof value !== "string") {
      throw invalid(`prompt '${prompt.name}': argument '${name}' must be a string`);
    }
    out[name] = value;
  }
  for (const a of prompt.arguments) {
    if (a.required && !out[a.name]?.trim()) {
      throw invalid(
        `prompt '${prompt.name}' needs the argument '${a.name}': ${a.description}`,
      );
    }
  }
  return out;
}

/**
 * Declares the prompts capability's handlers on `server` (its capabilities list `prompts`);
 * call after the resources, whose completion handler it extends.
 */
export function registerPrompts(server: McpServer): void {
  completeArguments(server);
  server.server.setRequestHandler(ListPromptsRequestSchema, (): ListPromptsResult => ({
    prompts: PROMPTS.map((p) => ({
      name: p.name,
      title: p.title,
      description: p.description,
      arguments: p.arguments.map((a) => ({ ...a, required: a.required === true })),
    })),
  }));
  server.server.setRequestHandler(GetPromptRequestSchema, (request): GetPromptResult => {
    const { name, arguments: given = {} } = request.params;
    const prompt = BY_NAME.get(name);
    if (!prompt) {
      throw invalid(
        `unknown prompt '${name}'${didYouMean(name, BY_NAME.keys())}` +
          ` (prompts: ${[...BY_NAME.keys()].join(", ")})`,
      );
    }
    let text: string;
    try {
      text = prompt.render(checkedArguments(prompt, given));
    } catch (e) {
      if (e instanceof IdsError) throw invalid(`prompt '${name}': ${e.message}`);
      throw e;
    }
    return {
      description: prompt.description,
      messages: [{ role: "user", content: { type: "text", text } }],
    };
  });
}
