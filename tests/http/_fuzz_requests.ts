/**
 * The requests of the seeded HTTP fuzz test (fuzz_test.ts), drawn from a seeded PRNG: over
 * `fetch`, tool calls with random arguments and malformed, truncated, deep, huge or batched
 * JSON bodies, sent with wrong methods, paths, headers and session ids; over a raw TCP
 * socket, what `fetch` cannot send (a wrong Host, Content-Length mismatches, broken framing).
 * Where the answer follows from the request alone (a wrong path, token or Origin, a session
 * id this server never issued…) the case carries the status it must get.
 *
 * @module
 */
import { mutateText, type Random } from "../fuzz/_mutate_bytes.ts";
import {
  type ListedTool,
  malformedLine,
  randomArguments,
  randomJson,
  WORDS,
} from "../fuzz/_tool_calls.ts";
import { HEADERS, INIT, toolCall } from "./_server.ts";

export const TOKEN = "fuzz-token-7f3a9c";
/** The server's --max-body in the fuzz test: huge bodies go up to it, raw ones past it. */
export const MAX_BODY = 1_000_000;

/** What the generators read of the test's state. */
export interface FuzzState {
  /** Sessions this server issued and nobody deleted (never the bystander's). */
  readonly live: readonly string[];
  /** Sessions deleted during the run. */
  readonly expired: readonly string[];
  readonly tools: readonly ListedTool[];
  readonly port: number;
}

/** Which `Mcp-Session-Id` a request carries. */
export type SessionChoice =
  | { readonly kind: "live"; readonly id: string }
  | { readonly kind: "absent" }
  /** Not issued (yet of the issued shape), deleted, or not of that shape at all. */
  | { readonly kind: "unknown" | "expired" | "foreign"; readonly id: string };

export interface FetchCase {
  readonly label: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array<ArrayBuffer>;
  readonly session: SessionChoice;
  /** The tool of a body that is one well-formed `tools/call`. */
  readonly tool?: string;
  /** The status the request must get, when the request alone decides it. */
  readonly expect?: number;
}

export interface RawCase {
  readonly label: string;
  /** Everything sent, head and body. */
  readonly text: string;
  /** Ends the sending side after `text` (the server sees the body end early). */
  readonly closeWrite: boolean;
  /** False when the framing is so broken that closing without an answer is fair too. */
  readonly needsStatus: boolean;
  readonly expect?: number;
}

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

const ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** An id of the issued shape (22 base64url characters) that this server never issued. */
function unissuedId(random: Random): string {
  return Array.from({ length: 22 }, () => pick(random, [...ID_CHARS])).join("");
}

function chooseSession(random: Random, state: FuzzState): SessionChoice {
  const r = random();
  if (r < 0.8 && state.live.length > 0) return { kind: "live", id: pick(random, state.live) };
  if (r < 0.85) return { kind: "absent" };
  if (r < 0.9) return { kind: "unknown", id: unissuedId(random) };
  if (r < 0.94 && state.expired.length > 0) {
    return { kind: "expired", id: pick(random, state.expired) };
  }
  return {
    kind: "foreign",
    id: pick(random, [
      "desk", // the stdio session in the same Kv
      "default",
      "http:" + unissuedId(random),
      unissuedId(random).slice(0, 21) + "!",
      unissuedId(random) + "A",
      "a".repeat(4000),
      "../../etc/passwd",
      " ",
    ]),
  };
}

interface Body {
  readonly label: string;
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Set when the body is one well-formed `tools/call`. */
  readonly tool?: string;
  /** A JSON body without `initialize` (the session header decides the answer). */
  readonly plainJson: boolean;
  /** A batch past the server's --max-batch (400 whatever the session). */
  readonly tooMany?: boolean;
}

/** The fuzzed server's --max-batch: above the per-session burst, so both limits are reached. */
export const FUZZ_MAX_BATCH = 450;

const encoder = new TextEncoder();

function json(label: string, value: unknown, tool?: string): Body {
  return { label, bytes: encoder.encode(JSON.stringify(value)), tool, plainJson: true };
}

function text(label: string, t: string): Body {
  return { label, bytes: encoder.encode(t), plainJson: false };
}

/** A `tools/call` with arguments drawn from the tool's input schema (an unknown tool now and then). */
function randomCall(random: Random, state: FuzzState, id: number): Body {
  const tool = random() < 0.05
    ? { name: "no_such_tool", inputSchema: {} }
    : pick(random, state.tools);
  const call = toolCall(id, tool.name, randomArguments(tool, random));
  if (random() < 0.05) {
    // A progress token turns the reply into an SSE stream.
    (call.params as Record<string, unknown>)._meta = { progressToken: id };
  }
  return json(`call ${tool.name}`, call, tool.name);
}

const OTHER_RPC: readonly ((id: number, random: Random) => unknown)[] = [
  (id) => ({ jsonrpc: "2.0", id, method: "tools/list" }),
  (id) => ({ jsonrpc: "2.0", id, method: "ping" }),
  (id) => ({ jsonrpc: "2.0", id, method: "resources/list" }),
  (id) => ({ jsonrpc: "2.0", id, method: "prompts/list" }),
  (id) => ({ jsonrpc: "2.0", id, method: "logging/setLevel", params: { level: "debug" } }),
  (id) => ({ jsonrpc: "2.0", id, method: "no/such/method", params: {} }),
  () => ({ jsonrpc: "2.0", method: "notifications/initialized" }),
  (_, random) => ({
    jsonrpc: "2.0",
    method: "notifications/cancelled",
    params: { requestId: randomJson(random) },
  }),
  (id) => ({ jsonrpc: "2.0", id, result: {} }),
  (id) => ({ jsonrpc: "2.0", id, error: { code: 1, message: "x" } }),
  (id, random) => ({ jsonrpc: "2.0", id, method: "tools/call", params: randomJson(random) }),
  // Keys and `_meta` values the SDK's strict schema refuses (once a request that never ended).
  (id, random) => ({ jsonrpc: "2.0", id, method: "ping", [pick(random, WORDS)]: 1 }),
  (id, random) => ({
    jsonrpc: "2.0",
    id,
    method: "tools/list",
    params: { _meta: randomJson(random) },
  }),
  (_, random) => ({ jsonrpc: "2.0", id: randomJson(random), method: "ping" }),
];

function chooseBody(random: Random, state: FuzzState, id: number): Body {
  const r = random();
  if (r < 0.55) return randomCall(random, state, id);
  if (r < 0.6) {
    const init = structuredClone(INIT) as { params: Record<string, unknown> };
    if (random() < 0.3) init.params.protocolVersion = pick(random, ["1999-01-01", "", "x"]);
    if (random() < 0.2) init.params.capabilities = randomJson(random);
    return { label: "initialize", bytes: encoder.encode(JSON.stringify(init)), plainJson: false };
  }
  if (r < 0.72) return text("malformed", malformedLine(random));
  if (r < 0.8) {
    return text("mutated call", mutateText(JSON.stringify(toolCall(id, "get_ids_info")), random));
  }
  if (r < 0.85) return batch(random, state, id);
  if (r < 0.9) return json("rpc", pick(random, OTHER_RPC)(id, random));
  if (r < 0.93) {
    const bytes = pick(random, [
      new Uint8Array(0),
      encoder.encode("null"),
      Uint8Array.from({ length: 64 }, () => Math.floor(random() * 256)),
      Uint8Array.from([0xef, 0xbb, 0xbf, ...encoder.encode(JSON.stringify(toolCall(id, "ping")))]),
      Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]),
    ]);
    return { label: "bytes", bytes, plainJson: false };
  }
  if (r < 0.96) {
    // Large but under --max-body: a huge document to load, or a long flat array.
    return random() < 0.5
      ? json(
        "huge load_ids",
        toolCall(id, "load_ids", { source: "<a>".repeat(200_000), source_type: "string" }),
        "load_ids",
      )
      : text("huge array", `[${"1,".repeat(MAX_BODY / 2 - 10)}1]`);
  }
  const depth = pick(random, [63, 64, 65, 1000, 100_000]);
  return random() < 0.5
    ? text(`deep array ${depth}`, "[".repeat(depth) + "]".repeat(depth))
    : text(`deep object ${depth}`, '{"a":'.repeat(depth) + "1" + "}".repeat(depth));
}

function batch(random: Random, state: FuzzState, id: number): Body {
  switch (Math.floor(random() * 8)) {
    case 0:
      return json("batch of calls", [
        JSON.parse(new TextDecoder().decode(randomCall(random, state, id).bytes)),
        JSON.parse(new TextDecoder().decode(randomCall(random, state, id + 1).bytes)),
      ]);
    case 1:
      return json("empty batch", []);
    case 2:
      return { ...json("batch with initialize", [INIT, toolCall(id, "ping")]), plainJson: false };
    case 3:
      return json("batch of notifications", [
        { jsonrpc: "2.0", method: "notifications/initialized" },
        { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 1 } },
      ]);
    case 4:
      // Past the burst of --tool-calls-per-second: refused as a whole with 429.
      return json(
        "batch past the burst",
        Array.from({ length: 401 }, (_, i) => toolCall(id + i, "get_ids_info")),
      );
    case 5:
      // Past --max-batch: refused as a whole with 400 before the session is looked at.
      return {
        ...json(
          "batch past --max-batch",
          Array.from(
            { length: FUZZ_MAX_BATCH + 1 },
            () => ({ jsonrpc: "2.0", method: "notifications/initialized" }),
          ),
        ),
        tooMany: true,
      };
    case 6:
      // Reads of the whole document: past --max-batch-reply the later ones are reply_too_large.
      return json(
        "batch of reads",
        Array.from({ length: 2 + Math.floor(random() * 20) }, (_, i) => ({
          jsonrpc: "2.0",
          id: id + i,
          method: "resources/read",
          params: { uri: random() < 0.8 ? "ids://session/document" : "ids://session/info" },
        })),
      );
    default:
      return json("batch of junk", [randomJson(random), randomJson(random), 1, null]);
  }
}

/** One header set to a value, or removed (`undefined`). */
interface HeaderChange {
  readonly label: string;
  readonly key: string;
  readonly value: string | undefined;
  /** Decides the answer, unless a later change of the same header undoes it: 401 or 403. */
  readonly refuses?: 401 | 403;
}

const HEADER_CHANGES: readonly HeaderChange[] = [
  { label: "no token", key: "authorization", value: undefined, refuses: 401 },
  { label: "wrong token", key: "authorization", value: "Bearer wrong", refuses: 401 },
  { label: "token + x", key: "authorization", value: `Bearer ${TOKEN}x`, refuses: 401 },
  { label: "basic", key: "authorization", value: `Basic ${btoa(TOKEN)}`, refuses: 401 },
  { label: "bare token", key: "authorization", value: TOKEN, refuses: 401 },
  { label: "lower bearer", key: "authorization", value: `bearer ${TOKEN}` },
  { label: "spaced token", key: "authorization", value: `Bearer   ${TOKEN}  ` },
  { label: "foreign origin", key: "origin", value: "http://evil.example", refuses: 403 },
  { label: "null origin", key: "origin", value: "null", refuses: 403 },
  { label: "file origin", key: "origin", value: "file://", refuses: 403 },
  {
    label: "lookalike origin",
    key: "origin",
    value: "http://localhost.evil.example",
    refuses: 403,
  },
  { label: "localhost origin", key: "origin", value: "http://localhost:3000" },
  { label: "v6 origin", key: "origin", value: "https://[::1]:8443" },
  { label: "no content-type", key: "content-type", value: undefined },
  { label: "text/plain", key: "content-type", value: "text/plain" },
  { label: "json charset", key: "content-type", value: "application/json; charset=utf-8" },
  { label: "form", key: "content-type", value: "application/x-www-form-urlencoded" },
  { label: "JSON upper", key: "content-type", value: "APPLICATION/JSON" },
  { label: "accept any", key: "accept", value: "*/*" },
  { label: "accept json", key: "accept", value: "application/json" },
  { label: "accept sse", key: "accept", value: "text/event-stream" },
  { label: "accept html", key: "accept", value: "text/html" },
  { label: "no version", key: "mcp-protocol-version", value: undefined },
  { label: "old version", key: "mcp-protocol-version", value: "2024-11-05" },
  { label: "future version", key: "mcp-protocol-version", value: "2999-01-01" },
  { label: "garbage version", key: "mcp-protocol-version", value: "garbage" },
  { label: "listed versions", key: "mcp-protocol-version", value: "2025-06-18, 2025-06-18" },
  { label: "gzip claimed", key: "content-encoding", value: "gzip" },
  { label: "last-event-id", key: "last-event-id", value: "x" },
];

const METHODS = ["GET", "PUT", "PATCH", "OPTIONS", "DELETE", "HEAD"];
const PATHS = [
  "/",
  "/healthz",
  "/healthz?x=1",
  "/mcp/",
  "/MCP",
  "/mcp?x=1",
  "/%6Dcp",
  "/mcp/../mcp",
  "/.well-known/oauth-authorization-server",
  "/" + "x/".repeat(1000),
];

/** The status decided by the request alone (route order: path, Origin, token, method, id). */
function expected(
  method: string,
  path: string,
  refuses: (401 | 403)[],
  session: SessionChoice,
  body: Body,
): number | undefined {
  if (path === "/healthz") return method === "GET" || method === "HEAD" ? 200 : 405;
  if (path !== "/mcp") return 404;
  if (refuses.includes(403)) return 403;
  if (refuses.includes(401)) return 401;
  if (method !== "POST" && method !== "DELETE") return 405;
  if (method === "POST" && body.tooMany) return 400;
  if (method === "POST" && !body.plainJson) return undefined;
  if (session.kind === "absent" || session.kind === "foreign" && session.id.trim() === "") {
    return 400;
  }
  if (session.kind !== "live") return 404;
  return method === "DELETE" ? 200 : undefined;
}

/** One request over `fetch`. */
export function fetchCase(random: Random, state: FuzzState, id: number): FetchCase {
  const session = chooseSession(random, state);
  const body = chooseBody(random, state, id);
  const headers: Record<string, string> = { ...HEADERS, authorization: `Bearer ${TOKEN}` };
  if (session.kind !== "absent") headers["mcp-session-id"] = session.id;
  const changes: HeaderChange[] = [];
  if (random() < 0.3) {
    for (let n = 1 + Math.floor(random() * 2); n > 0; n--) {
      changes.push(pick(random, HEADER_CHANGES));
    }
  }
  const last = new Map<string, HeaderChange>();
  for (const c of changes) {
    if (c.value === undefined) delete headers[c.key];
    else headers[c.key] = c.value;
    last.set(c.key, c);
  }
  const method = random() < 0.06 ? pick(random, METHODS) : "POST";
  const path = random() < 0.04 ? pick(random, PATHS) : "/mcp";
  const normalized = new URL(path, "http://127.0.0.1").pathname;
  const refuses = [...last.values()].flatMap((c) => c.refuses ? [c.refuses] : []);
  const labels = [body.label, ...changes.map((c) => c.label)];
  if (method !== "POST") labels.push(method);
  if (path !== "/mcp") labels.push(path.slice(0, 40));
  return {
    label: `${labels.join(", ")} [${session.kind}]`,
    method,
    path,
    headers,
    // GET and HEAD cannot carry a body in fetch.
    body: method === "GET" || method === "HEAD" ? undefined : body.bytes,
    session,
    tool: method === "POST" && normalized === "/mcp" && refuses.length === 0
      ? body.tool
      : undefined,
    expect: expected(method, normalized, refuses, session, body),
  };
}

/** A raw request head (POST /mcp unless `line` says otherwise). */
function head(headers: Record<string, string | number>, line = "POST /mcp HTTP/1.1"): string {
  return line + "\r\n" + Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("") +
    "\r\n";
}

/** One request over a raw TCP socket (a live session is required). */
export function rawCase(random: Random, state: FuzzState, id: number): RawCase {
  const port = state.port;
  const body = JSON.stringify(toolCall(id, "get_ids_info"));
  const base: Record<string, string | number> = {
    host: `127.0.0.1:${port}`,
    ...HEADERS,
    authorization: `Bearer ${TOKEN}`,
    "mcp-session-id": pick(random, state.live),
  };
  const length = encoder.encode(body).length;
  const ok = (label: string, h: Record<string, string | number>, expect?: number): RawCase => ({
    label,
    text: head({ ...h, "content-length": length }) + body,
    closeWrite: false,
    needsStatus: true,
    expect,
  });
  const broken = (label: string, t: string): RawCase => ({
    label,
    text: t,
    closeWrite: false,
    needsStatus: false,
  });
  switch (Math.floor(random() * 14)) {
    case 0: {
      const [host, expect] = pick(
        random,
        [
          ["evil.example", 403],
          [`evil.example:${port}`, 403],
          [`127.0.0.1.evil.example:${port}`, 403],
          ["", 403],
          [`localhost:${port}`, 200],
          [`[::1]:${port}`, 200],
          ["127.0.0.2", 200],
          ["LocalHost", 200],
          [`app.localhost:${port}`, 200],
        ] as const,
      );
      return ok(`Host '${host}'`, { ...base, host }, expect);
    }
    case 1: {
      const { host: _, ...rest } = base;
      return { ...ok("no Host", rest), needsStatus: false };
    }
    case 2:
      return {
        label: "Content-Length short",
        text: head({ ...base, "content-length": length - 5 }) + body,
        closeWrite: false,
        needsStatus: true,
        expect: 400,
      };
    case 3:
      return {
        label: "Content-Length long, body ends",
        text: head({ ...base, "content-length": length + 10 }) + body,
        closeWrite: true,
        needsStatus: true,
        expect: 400,
      };
    case 4:
      return {
        label: "Content-Length past --max-body",
        text: head({ ...base, "content-length": MAX_BODY + 1 }),
        closeWrite: false,
        needsStatus: true,
        expect: 413,
      };
    case 5:
      return broken(
        "Content-Length garbage",
        head({
          ...base,
          "content-length": pick(random, ["abc", "-1", "1, 2", "99999999999999999999"]),
        }) +
          body,
      );
    case 6:
      return broken(
        "two Content-Lengths",
        head(base).slice(0, -2) + `content-length: ${length}\r\ncontent-length: 3\r\n\r\n` + body,
      );
    case 7: {
      const chunked = `${length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
      return {
        ...ok("chunked", base),
        text: head({ ...base, "transfer-encoding": "chunked" }) + chunked,
      };
    }
    case 8:
      return broken(
        "bad chunk",
        head({ ...base, "transfer-encoding": "chunked" }) + "zz\r\n" + body + "\r\n0\r\n\r\n",
      );
    case 9:
      return broken(
        "chunked and Content-Length",
        head({ ...base, "transfer-encoding": "chunked", "content-length": length }) +
          `${length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      );
    case 10:
      return broken(
        "request line",
        pick(random, [
          "GARBAGE\r\n\r\n",
          head({ ...base, "content-length": length }, "POST /mcp HTTP/9.9") + body,
          head({ ...base, "content-length": length }, "post /mcp HTTP/1.1") + body,
          head({ ...base, "content-length": length }, "POST http://evil.example/mcp HTTP/1.1") +
          body,
          head({ ...base, "content-length": length }, "POST /mcp HTTP/1.0") + body,
          head({ ...base, "content-length": length }, "POST mcp HTTP/1.1") + body,
        ]),
      );
    case 11:
      return broken(
        "header line",
        pick(random, [
          head(base).slice(0, -2) + "no colon here\r\n\r\n",
          head({ ...base, "x-big": "a".repeat(70_000) }),
          head({ ...base, "x-nul": "a\u0000b" }),
          head(base).slice(0, -2) + " folded: continuation\r\n\r\n",
        ]),
      );
    case 12:
      return broken(
        "random bytes",
        String.fromCharCode(...Array.from({ length: 200 }, () => Math.floor(random() * 128))),
      );
    default:
      // Two requests in one write: both answered, the first one first.
      return { ...ok("pipelined", base, 200), text: ok("", base).text.repeat(2) };
  }
}

/** A body that never arrives in full: 408 after --body-timeout. */
export function slowBodyCase(state: FuzzState): RawCase {
  return {
    label: "slow body",
    text: head({
      host: `127.0.0.1:${state.port}`,
      ...HEADERS,
      authorization: `Bearer ${TOKEN}`,
      "mcp-session-id": state.live[0],
      "content-length": 100,
    }) + "{",
    closeWrite: false,
    needsStatus: true,
    expect: 408,
  };
}
