/**
 * The MCP Apps pages in a real host: the SDK client (declaring the UI extension) on our stdio
 * server, headless Chromium loading each `ui://` resource into a sandboxed iframe through
 * ext-apps' `AppBridge` (tests/_app_host.ts), fed a real tool result.
 *
 * - The host itself, with a probe app: the tool result arrives, a resource read and a tool call
 *   go through the host to the server, the host theme reaches the page.
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
import { findChromium, pngStats } from "../_browser.ts";
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

/**
 * A screenshot of the app that is not blank, kept as `tests/artifacts/<name>.png` (and as
 * `docs/img/<docs>.png` with UPDATE_DOCS_SCREENSHOTS=1); returns its mean luminance.
 */
async function screenshot(
  host: AppHost,
  frame: Frame,
  name: string,
  docs?: string,
): Promise<number> {
  const png = await host.screenshot(frame);
  const { colours, luminance } = await pngStats(png);
  await Deno.mkdir(ARTIFACTS, { recursive: true });
  await Deno.writeFile(`${ARTIFACTS}${name}.png`, png);
  assert.ok(colours > 10, `${name}.png has ${colours} colours: blank`);
  if (docs && Deno.env.get("UPDATE_DOCS_SCREENSHOTS")) {
    await Deno.mkdir(DOCS_IMG, { recursive: true });
    await Deno.writeFile(`${DOCS_IMG}${docs}.png`, png);
  }
  return luminance;
}

/** How many elements match `selector` and are shown (not filtered away, not collapsed). */
function shown(frame: Frame, selector: string): Promise<number> {
  return frame.evaluate<number>(
    `[...document.querySelectorAll(${
      JSON.stringify(selector)
    })].filter((e) => e.checkVisibility()).length`,
  );
}

/**
 * An expression: the relative luminance (0 black … 1 white) of what the app paints behind its
 * content (body, else html; -1 when both are transparent).
 */
const LUMINANCE = `(() => {
  for (const el of [document.body, document.documentElement]) {
    const m = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g)?.map(Number) ?? [];
    if (m.length >= 3 && (m.length < 4 || m[3] > 0)) {
      return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255;
    }
  }
  return -1;
})()`;

/** Switches the host to the dark theme and waits for the app to paint a dark background. */
async function goDark(host: AppHost, frame: Frame): Promise<void> {
  await host.setTheme("dark");
  await frame.waitFor(`${LUMINANCE} >= 0 && ${LUMINANCE} < 0.4`, "a dark background");
}

appTest(
  "app host: a probe app gets the tool result, reads a resource and calls a tool through the host, follows the theme",
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
    assert.equal(host.forwarded.length, 1, "one request went through the host");
    assert.equal(host.forwarded[0].method, "resources/read");
    assert.equal(host.forwarded[0].params.uri, reportUri);

    await frame.evaluate(`document.getElementById("info").click()`);
    await frame.waitFor(`document.getElementById("info-result").textContent`, "the tool's result");
    const info = JSON.parse(
      await frame.evaluate<string>(`document.getElementById("info-result").textContent`),
    );
    assert.equal(info.title, "2 failing checks", "the app called a tool through the host");
    assert.equal(host.forwarded[1]?.method, "tools/call");
    assert.equal(host.forwarded[1]?.params.name, "get_ids_info");

    await host.setTheme("light");
    await frame.waitFor(`document.documentElement.dataset.theme === "light"`, "the light theme");
    assert.deepEqual(host.errors(), [], "no console errors or exceptions");
  },
);

/** Sets the app's filter box as a person typing would (an input event). */
async function typeFilter(frame: Frame, text: string): Promise<void> {
  await frame.evaluate(`(() => { const f = document.getElementById("filter");
    f.value = ${
    JSON.stringify(text)
  }; f.dispatchEvent(new Event("input", { bubbles: true })); })()`);
}

/** An expression: how many `selector` elements are shown. */
const shownExpr = (selector: string) =>
  `[...document.querySelectorAll(${
    JSON.stringify(selector)
  })].filter((e) => e.checkVisibility()).length`;

interface Summary {
  total_specifications: number;
  report_uri: string;
  report: {
    specifications: {
      identifier?: string;
      status: string;
      check_status?: string;
      failure_groups?: { examples?: { global_id: string }[] }[];
    }[];
  };
}

appTest(
  "report app: every specification, a filter, the full report paged through the host, both themes, a screenshot",
  async (host) => {
    const tool = (await host.client.listTools()).tools.find((t) => t.name === "validate_ifc_model");
    assert.equal((tool?._meta?.ui as { resourceUri?: string })?.resourceUri, REPORT_APP);
    await ok(host.client, "load_ids", { source: failingIds(3), source_type: "string" });
    const args = { ifc_file_path: `${MODELS}duplex.ifc` };
    const result = await call(host, "validate_ifc_model", args);
    const summary = result.structuredContent as unknown as Summary;
    const full = JSON.parse(
      ((await host.client.readResource({ uri: summary.report_uri })).contents[0] as {
        text: string;
      })
        .text,
    ) as { specifications: { failures: { globalId?: string }[] }[] };
    const failures = full.specifications.reduce((n, s) => n + s.failures.length, 0);

    const frame = await host.mount({
      resourceUri: REPORT_APP,
      toolName: "validate_ifc_model",
      toolInput: args,
      toolResult: result,
      theme: "light",
    });
    const specs = summary.total_specifications;
    await frame.waitFor(
      `document.querySelectorAll("[data-spec-row]").length === ${specs}`,
      `${specs} specification rows`,
    );
    const statuses = await frame.evaluate<string[]>(
      `[...document.querySelectorAll("[data-spec-row]")].map((r) => r.dataset.status)`,
    );
    statuses.forEach((status, i) => {
      const spec = summary.report.specifications[i];
      assert.ok(
        [spec.status, spec.check_status].includes(status),
        `row ${i}: data-status ${status}, the summary says ${spec.status}`,
      );
    });
    assert.ok(await frame.evaluate<number>(LUMINANCE) > 0.6, "light theme: a light background");

    // The filter, on the failing elements the summary shows.
    await frame.waitFor(`${shownExpr("[data-failure-row]")} > 1`, "failing elements");
    const all = await shown(frame, "[data-failure-row]");
    const needle = summary.report.specifications[0].failure_groups?.[0]?.examples?.[0]?.global_id;
    assert.ok(needle, "a failing element's GlobalId to filter for");
    await typeFilter(frame, needle);
    await frame.waitFor(
      `${shownExpr("[data-failure-row]")} >= 1 && ${shownExpr("[data-failure-row]")} < ${all}`,
      `the filter '${needle}' to narrow ${all} rows`,
    );
    const narrowed = await frame.evaluate<string[]>(
      `[...document.querySelectorAll("[data-failure-row]")].filter((e) => e.checkVisibility())
      .map((e) => e.textContent)`,
    );
    assert.ok(narrowed.every((t) => t.includes(needle)), `rows shown for '${needle}': ${narrowed}`);
    await typeFilter(frame, "no element matches this 7f3a");
    await frame.waitFor(`${shownExpr("[data-failure-row]")} === 0`, "a filter nothing matches");
    await typeFilter(frame, "");
    await frame.waitFor(`${shownExpr("[data-failure-row]")} === ${all}`, "the filter cleared");
    const light = await screenshot(host, frame, "apps-report-light");
    assert.ok(light > 0.6, `the light report's screenshot has mean luminance ${light}`);

    // The full report, through the host, in pages.
    const before = host.forwarded.length;
    assert.equal(before, 0, "the summary is shown from the tool result alone");
    await frame.evaluate(`document.getElementById("load-full").click()`);
    await frame.waitFor(
      `/\\b${failures}\\b/.test(document.getElementById("page-info")?.textContent ?? "")`,
      `#page-info to count the full report's ${failures} failures`,
    );
    const asked = host.forwarded.slice(before);
    assert.ok(
      asked.some((f) => f.method === "resources/read" && f.params.uri === summary.report_uri) ||
        asked.some((f) => f.method === "tools/call"),
      `the full report came through the host: ${JSON.stringify(asked)}`,
    );
    assert.ok(asked.every((f) => !f.error), JSON.stringify(asked));
    const firstPage = await frame.evaluate<string>(
      `document.getElementById("page-info").textContent`,
    );
    const firstRow = await frame.evaluate<string>(
      `document.querySelector("[data-failure-row]")?.textContent ?? ""`,
    );
    await frame.evaluate(`document.getElementById("page-next").click()`);
    await frame.waitFor(
      `document.getElementById("page-info").textContent !== ${JSON.stringify(firstPage)}`,
      "the next page",
    );
    const second = await frame.evaluate<string>(
      `document.querySelector("[data-failure-row]")?.textContent ?? ""`,
    );
    assert.notEqual(second, firstRow, "the next page shows other elements");
    await frame.evaluate(`document.getElementById("page-prev").click()`);
    await frame.waitFor(
      `document.getElementById("page-info").textContent === ${JSON.stringify(firstPage)}`,
      "the previous page",
    );

    await goDark(host, frame);
    const dark = await screenshot(host, frame, "apps-report-dark");
    assert.ok(dark < 0.4, `the dark report's screenshot has mean luminance ${dark}`);
    assert.deepEqual(host.errors(), [], "no console errors or exceptions in host or app");
  },
);

appTest(
  "report app on the wooden-windows example: passed and failed specifications as the summary says",
  async (host) => {
    const ids = await Deno.readTextFile(`${SHARED}ids/examples/IDS_wooden-windows.ids`);
    await ok(host.client, "load_ids", { source: ids, source_type: "string" });
    const args = { ifc_file_path: `${MODELS}IDS_wooden-windows_IFC.ifc` };
    const result = await call(host, "validate_ifc_model", args);
    const summary = result.structuredContent as unknown as Summary;
    const frame = await host.mount({
      resourceUri: REPORT_APP,
      toolName: "validate_ifc_model",
      toolInput: args,
      toolResult: result,
    });
    await frame.waitFor(
      `document.querySelectorAll("[data-spec-row]").length === ${summary.total_specifications}`,
      `${summary.total_specifications} specification rows`,
    );
    const statuses = await frame.evaluate<string[]>(
      `[...document.querySelectorAll("[data-spec-row]")].map((r) => r.dataset.status)`,
    );
    const expected = summary.report.specifications.map((s) => [s.status, s.check_status]);
    statuses.forEach((status, i) => assert.ok(expected[i].includes(status), `row ${i}: ${status}`));
    assert.ok(new Set(statuses).size >= 2, `passed and failed rows: ${statuses}`);
    // The overview for the docs: every specification's row, its details collapsed.
    await frame.evaluate(`document.getElementById("collapse-all")?.click()`);
    await screenshot(host, frame, "apps-report-windows", "apps-report");
    assert.deepEqual(host.errors(), [], "no console errors or exceptions in host or app");
  },
);

appTest(
  "spec-sheet app: one [data-spec] per specification of the session's document after render_ids",
  async (host) => {
    const tool = (await host.client.listTools()).tools.find((t) => t.name === "render_ids");
    assert.equal((tool?._meta?.ui as { resourceUri?: string })?.resourceUri, SPEC_SHEET_APP);
    const ids = await Deno.readTextFile(`${SHARED}ids/examples/IDS_wooden-windows.ids`);
    await ok(host.client, "load_ids", { source: ids, source_type: "string" });
    const result = await call(host, "render_ids", {});
    const count = (result.structuredContent as { specifications_count: number })
      .specifications_count;
    assert.equal(count, (ids.match(/<(ids:)?specification\b/g) ?? []).length);
    const frame = await host.mount({
      resourceUri: SPEC_SHEET_APP,
      toolName: "render_ids",
      toolInput: {},
      toolResult: result,
      theme: "light",
    });
    await frame.waitFor(
      `${shownExpr("[data-spec]")} === ${count}`,
      `${count} specifications shown`,
    );
    assert.equal(
      await frame.evaluate<number>(`document.querySelectorAll("[data-spec]").length`),
      count,
      "no more specifications than the document has",
    );
    const light = await screenshot(host, frame, "apps-spec-sheet-light", "apps-spec-sheet");
    assert.ok(light > 0.6, `the light spec sheet's screenshot has mean luminance ${light}`);
    await goDark(host, frame);
    const dark = await screenshot(host, frame, "apps-spec-sheet-dark");
    assert.ok(dark < 0.4, `the dark spec sheet's screenshot has mean luminance ${dark}`);
    assert.ok(host.forwarded.every((f) => !f.error), JSON.stringify(host.forwarded));
    assert.deepEqual(host.errors(), [], "no console errors or exceptions in host or app");
  },
);
