/**
 * The two pages ids-mcp writes for people, in a real headless Chromium (tests/_browser.ts):
 * the HTML check report (src/ifc/report/html.ts) and the IDS spec sheet
 * (src/ids/render/spec_sheet_html.ts). Each must load without console errors or exceptions
 * (their Content Security Policy included), filter rows away and back, expand collapsed
 * sections, hide the toolbar in print media, and render a screenshot that is not blank.
 *
 * Chromium is Debian's `chromium` (`.ci/run` installs it). Without it the test is skipped with
 * a message here, and fails in CI (`CI` set), where it must run.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkPaths } from "../src/cli/check_files.ts";
import { renderHtml } from "../src/ifc/report/html.ts";
import { parseIds } from "../src/ids/xml.ts";
import { renderSpecSheet } from "../src/ids/render/render.ts";
import { Browser, findChromium, type Page, pngColourCount } from "./_browser.ts";

const SHARED = fileURLToPath(new URL("../../shared/", import.meta.url));
const CHROMIUM = findChromium();
/** The whole browser session must finish within this, or it is killed and the test fails. */
const LIMIT_MS = 45_000;

if (!CHROMIUM && !Deno.env.get("CI")) {
  console.warn(
    "tests/browser_test.ts: SKIPPED, no chromium found (apt-get install chromium, or set " +
      "CHROMIUM=/path/to/chrome); CI installs it in .ci/run",
  );
}

/** Rows matching `selector` the browser shows (not hidden by a filter, not in a closed section). */
function visible(page: Page, selector: string): Promise<number> {
  return page.evaluate<number>(
    `[...document.querySelectorAll(${
      JSON.stringify(selector)
    })].filter((e) => e.checkVisibility()).length`,
  );
}

/** Types `text` into the filter box as a user would (an input event), then lets it settle. */
async function filter(page: Page, text: string): Promise<void> {
  await page.evaluate(
    `(async () => { const q = document.getElementById("q"); q.value = ${JSON.stringify(text)};
      q.dispatchEvent(new Event("input", { bubbles: true }));
      await new Promise((r) => setTimeout(r, 300)); })()`,
  );
}

/** What both pages must do: filter away and back, expand, print media, a real screenshot. */
async function exercise(page: Page, row: string, needle: string): Promise<void> {
  await page.evaluate(`document.getElementById("expand").click()`);
  const all = await visible(page, row);
  assert.ok(all >= 2, `rows visible after Expand all: ${all}`);
  await filter(page, needle);
  const some = await visible(page, row);
  assert.ok(some >= 1 && some < all, `filter '${needle}' shows ${some} of ${all} rows`);
  await filter(page, "no row contains this text 7f3a");
  assert.equal(await visible(page, row), 0, "a filter nothing matches hides every row");
  await filter(page, "");
  assert.equal(await visible(page, row), all, "clearing the filter shows every row again");
  await page.evaluate(`document.getElementById("collapse").click()`);
  assert.equal(await visible(page, row), 0, "Collapse all hides the rows");
  await page.evaluate(`document.getElementById("expand").click()`);

  const png = await page.screenshot();
  assert.ok(png.length > 5000, `screenshot of ${png.length} bytes`);
  const colours = await pngColourCount(png);
  assert.ok(colours > 10, `the screenshot has ${colours} colours: not blank`);

  await page.send("Emulation.setEmulatedMedia", { media: "print" });
  const toolbar = await page.evaluate<string>(
    `getComputedStyle(document.querySelector(".toolbar")).display`,
  );
  assert.equal(toolbar, "none", "no toolbar on paper");
  await page.send("Emulation.setEmulatedMedia", { media: "" });
  assert.deepEqual(page.errors, [], "no console errors or exceptions");
}

Deno.test({
  name: "HTML report and spec sheet work in headless Chromium: no errors, filters, screenshot",
  ignore: !CHROMIUM && !Deno.env.get("CI"),
  async fn() {
    assert.ok(CHROMIUM, "CI must have chromium: .ci/run installs it (apt-get install chromium)");
    const dir = await Deno.makeTempDir({ prefix: "ids-mcp-browser-" });
    const ids = join(SHARED, "ids/examples/wall_fire_rating.ids");
    const report = await checkPaths(ids, join(SHARED, "ifc/models/walls-fire-rating.ifc"));
    assert.equal(report.status, "fail");
    const failing = report.specifications[0].failures?.find((f) => f.globalId)?.globalId;
    assert.ok(failing, "a failing element to filter for");
    await Deno.writeTextFile(join(dir, "report.html"), renderHtml(report));
    const windows = parseIds(
      await Deno.readFile(join(SHARED, "ids/examples/IDS_wooden-windows.ids")),
    );
    await Deno.writeTextFile(join(dir, "sheet.html"), renderSpecSheet(windows, "html"));

    const browser = await Browser.launch(CHROMIUM);
    const timer = setTimeout(() => browser.close(), LIMIT_MS);
    try {
      const reportPage = await browser.open(`file://${dir}/report.html`);
      await exercise(reportPage, "tr.f", failing);

      const sheet = await browser.open(`file://${dir}/sheet.html`);
      await exercise(sheet, "tr.prop", "onderdeel");
      const shown = await sheet.evaluate<string>(
        `(() => { const c = document.getElementById("card"); c.value = "optional";
          c.dispatchEvent(new Event("change")); return document.getElementById("shown").value; })()`,
      );
      assert.match(shown, /^[1-5] of 6 specifications shown$/, shown);
      const pdf = await sheet.send("Page.printToPDF", {});
      assert.ok(atob(pdf.data as string).startsWith("%PDF"), "prints to PDF");
      assert.deepEqual(sheet.errors, []);
    } finally {
      clearTimeout(timer);
      await browser.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
