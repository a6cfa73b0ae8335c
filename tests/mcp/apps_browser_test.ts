/**
 * The MCP Apps pages in a real host: the SDK client (declaring the UI extension) on our stdio
 * server, headless Chromium loading each `ui://` resource into a sandboxed iframe through
 * ext-apps' `AppBridge` (tests/_app_host.ts), fed a real tool result.
 *
 * - The host itself, with a probe app: the tool result arrives, a resource read goes through
 *   the host to the server, the host theme reaches the page.
 * - The check report on duplex.ifc against failing specifications: one row per specification
 *   of the summary, the filter narrows the failing elements, "load full report" fetches the
 *   full report through the host and pages through it, light and dark themes, no console
 *   errors or exceptions in host or app, screenshots that are not blank.
 * - The spec sheet after `render_ids`: one `[data-spec]` per specification of the session.
 *
 * Screenshots are kept in tests/artifacts/ (gitignored); with `UPDATE_DOCS_SCREENSHOTS=1` the
 * light ones are also written to docs/img/ (committed, used by docs/apps.md). Without Chromium
 * the tests are skipped, except in CI (`CI` set), where .ci/run installs it.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
// @ts-types="@modelcontextprotocol/sdk/types"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { AppHost, type Frame, probeAppHtml } from "../_app_host.ts";
import { findChromium, pngColourCount } from "../_browser.ts";
import { ok, tempDir } from "./_helpers.ts";
import { failingIds } from "./_report_ids.ts";

const SHARED = fileURLToPath(new URL("../../../shared/", import.meta.url));
const MODELS = `${SHARED}ifc/models/`;
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const DOCS_IMG = fileURLToPath(new URL("../../docs/img/", import.meta.url));
const CHROMIUM = findChromium();
/** A test's whole browser session must finish within this, or it fails. */
const LIMIT_MS = 55_000;
const REPORT_APP = "ui://ids-mcp/check-report.html";
const SPEC_SHEET_APP = "ui://ids-mcp/spec-sheet.html";

if (!CHROMIUM && !Deno.env.get("CI")) {
  console.warn(
    "tests/mcp/apps_browser_test.ts: SKIPPED, no chromium found (apt-get install chromium, or " +
      "set CHROMIUM=/path/to/chrome); CI installs it in .ci/run",
  );
}

/** A browser test: the host on a fresh Kv with the shared models as root, bounded in time. */
function appTest(name: string, fn: (host: AppHost) => Promise<void>): void {
  Deno.test({
    name,
    ignore: !CHROMIUM && !Deno.env.get("CI"),
    async fn() {
      assert.ok(CHROMIUM, "CI must have chromium: .ci/run installs it (apt-get install chromium)");
      await using kv = await tempDir();
      await using host = await AppHost.start(CHROMIUM, {
        serverArgs: ["--kv", `${kv.path}/kv`, "--root", MODELS],
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${name}: over ${LIMIT_MS} ms`)), LIMIT_MS);
      });
      try {
        await Promise.race([fn(host), limit]);
      } finally {
        clearTimeout(timer);
      }
    },
  });
}

/** Calls a tool as the model would, and returns the whole result a host hands to the app. */
async function call(
  host: AppHost,
  name: string,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  const result = await host.client.callTool({ name, arguments: args }, undefined, {
    timeout: 40_000,
  }) as CallToolResult;
  assert.ok(!result.isError, `${name}: ${JSON.stringify(result.content)}`);
  return result;
}

/** A screenshot of the host page that is not blank, kept as `tests/artifacts/<name>.png`. */
async function screenshot(host: AppHost, name: string, docs?: string): Promise<void> {
  const png = await host.page.screenshot();
  const colours = await pngColourCount(png);
  await Deno.mkdir(ARTIFACTS, { recursive: true });
  await Deno.writeFile(`${ARTIFACTS}${name}.png`, png);
  assert.ok(colours > 10, `${name}.png has ${colours} colours: blank`);
  if (docs && Deno.env.get("UPDATE_DOCS_SCREENSHOTS")) {
    await Deno.mkdir(DOCS_IMG, { recursive: true });
    await Deno.writeFile(`${DOCS_IMG}${docs}.png`, png);
  }
}

/** How many elements match `selector` and are shown (not filtered away, not collapsed). */
function shown(frame: Frame, selector: string): Promise<number> {
  return frame.evaluate<number>(
    `[...document.querySelectorAll(${
      JSON.stringify(selector)
    })].filter((e) => e.checkVisibility()).length`,
  );
}

/** The relative luminance (0 black … 1 white) of what the app paints behind its content. */
function backgroundLuminance(frame: Frame): Promise<number> {
  return frame.evaluate<number>(`(() => {
    for (const el of [document.body, document.documentElement]) {
      const m = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g)?.map(Number) ?? [];
      if (m.length >= 3 && (m.length < 4 || m[3] > 0)) {
        return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255;
      }
    }
    return -1;
  })()`);
}

appTest(
  "app host: a probe app gets the tool result, reads a resource through the host, follows the theme",
  async (host) => {
    await ok(host.client, "load_ids", { source: failingIds(2), source_type: "string" });
    const args = { ifc_file_path: `${MODELS}duplex.ifc` };
    const result = await call(host, "validate_ifc_model", args);
    const reportUri = (result.structuredContent as { report_uri: string }).report_uri;
    const frame = await host.mount({
      resourceUri: "ui://ids-mcp-tests/probe.html",
      html: await probeAppHtml(),
      toolName: "validate_ifc_model",
      toolInput: args,
      toolResult: result,
      theme: "dark",
    });
    await frame.waitFor(`document.getElementById("result").dataset.ready`, "the tool result");
    const shownResult = JSON.parse(
      await frame.evaluate<string>(`document.getElementById("result").textContent`),
    );
    assert.deepEqual(shownResult, result.structuredContent, "the app got the tool's result");
    assert.equal(await frame.evaluate(`document.documentElement.dataset.theme`), "dark");

    await frame.evaluate(`document.getElementById("read").click()`);
    await frame.waitFor(`document.getElementById("read-result").textContent`, "the resource");
    const size = Number(
      await frame.evaluate<string>(`document.getElementById("read-result").textContent`),
    );
    assert.ok(size > 10_000, `the full report read through the host has ${size} characters`);
    assert.deepEqual(host.forwarded, [{ method: "resources/read", params: { uri: reportUri } }]);

    await host.setTheme("light");
    await frame.waitFor(`document.documentElement.dataset.theme === "light"`, "the light theme");
    assert.deepEqual(host.errors(), [], "no console errors or exceptions");
  },
);
