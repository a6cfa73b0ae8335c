/**
 * The McpServer every transport uses, with one change: each tool registered on it gets the
 * strict input handling of `input.ts` (unknown parameters refused with a suggestion, strings
 * that spell numbers or booleans accepted, XML-forbidden characters refused, a strict-client
 * JSON Schema in tools/list) and its output schema in the short, portable form of
 * `output_schema.ts` (tools/list is in every agent's context on every turn, so the SDK's
 * default `$schema` and `execution` fields are left out too). Doing it here, where tools are
 * registered, keeps the tool modules declaring plain zod shapes and makes it impossible to add
 * a tool that skips the rules.
 *
 * The SDK validates arguments with the schema it is given before our handler runs and uses
 * the same schema for tools/list; it is therefore given an object that accepts any arguments
 * (the real parse happens in the handler, with our messages) and carries the strict JSON
 * Schema as metadata, which zod's JSON Schema output takes over.
 *
 * @module
 */
import {
  type AnySchema,
  McpServer,
  type RegisteredTool,
  type ToolCallback,
  type ZodRawShapeCompat,
} from "../deps/mcp_sdk.ts";
import { z } from "../deps/zod.ts";
import {
  compileInput,
  type JsonSchema,
  type ParamShape,
  parseArguments,
  type ToolInput,
} from "./input.ts";
import { fail } from "./result.ts";
import { advertisedOutputSchema } from "./output_schema.ts";

/** What the SDK is given for one tool, and how its arguments are parsed. */
interface Compiled {
  readonly input: ToolInput;
  readonly sdkInput: z.ZodType;
  readonly sdkOutput?: z.ZodType;
}

/** Compiled tools by name: a tool's shapes never change, and HTTP builds many servers. */
const compiled = new Map<string, Compiled>();

function compiledFor(
  name: string,
  shape: ParamShape,
  output: ZodRawShapeCompat | AnySchema | undefined,
  readOnly: boolean,
): Compiled {
  let c = compiled.get(name);
  if (!c || !sameKeys(c.input.shape, shape)) {
    const input = compileInput(name, shape);
    c = {
      input,
      sdkInput: z.looseObject({}).meta(exactly(input.schema, {})),
      sdkOutput: portableOutput(name, output, readOnly),
    };
    compiled.set(name, c);
  }
  return c;
}

function sameKeys(a: ParamShape, b: ParamShape): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => k in b);
}

/** The zod raw shape behind a tool's `inputSchema` (a raw shape or a zod object). */
function shapeOf(name: string, schema: ZodRawShapeCompat | AnySchema | undefined): ParamShape {
  if (schema === undefined) return {};
  if (schema instanceof z.ZodObject) return schema.shape as ParamShape;
  if (!("_zod" in schema) && !("_def" in schema)) return schema as ParamShape;
  throw new Error(`tool ${name}: schemas must be zod objects or raw shapes`);
}

type AnyCallback = (...args: unknown[]) => unknown;

/**
 * Metadata that makes the SDK print exactly `schema`: zod merges metadata over the JSON Schema
 * it generates, so every generated keyword `schema` does not have is unset, among them the
 * `$schema` zod adds at the root (27 tools × 2 schemas × 50 bytes of tools/list telling a
 * client nothing: MCP fixes the dialect).
 */
function exactly(schema: JsonSchema, generated: JsonSchema): JsonSchema {
  const unset = Object.keys(generated).filter((k) => !(k in schema));
  return { ...Object.fromEntries(unset.map((k) => [k, undefined])), $schema: undefined, ...schema };
}

/**
 * The output schema as a zod object (results are still validated by it) whose advertised JSON
 * is the short, portable form of `output_schema.ts`.
 */
function portableOutput(
  name: string,
  schema: ZodRawShapeCompat | AnySchema | undefined,
  readOnly: boolean,
): z.ZodType | undefined {
  if (schema === undefined) return undefined;
  const object = z.object(shapeOf(name, schema));
  const json = z.toJSONSchema(object, { io: "output", target: "draft-7" }) as JsonSchema;
  return object.meta(exactly(advertisedOutputSchema(json, readOnly), json));
}

/** An McpServer whose every tool gets the strict inputs and short output schemas above. */
export class StrictMcpServer extends McpServer {
  override registerTool<
    OutputArgs extends ZodRawShapeCompat | AnySchema,
    InputArgs extends undefined | ZodRawShapeCompat | AnySchema = undefined,
  >(
    name: string,
    config: {
      title?: string;
      description?: string;
      inputSchema?: InputArgs;
      outputSchema?: OutputArgs;
      annotations?: Parameters<McpServer["registerTool"]>[1]["annotations"];
      _meta?: Record<string, unknown>;
    },
    cb: ToolCallback<InputArgs>,
  ): RegisteredTool {
    const { input, sdkInput, sdkOutput } = compiledFor(
      name,
      shapeOf(name, config.inputSchema),
      config.outputSchema,
      (config.annotations as { readOnlyHint?: boolean } | undefined)?.readOnlyHint === true,
    );
    const takesArgs = config.inputSchema !== undefined;
    const handler = async (raw: Record<string, unknown>, extra: unknown) => {
      let args: Record<string, unknown>;
      try {
        args = parseArguments(input, raw);
      } catch (e) {
        return fail(e);
      }
      const call = cb as unknown as AnyCallback;
      return await (takesArgs ? call(args, extra) : call(extra));
    };
    const tool = super.registerTool(
      name,
      { ...config, inputSchema: sdkInput, outputSchema: sdkOutput },
      handler as unknown as ToolCallback<z.ZodType>,
    );
    // The SDK lists `execution: {taskSupport: "forbidden"}` on every tool; absent means the
    // same (MCP 2025-11-25), and none of our tools is a task.
    tool.execution = undefined;
    return tool;
  }
}
