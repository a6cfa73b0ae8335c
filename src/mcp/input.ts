/**
 * Tool arguments as real MCP clients send them, turned into what the tool modules declared
 * (their zod shapes), strictly and with messages an agent can act on:
 *
 * - an unknown parameter is an error naming the closest known one (zod would silently drop it,
 *   so `dataType` instead of `data_type` used to add a facet without its data type);
 * - numbers, booleans and arrays sent as strings (`max_occurs="0"`, `validate="false"`, as the
 *   MCP Inspector CLI does) are accepted when they parse; JSON numbers and booleans for a value
 *   parameter (`value: 0.25`, `value: true`) are taken in their XSD lexical form, and a single
 *   item for a list parameter (`ifc_versions: "IFC4"`) as a one-item list, so the advertised
 *   schema keeps one type per property; `null` for an optional parameter that
 *   has no "null removes it" meaning is taken as not given (strict function-calling clients send
 *   null for every optional parameter they do not use);
 * - characters XML 1.0 forbids (C0 controls, lone surrogates, U+FFFE/U+FFFF) are refused in
 *   every string, naming the parameter and the position, before anything is stored;
 * - the JSON Schema advertised in `tools/list` suits strict function-calling clients: every
 *   property has one `type` (no `["string","null"]` unions, no `anyOf`, no `{}`), and unknown
 *   properties are not allowed.
 *
 * @module
 */
import { z } from "../deps/zod.ts";
import { IdsError } from "../ids/errors.ts";
import { closest } from "../ids/suggest.ts";
import { warmUp } from "../ids/xml_tree.ts";

/** A tool's parameters as the tool module declares them: a zod raw shape. */
export type ParamShape = Readonly<Record<string, z.ZodType>>;

/** JSON Schema, as plain JSON. */
export type JsonSchema = { [key: string]: unknown };

/** Everything derived once per tool from its shape. */
export interface ToolInput {
  readonly tool: string;
  readonly shape: ParamShape;
  readonly object: z.ZodType;
  /** The inputSchema advertised in tools/list. */
  readonly schema: JsonSchema;
}

/** Derives the parser and the advertised schema of `tool` from its zod shape. */
export function compileInput(tool: string, shape: ParamShape): ToolInput {
  const object = z.object(shape);
  const raw = z.toJSONSchema(object, { io: "input", target: "draft-7" }) as JsonSchema;
  const properties: Record<string, JsonSchema> = {};
  for (const [name, prop] of Object.entries((raw.properties ?? {}) as Record<string, JsonSchema>)) {
    properties[name] = strictSchema(prop, `${tool}.${name}`);
  }
  const schema: JsonSchema = { type: "object", properties, additionalProperties: false };
  if (Array.isArray(raw.required) && raw.required.length) schema.required = raw.required;
  return { tool, shape, object, schema };
}

/** Keys a strict property schema keeps besides `type` and what is rebuilt below. */
const KEPT = [
  "description",
  "default",
  "enum",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "pattern",
  "format",
];

/**
 * One property schema rewritten for strict clients. Zod gives `type: [T, "null"]` for
 * nullable, `anyOf` for unions; a strict client needs one type, so the alternatives are
 * narrowed to the one a client can always send (a string when any branch is a string: the
 * parser still accepts the others, and turns numeric strings back into numbers). A schema
 * with no type at all (`z.unknown()`) is a programming error, refused at registration.
 */
function strictSchema(s: JsonSchema, where: string): JsonSchema {
  let branches: JsonSchema[] = Array.isArray(s.anyOf) ? s.anyOf as JsonSchema[] : [s];
  const types = new Set<string>();
  const consts: unknown[] = [];
  for (const b of branches) {
    const t = b.type;
    for (const one of Array.isArray(t) ? t : t === undefined ? [] : [t]) {
      if (one !== "null") types.add(one as string);
    }
    if ("const" in b) consts.push(b.const);
  }
  branches = branches.filter((b) => b.type !== "null");
  if (types.size === 0) throw new Error(`${where}: an input parameter needs a JSON type`);
  const type = types.has("string")
    ? "string"
    : types.has("number")
    ? "number"
    : types.has("integer")
    ? "integer"
    : [...types][0];
  const out: JsonSchema = { type };
  const single = branches.length === 1 ? branches[0] : undefined;
  for (const source of single ? [single, s] : [s]) {
    for (const k of KEPT) if (k in source && !(k in out)) out[k] = source[k];
  }
  if (type === "string" && consts.length === branches.length && consts.length > 1) {
    out.enum = consts.map(String);
  } else if (single && "const" in single) out.enum = [single.const];
  // Integers as JavaScript sees them: the safe-integer bounds zod adds are noise to a client.
  if (out.maximum === Number.MAX_SAFE_INTEGER) delete out.maximum;
  if (out.minimum === Number.MIN_SAFE_INTEGER) delete out.minimum;
  if (type === "array") {
    const items = (single ?? s).items as JsonSchema | undefined;
    if (!items) throw new Error(`${where}: an array parameter needs an item schema`);
    out.items = strictSchema(items, `${where}[]`);
  }
  if (type === "object") throw new Error(`${where}: object parameters are not supported`);
  return out;
}

/** Parses a tool call's raw arguments; throws `invalid_argument` IdsErrors agents can act on. */
export function parseArguments(input: ToolInput, raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw invalidArg(`the arguments of ${input.tool} must be a JSON object`);
  }
  const args: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    // Own keys only: `constructor` or `__proto__` must not find Object.prototype's.
    if (!Object.hasOwn(input.shape, name)) throw unknownParameter(input, name);
    const field = input.shape[name];
    checkXmlChars(value, name);
    const v = coerce(field, value, VALUE_PARAMETERS.has(name));
    if (v !== undefined) args[name] = v;
  }
  const parsed = input.object.safeParse(args);
  if (!parsed.success) throw invalidArg(describeIssues(parsed.error.issues, args));
  return parsed.data as Record<string, unknown>;
}

function invalidArg(message: string): IdsError {
  return new IdsError("invalid_argument", message);
}

function unknownParameter(input: ToolInput, name: string): IdsError {
  const known = Object.keys(input.shape);
  const near = closest(name, known);
  return invalidArg(
    `unknown parameter '${name}'` +
      (near
        ? `; did you mean '${near}'?`
        : known.length
        ? `; ${input.tool} takes: ${known.join(", ")}`
        : `; ${input.tool} takes no parameters`),
  );
}

/**
 * The value the field accepts: the value itself when it parses, else its reading as a number,
 * a boolean or JSON (for strings that spell one), else what the object parse should report
 * the problem of.
 */
function coerce(field: z.ZodType, value: unknown, typedValue = false): unknown {
  if (field.safeParse(value).success) return value;
  if (value === null && field.safeParse(undefined).success) return undefined;
  const alts = readings(value, typedValue);
  for (const alt of alts) {
    if (field.safeParse(alt).success) return alt;
  }
  // One item for a list parameter (`ifc_versions: "IFC4"`, `values: "A"`), read the same way.
  if (value !== null && value !== undefined && !Array.isArray(value)) {
    for (const item of [value, ...alts]) {
      if (field.safeParse([item]).success) return [item];
    }
  }
  // "1.5" for an integer: the number's error ("expected int") says more than the string's.
  return typeof value === "string" && alts.length ? alts[0] : value;
}

/**
 * Other readings of a value: a string that spells a number, a boolean or a JSON array; a JSON
 * number or boolean for a value parameter (`VALUE_PARAMETERS`) as its XSD lexical form (`true` → "true", `0.25` →
 * "0.25", `42` → "42": JavaScript's shortest round-trip spelling is a valid xs:double, and an
 * integral number has no fraction, as xs:integer wants).
 */
function readings(value: unknown, typedValue: boolean): unknown[] {
  if (typeof value === "string") return alternatives(value);
  if (!typedValue) return [];
  if (typeof value === "boolean") return [String(value)];
  if (typeof value === "number" && Number.isFinite(value)) return [String(value)];
  return [];
}

/**
 * Parameters that hold an IDS value compared with a typed IFC value (facet `value`, the
 * simple value that replaces a restriction): a JSON number or boolean is natural there. Names
 * and labels (`title`, `entity_name` …) stay text only: `title: 42` is more likely a mistake.
 */
const VALUE_PARAMETERS: ReadonlySet<string> = new Set(["value", "replacement"]);

function alternatives(s: string): unknown[] {
  const t = s.trim();
  const out: unknown[] = [];
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) out.push(Number(t));
  if (/^(true|false)$/i.test(t)) out.push(t.toLowerCase() === "true");
  if (t.startsWith("[")) {
    try {
      out.push(JSON.parse(t));
    } catch {
      // not JSON: the original value's error stands
    }
  }
  return out;
}

/**
 * Characters XML 1.0 does not allow (its `Char` production): C0 controls other than tab, line
 * feed and carriage return, U+FFFE, U+FFFF, and UTF-16 surrogates that are not part of a pair
 * (found with the native `isWellFormed`, fast on a 100 MB `ifc_content`).
 */
// deno-lint-ignore no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Compiled before a multi-MB `source` meets it (xml_tree.ts says why).
warmUp(FORBIDDEN);

/** Throws when a string anywhere in `value` holds a character XML 1.0 forbids. */
export function checkXmlChars(value: unknown, path: string): void {
  if (typeof value === "string") {
    const m = FORBIDDEN.exec(value) ?? (value.isWellFormed() ? null : LONE_SURROGATE.exec(value));
    if (m) {
      const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
      const what = /[\uD800-\uDFFF]/.test(m[0]) ? "a lone surrogate" : "the character";
      throw invalidArg(
        `parameter '${path}' contains ${what} U+${code} at position ${m.index + 1}, which ` +
          `XML 1.0 does not allow; remove or replace it`,
      );
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkXmlChars(v, `${path}[${i}]`));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) checkXmlChars(v, `${path}.${k}`);
  }
}

function describeIssues(issues: readonly z.core.$ZodIssue[], args: Record<string, unknown>) {
  const parts = issues.slice(0, 5).map((i) => {
    const name = i.path.map((p, n) =>
      typeof p === "number" ? `[${p}]` : n ? `.${String(p)}` : String(p)
    )
      .join("");
    const top = i.path[0];
    if (i.path.length === 1 && typeof top === "string" && !(top in args)) {
      return `missing required parameter '${name}'`;
    }
    let got = "";
    let hint = "";
    if (typeof top === "string" && top in args) {
      let v: unknown = args[top];
      for (const p of i.path.slice(1)) v = (v as Record<PropertyKey, unknown>)?.[p as PropertyKey];
      got = ` (got ${JSON.stringify(v)?.slice(0, 80) ?? String(v)})`;
      // A near miss of an allowed value ("requirement" for "requirements").
      if (i.code === "invalid_value" && typeof v === "string") {
        const near = closest(v, i.values.filter((x): x is string => typeof x === "string"));
        if (near !== undefined) hint = `; did you mean '${near}'?`;
      }
    }
    return `parameter '${name || "(arguments)"}': ${lowerFirst(i.message)}${got}${hint}`;
  });
  if (issues.length > 5) parts.push(`… and ${issues.length - 5} more`);
  return parts.join("; ");
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
