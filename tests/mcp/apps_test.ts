/**
 * MCP Apps through the SDK client alone (a real stdio server): a client that declares the
 * `io.modelcontextprotocol/ui` extension gets the `_meta.ui` links on `validate_ifc_model`
 * and `render_ids`, lists the `ui://` pages and reads them as one self-contained HTML file
 * each; a client that does not declare it sees neither (exactly the server it saw before).
 * The pages' behaviour in a browser is tested by the host harness (tests/apps/).
 *
 * @module
 */
import assert from "node:assert/strict";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { httpClient, ok, startHttp, stdioHarness, syntheticModel, wallSpec } from "./_helpers.ts";
import {
  APP_MIME_TYPE,
  APPS,
  REPORT_APP_URI,
  SPEC_SHEET_APP_URI,
} from "../../src/mcp/apps/apps.ts";

/** A client that tells the server it renders MCP Apps (SEP-1865). */
export function appsClient(): Client {
  return new Client({ name: "apps-host", version: "1.0.0" }, {
    capabilities: {
      extensions: { "io.modelcontextprotocol/ui": { mimeTypes: [APP_MIME_TYPE] } },
    },
  });
}

/** Largest page, bytes of UTF-8. */
const MAX_PAGE_BYTES = 200 * 1024;

/** What makes a page not self-contained: anything loaded from the network. */
const NETWORK =
  /\b(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?\/\/|@import|url\(\s*["']?(?:https?:)?\/\//i;

Deno.test("apps: a client with the UI extension gets the links, the pages and their HTML", async () => {
  const h = await stdioHarness(["--kv", ":memory:"], appsClient());
  try {
    const { tools } = await h.client.listTools();
    const meta = (name: string) => tools.find((t) => t.name === name)?._meta;
    assert.deepEqual(meta("validate_ifc_model")?.ui, { resourceUri: REPORT_APP_URI });
    assert.deepEqual(meta("render_ids")?.ui, { resourceUri: SPEC_SHEET_APP_URI });
    // Older hosts read the flat key.
    assert.equal(meta("validate_ifc_model")?.["ui/resourceUri"], REPORT_APP_URI);
    assert.equal(tools.filter((t) => t._meta !== undefined).length, 2, "only the two app tools");
    // The links cost a few bytes of tools/list; still under its budget (tools_list_test.ts).
    const bytes = new TextEncoder().encode(JSON.stringify({ tools })).length;
    assert.ok(bytes < 30 * 1024, `tools/list for an Apps host is ${bytes} bytes`);

    const { resources } = await h.client.listResources();
    for (const uri of [REPORT_APP_URI, SPEC_SHEET_APP_URI]) {
      const r = resources.find((x) => x.uri === uri);
      assert.ok(r, `${uri} listed`);
      assert.equal(r.mimeType, "text/html;profile=mcp-app");
      const read = await h.client.readResource({ uri });
      assert.equal(read.contents.length, 1);
      const page = read.contents[0];
      assert.equal(page.mimeType, "text/html;profile=mcp-app");
      const html = (page as { text: string }).text;
      assert.equal(html, APPS.find((a) => a.uri === uri)!.html);
      assert.match(html, /^<!doctype html>/i);
      assert.match(html, /<script type="module">/, "the App script is inline");
      assert.doesNotMatch(html, NETWORK, "nothing loaded from the network");
      const bytes = new TextEncoder().encode(html).length;
      assert.ok(bytes < MAX_PAGE_BYTES, `${uri} is ${bytes} bytes`);
      // No network for the page: empty CSP domains.
      const csp = (page._meta?.ui as { csp?: Record<string, unknown[]> } | undefined)?.csp;
      assert.deepEqual(csp, { connectDomains: [], resourceDomains: [], frameDomains: [] });
    }
  } finally {
    await h.close();
  }
});

Deno.test("apps: a client without the UI extension sees no links and no pages", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    const { tools } = await h.client.listTools();
    assert.equal(tools.length > 20, true);
    for (const t of tools) assert.equal(t._meta, undefined, `${t.name} has no _meta`);
    const { resources } = await h.client.listResources();
    assert.ok(!resources.some((r) => r.uri.startsWith("ui://")), "no ui:// resources");
    const read = await h.client.readResource({ uri: REPORT_APP_URI }).then(
      () => "read",
      (e: Error) => e.message,
    );
    assert.notEqual(read, "read", "the page is not served either");
  } finally {
    await h.close();
  }
});

Deno.test("apps: the tool results the pages render are unchanged (report_uri, spec sheet uri)", async () => {
  const h = await stdioHarness(["--kv", ":memory:"], appsClient());
  try {
    await wallSpec(h.client, "Apps", { fireRating: true });
    const s = await ok(h.client, "validate_ifc_model", { ifc_content: syntheticModel(3) });
    assert.equal(s.overall_status, "fail");
    assert.match(String(s.report_uri), /^ids:\/\/session\/reports\/.+\.json$/);
    // What the report app loads on demand: the JSON report, through the host's resources/read.
    const full = await h.client.readResource({ uri: String(s.report_uri) });
    const json = JSON.parse((full.contents[0] as { text: string }).text);
    assert.equal(json.specifications[0].failures.length, 3);
    const sheet = await ok(h.client, "render_ids", {});
    assert.equal(sheet.uri, "ids://session/spec-sheet.html");
  } finally {
    await h.close();
  }
});

Deno.test("apps over HTTP: the tools link the pages, which are readable but not listed (docs/apps.md)", async () => {
  // A pooled HTTP server serves each request without the session's initialize capabilities,
  // so it keeps the links (a client without the extension ignores `_meta`) and the pages
  // readable, and resources/list as it was.
  const server = await startHttp();
  const { client } = await httpClient(server.url);
  try {
    const { tools } = await client.listTools();
    const check = tools.find((t) => t.name === "validate_ifc_model");
    assert.deepEqual(check?._meta?.ui, { resourceUri: REPORT_APP_URI });
    const { resources } = await client.listResources();
    assert.ok(!resources.some((r) => r.uri.startsWith("ui://")), "resources/list as before");
    const read = await client.readResource({ uri: SPEC_SHEET_APP_URI });
    assert.equal(read.contents[0].mimeType, APP_MIME_TYPE);
  } finally {
    await client.close();
    await server.close();
  }
});
