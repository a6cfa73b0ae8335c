/**
 * Seeded fuzzing of the Streamable HTTP endpoint (deterministic requests, bounded count and
 * time) against a real `main.ts serve --http` process with a token and a Kv file: valid
 * sessions making tool calls with random arguments, and requests with malformed, truncated,
 * deep, huge or batched bodies, wrong methods, paths and headers, unknown, expired and
 * foreign session ids; a few over raw TCP (Host, Content-Length, framing). Asserted: the
 * process never exits, no answer is 5xx (a client mistake is 4xx; rate limits answer 429),
 * every answer arrives within the call limit, the status a request alone decides is the one
 * given, no internal error or stack trace in a reply, every export is well-formed XML, and
 * neither a bystander HTTP session nor a stdio session in the same Kv changed.
 * Change SEED to explore; a failure message names the case to replay.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseIds } from "../../src/ids/xml.ts";
import { SessionStore } from "../../src/session/kv_store.ts";
import { HTTP_SESSION_PREFIX } from "../../src/session/http_sessions.ts";
import { rng } from "../ids/_mutate.ts";
import type { RpcReply } from "../fuzz/_raw_stdio.ts";
import { FUZZ_CASES, seedPairs } from "../fuzz/_seeds.ts";
import { checkExport, type ListedTool, serverFault } from "../fuzz/_tool_calls.ts";
import { tempDir } from "../mcp/_helpers.ts";
import { REPLY_TOO_LARGE } from "../../src/mcp/reply_limit.ts";
import { initialize, post, RawConnection, type Spawned, spawnServer, toolCall } from "./_server.ts";
import {
  type FetchCase,
  fetchCase,
  FUZZ_MAX_BATCH,
  type FuzzState,
  MAX_BODY,
  type RawCase,
  rawCase,
  slowBodyCase,
  TOKEN,
} from "./_fuzz_requests.ts";

const SEED = 20261201;
/** Requests over fetch; about 1 in 25 more go over raw TCP. */
const CASES = 2000;
const CALL_LIMIT_MS = 5_000;
/** Longest any answer may take: the call limit plus slack for a loaded machine. */
const ANSWER_LIMIT_MS = CALL_LIMIT_MS + 3_000;
const PAIRS = seedPairs();
const AUTH = { authorization: `Bearer ${TOKEN}` };

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly replies: RpcReply[];
  readonly text: string;
}

/** The JSON-RPC replies of a body: JSON (one or a batch) or the data events of an SSE stream. */
function repliesOf(contentType: string, text: string): RpcReply[] {
  const parse = (t: string): RpcReply[] => {
    try {
      const v = JSON.parse(t);
      return Array.isArray(v) ? v : [v];
    } catch {
      return [];
    }
  };
  if (contentType.includes("text/event-stream")) {
    return text.split("\n").filter((l) => l.startsWith("data:")).flatMap((l) => parse(l.slice(5)));
  }
  return contentType.includes("application/json") ? parse(text) : [];
}

async function send(base: URL, c: FetchCase): Promise<Answer> {
  const res = await fetch(new URL(c.path, base), {
    method: c.method,
    headers: c.headers,
    body: c.body,
    signal: AbortSignal.timeout(ANSWER_LIMIT_MS),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    replies: repliesOf(res.headers.get("content-type") ?? "", text),
  };
}

/**
 * The answer to a request whose `params` fail the MCP request schema (`initialize` with
 * `capabilities: "x"`, `tools/call` without `params`): -32602 naming the field
 * (src/mcp/invalid_params.ts), not the SDK's own -32603 "internal error".
 */
function invalidParamsReply(reply: RpcReply): boolean {
  return reply.error?.code === -32602 && /^invalid params: /.test(reply.error.message);
}

/** What a failure message shows of a case, to replay it. */
function replay(c: FetchCase): string {
  const body = new TextDecoder().decode(c.body?.subarray(0, 500));
  return `${c.method} ${c.path.slice(0, 100)} ${JSON.stringify(c.headers)}\n${
    JSON.stringify(body)
  }`;
}

/** A raw request; the status of the first answer (undefined when none came). */
async function sendRaw(port: number, c: RawCase): Promise<number | undefined> {
  const conn = await RawConnection.open(port);
  try {
    await conn.send(c.text);
    if (c.closeWrite) await conn.closeWrite().catch(() => {});
    return await conn.response(ANSWER_LIMIT_MS);
  } finally {
    conn.close();
  }
}

/** A session's document as stored (read from the Kv file by this process). */
async function storedDoc(kv: string, id: string): Promise<unknown> {
  const store = await SessionStore.open(kv);
  try {
    return (await store.load(id))?.doc;
  } finally {
    store.close();
  }
}

/** A POST with the token, in `session`. */
function postAs(server: Spawned, session: string, body: unknown): Promise<Response> {
  return post(server.url, body, { ...AUTH, "mcp-session-id": session });
}

async function call(server: Spawned, session: string, name: string, args: unknown) {
  const res = await postAs(server, session, toolCall(1, name, args as Record<string, unknown>));
  assert.equal(res.status, 200, `${name}: ${res.status}`);
  return (await res.json()) as RpcReply;
}

Deno.test("fuzz: the HTTP endpoint answers every client mistake with a 4xx and changes no other session", async () => {
  await using dir = await tempDir();
  const kv = join(dir.path, "fuzz.kv");
  // A stdio session in the same Kv: no Mcp-Session-Id may reach it.
  const desk = parseIds(PAIRS[1].ids);
  const store = await SessionStore.open(kv);
  await store.create("desk");
  await store.update("desk", () => ({ doc: desk, result: 0 }));
  store.close();

  const server = await spawnServer([
    "--kv",
    kv,
    "--root",
    dir.path,
    "--auth-token",
    TOKEN,
    "--call-timeout",
    `${CALL_LIMIT_MS}ms`,
    "--max-body",
    String(MAX_BODY),
    "--body-timeout",
    "1s",
    // Generous, so that limits do not dominate; the fuzz still reaches both.
    "--max-sessions-per-client",
    "16",
    "--tool-calls-per-second",
    "200",
    "--requests-per-principal",
    "100000",
    "--new-sessions-per-minute",
    "100000",
    "--max-batch",
    String(FUZZ_MAX_BATCH),
    // Small, so that batches of reads reach it (answered reply_too_large, never dropped).
    "--max-batch-reply",
    "4096",
    "--log-level",
    "error",
  ]);
  let exited = false;
  server.child.status.then(() => exited = true);
  const random = rng(SEED);
  const started = performance.now();
  const statuses = new Map<number, number>();
  const faults: string[] = [];
  const wrong: string[] = [];
  let requests = 0;
  let raw = 0;
  let toolCalls = 0;
  let exports = 0;
  let slowest = 0;
  let invalidParams = 0;
  let tooLarge = 0;
  const limited = { sessions: 0, calls: 0 };
  let bystanderDoc: unknown;
  let bystanderXml = "";
  let bystander = "";
  let stopped: Deno.CommandStatus;
  try {
    // A bystander HTTP session with a document: the fuzz never addresses it.
    bystander = await initialize(server.url, AUTH);
    const load = await call(server, bystander, "load_ids", {
      source: PAIRS[0].ids,
      source_type: "string",
    });
    assert.ok(!load.result?.isError, JSON.stringify(load));
    bystanderXml = JSON.stringify(
      (await call(server, bystander, "export_ids", { validate: false })).result,
    );
    bystanderDoc = await storedDoc(kv, HTTP_SESSION_PREFIX + bystander);
    assert.ok(bystanderDoc, "the bystander's document is stored");

    const live: string[] = [];
    const expired: string[] = [];
    for (let i = 0; i < 4; i++) live.push(await initialize(server.url, AUTH));
    const listed = await postAs(server, live[0], { jsonrpc: "2.0", id: 1, method: "tools/list" });
    const tools = ((await listed.json()).result.tools) as ListedTool[];
    assert.ok(tools.length >= 20, "the tools are listed");
    const state: FuzzState = { live, expired, tools, port: server.port };

    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const seedDoc = async () => {
      const pair = PAIRS[Math.floor(random() * PAIRS.length)];
      await Deno.writeTextFile(join(dir.path, "model.ifc"), pair.ifc);
      const session = live[Math.floor(random() * live.length)];
      const res = await postAs(
        server,
        session,
        toolCall(1, "load_ids", { source: pair.ids, source_type: "string" }),
      );
      await res.body?.cancel();
      // And its export, which must be well-formed XML whatever the document holds.
      const exported = await postAs(
        server,
        session,
        toolCall(2, "export_ids", { validate: random() < 0.5 }),
      );
      const reply = (await exported.json()) as RpcReply;
      if (await checkExport("export_ids", reply)) exports++;
      requests += 2;
      count(res.status);
      count(exported.status);
    };
    const runRaw = async (c: RawCase) => {
      const status = await sendRaw(server.port, c);
      raw++;
      requests++;
      if (status !== undefined) count(status);
      if (status === undefined && c.needsStatus) wrong.push(`raw ${c.label}: no answer`);
      if (status !== undefined && status >= 500) wrong.push(`raw ${c.label}: ${status}`);
      if (c.expect !== undefined && status !== undefined && status !== c.expect) {
        wrong.push(`raw ${c.label}: ${status}, expected ${c.expect}`);
      }
    };

    for (let k = 0; k < CASES; k++) {
      if (k % 40 === 0) await seedDoc();
      if (k % 700 === 350) await runRaw(slowBodyCase(state));
      if (random() < 0.04) await runRaw(rawCase(random, state, 100_000 + k));
      const c = fetchCase(random, state, 10 * k + 2);
      const t0 = performance.now();
      let answer: Answer;
      try {
        answer = await send(server.url, c);
      } catch (e) {
        // FUZZ_DUMP=file keeps the whole body of a case that got no answer, to replay it.
        const dump = Deno.env.get("FUZZ_DUMP");
        if (dump && c.body) Deno.writeFileSync(dump, c.body);
        assert.fail(`case ${k} (${c.label}): no answer: ${(e as Error).message}\n${replay(c)}`);
      }
      const took = performance.now() - t0;
      slowest = Math.max(slowest, took);
      requests++;
      count(answer.status);
      const what = `case ${k} (${c.label})`;
      if (answer.status >= 500) {
        wrong.push(`${what}: ${answer.status} ${answer.text.slice(0, 300)}`);
      }
      if (c.expect !== undefined && answer.status !== c.expect) {
        wrong.push(`${what}: ${answer.status}, expected ${c.expect}: ${answer.text.slice(0, 200)}`);
      }
      if (answer.status === 429) {
        // Which limit: sessions per client, or tool calls per session (a batch past the burst).
        if (/too many sessions/.test(answer.text)) limited.sessions++;
        else if (/too many requests|exceeds the burst/.test(answer.text)) limited.calls++;
        else wrong.push(`${what}: 429 without a limit named: ${answer.text.slice(0, 200)}`);
      }
      for (const reply of answer.replies) {
        if (invalidParamsReply(reply)) invalidParams++;
        if (reply.error?.code === REPLY_TOO_LARGE) tooLarge++;
        const fault = serverFault(reply);
        if (fault) faults.push(`${what}: ${fault}`);
      }
      if (c.tool !== undefined && answer.status === 200) {
        toolCalls++;
        for (const reply of answer.replies) {
          if (await checkExport(c.tool, reply)) exports++;
        }
      }
      // Follow the sessions the fuzz opened and closed.
      const issued = answer.headers.get("mcp-session-id");
      if (answer.status === 200 && issued && !live.includes(issued) && c.method === "POST") {
        live.push(issued);
      }
      if (c.method === "DELETE" && answer.status === 200 && c.session.kind === "live") {
        live.splice(live.indexOf(c.session.id), 1);
        expired.push(c.session.id);
        if (live.length === 0) live.push(await initialize(server.url, AUTH));
      }
      assert.ok(!exited, `${what}: the server exited: ${server.stderr().slice(-2000)}`);
    }

    // Still serving; the bystander's own view of its document is what it was.
    const health = await fetch(new URL("/healthz", server.url));
    assert.equal(health.status, 200);
    await health.body?.cancel();
    const after = await call(server, bystander, "export_ids", { validate: false });
    assert.equal(JSON.stringify(after.result), bystanderXml, "the bystander's export unchanged");
    assert.ok(!exited, "the server ran until stopped");
  } finally {
    stopped = await server.stop();
  }
  assert.equal(stopped.code, 0, `exit code; stderr: ${server.stderr().slice(-2000)}`);
  const wall = performance.now() - started;
  const others = FUZZ_CASES.xml + FUZZ_CASES.step + FUZZ_CASES.stdio;
  const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(" ");
  console.log(
    `http fuzz: ${requests} requests (${raw} raw TCP), ${toolCalls} tool calls answered, ` +
      `${exports} exports checked, ${invalidParams} invalid-params replies, ` +
      `${tooLarge} reply_too_large, ` +
      `429: ${limited.sessions} sessions, ${limited.calls} calls, slowest ${
        Math.round(slowest)
      } ms, ${Math.round(wall)} ms ` +
      `in all; statuses ${summary}\n` +
      `fuzz cases in all: ${requests + others} (${others} in tests/fuzz_test.ts + ${requests})`,
  );
  assert.deepEqual(wrong, [], "every answer is the right 4xx or a success, never 5xx");
  assert.deepEqual(faults, [], "no internal errors or stack traces for client mistakes");
  assert.doesNotMatch(server.stderr(), /request failed/, "no request failed inside the server");
  assert.ok(slowest < ANSWER_LIMIT_MS, `every answer within the limit (slowest ${slowest} ms)`);
  assert.ok(requests >= 2000 && raw >= 50, `${requests} requests, ${raw} raw`);
  assert.ok(toolCalls > 500 && exports > 40, `${toolCalls} tool calls, ${exports} exports`);
  assert.ok(invalidParams > 0, "requests with params the MCP schema refuses get -32602");
  assert.ok(tooLarge > 0, "batches of reads past --max-batch-reply get reply_too_large");
  assert.ok(
    limited.sessions > 0 && limited.calls > 0,
    `both limits reached: ${JSON.stringify(limited)}`,
  );
  for (const s of [200, 202, 400, 401, 403, 404, 405, 406, 408, 413, 415, 429]) {
    assert.ok(statuses.has(s), `the fuzz reached status ${s} (${summary})`);
  }
  assert.deepEqual(await storedDoc(kv, "desk"), desk, "the stdio session unchanged");
  const bystanderAfter = await storedDoc(kv, HTTP_SESSION_PREFIX + bystander);
  assert.deepEqual(bystanderAfter, bystanderDoc, "the bystander's stored document unchanged");
});
