/**
 * Shared test plumbing for the MCP tests: real SDK clients over a real stdio subprocess and
 * over real HTTP (Deno.serve on port 0 in this process, or a `serve --http` subprocess), and
 * small assertions on tool results.
 *
 * @module
 */
import assert from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
// @ts-types="@modelcontextprotocol/sdk/types"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { SessionStore } from "../../src/session/kv_store.ts";
import { createHttpHandler, type HttpHandlerOptions } from "../../src/http/handler.ts";
import { DEFAULT_CONFIG } from "../../src/mcp/context.ts";
import { loadXsdValidator } from "../../src/fs/xsd_load.ts";
import type { XsdValidatorHandle } from "../../src/ids/xsd.ts";

export const REPO = fromFileUrl(new URL("../../", import.meta.url));
export const MAIN = fromFileUrl(new URL("../../main.ts", import.meta.url));
export const XSD_DIR = fromFileUrl(new URL("../../../shared/ids/xsd", import.meta.url));
export const EXAMPLES_DIR = fromFileUrl(new URL("../../../shared/ids/examples", import.meta.url));

let xsd: Promise<XsdValidatorHandle> | undefined;
/** The official XSD, compiled once per test process. */
export function officialXsd(): Promise<XsdValidatorHandle> {
  xsd ??= loadXsdValidator(XSD_DIR);
  return xsd;
}

/** A connected client plus how to stop what it runs on. */
export interface Harness {
  readonly client: Client;
  /** The server's process id (a subprocess on stdio). */
  readonly pid?: number;
  close(): Promise<void>;
}

export function newClient(name = "test"): Client {
  return new Client({ name, version: "1.0.0" });
}

/**
 * Spawns `main.ts serve` (stdio) with `args` and connects `client` to it (a plain test client
 * by default; pass one with capabilities, e.g. the MCP Apps extension, to test negotiation).
 */
export async function stdioHarness(args: string[], client = newClient()): Promise<Harness> {
  const transport = new StdioClientTransport({
    command: Deno.execPath(),
    args: ["run", "--unstable-kv", "-A", MAIN, "serve", ...args],
    cwd: REPO,
    stderr: "pipe",
    env: { ...Deno.env.toObject(), NO_COLOR: "1" },
  });
  await client.connect(transport);
  // Drain stderr so the child never blocks on a full pipe.
  transport.stderr?.on("data", () => {});
  return { client, pid: transport.pid ?? undefined, close: () => client.close() };
}

/**
 * CPU time (user + system, ms) process `pid` has used: fields 14 and 15 of /proc/PID/stat in
 * clock ticks (100 Hz), read through `cat` (Deno lets only --allow-all read /proc directly).
 */
export async function processCpuMs(pid: number): Promise<number> {
  const out = await new Deno.Command("cat", { args: [`/proc/${pid}/stat`] }).output();
  const stat = new TextDecoder().decode(out.stdout);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** An in-process HTTP server on a free port; `url` is its /mcp endpoint. */
export interface HttpServerHandle {
  readonly url: URL;
  readonly store: SessionStore;
  /** Requests the handler is running right now. */
  inflight(): number;
  close(): Promise<void>;
}

export async function startHttp(
  options: Partial<HttpHandlerOptions> & { kv?: string } = {},
): Promise<HttpServerHandle> {
  const store = options.store ?? await SessionStore.open(options.kv ?? ":memory:");
  const handler = createHttpHandler({
    store,
    roots: options.roots ?? [],
    xsdDir: options.xsdDir ?? XSD_DIR,
    config: options.config ?? DEFAULT_CONFIG,
    ...options,
    log: options.log ?? (() => {}),
  });
  const { promise, resolve } = Promise.withResolvers<number>();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: ({ port }) => resolve(port),
  }, handler);
  const port = await promise;
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    store,
    inflight: () => handler.inflight(),
    close: async () => {
      await server.shutdown();
      if (!options.store) store.close();
    },
  };
}

/** A client connected over Streamable HTTP to `url` (optionally resuming `sessionId`). */
export async function httpClient(
  url: URL,
  options: { sessionId?: string; headers?: Record<string, string> } = {},
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(url, {
    sessionId: options.sessionId,
    requestInit: options.headers ? { headers: options.headers } : undefined,
  });
  const client = newClient();
  await client.connect(transport);
  return { client, transport };
}

/** Calls a tool that must succeed; returns its structuredContent and checks the text copy. */
export async function ok(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const r = await client.callTool({ name, arguments: args }) as CallToolResult;
  const text = r.content?.[0]?.type === "text" ? r.content[0].text : "";
  assert.ok(!r.isError, `${name}(${JSON.stringify(args)}) failed: ${text}`);
  assert.ok(r.structuredContent, `${name} returned no structuredContent`);
  assert.deepEqual(JSON.parse(text), r.structuredContent, "text copy equals structuredContent");
  return r.structuredContent as Record<string, unknown>;
}

/** Calls a tool that must fail with isError; returns the error text. */
export async function fails(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  expected?: RegExp,
): Promise<string> {
  const r = await client.callTool({ name, arguments: args }) as CallToolResult;
  const text = r.content?.map((c) => c.type === "text" ? c.text : "").join("\n") ?? "";
  assert.equal(r.isError, true, `${name} should fail but returned ${text}`);
  if (expected) assert.match(text, expected);
  return text;
}

/**
 * A new document `title` with one IFC4 specification `S1` ("Walls") applying to IFCWALL and,
 * with `fireRating`, requiring Pset_WallCommon.FireRating (IFCLABEL).
 */
export async function wallSpec(
  client: Client,
  title: string,
  options: { fireRating?: boolean } = {},
): Promise<void> {
  await ok(client, "create_ids", { title });
  await ok(client, "add_specification", {
    name: "Walls",
    ifc_versions: ["IFC4"],
    identifier: "S1",
  });
  await ok(client, "add_entity_facet", {
    spec_id: "S1",
    location: "applicability",
    entity_name: "IFCWALL",
  });
  if (options.fireRating) {
    await ok(client, "add_property_facet", {
      spec_id: "S1",
      location: "requirements",
      property_set: "Pset_WallCommon",
      property_name: "FireRating",
      data_type: "IFCLABEL",
    });
  }
}

/** The exported XML of the session (a fingerprint to prove a failed call changed nothing). */
export async function exported(client: Client): Promise<string> {
  return (await ok(client, "export_ids", { validate: false })).xml as string;
}

/** A fresh temporary directory (realpath'd), removed by the returned disposer. */
export async function tempDir(): Promise<{ path: string; [Symbol.asyncDispose](): Promise<void> }> {
  const path = await Deno.realPath(await Deno.makeTempDir({ prefix: "ids-mcp-test-" }));
  return {
    path,
    [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }).catch(() => {}),
  };
}

/** A synthetic IFC4 model of `walls` walls (each with a name), as STEP text. */
export function syntheticModel(walls: number): string {
  const lines = [
    "ISO-10303-21;",
    "HEADER;",
    "FILE_DESCRIPTION((''),'2;1');",
    "FILE_NAME('','',(''),(''),'','','');",
    "FILE_SCHEMA(('IFC4'));",
    "ENDSEC;",
    "DATA;",
    "#1=IFCPROJECT('0000000000000000000001',$,'P',$,$,$,$,$,$);",
  ];
  for (let i = 0; i < walls; i++) {
    lines.push(`#${i + 10}=IFCWALL('${String(i).padStart(22, "0")}',$,'Wall ${i}',$,$,$,$,$,$);`);
  }
  lines.push("ENDSEC;", "END-ISO-10303-21;");
  return lines.join("\n");
}
