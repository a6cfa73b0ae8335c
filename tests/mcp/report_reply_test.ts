/**
 * `validate_ifc_model` replies an agent can afford, over a real stdio server subprocess with
 * the SDK client: 150 failing specifications on a real model (json, html, bcf) give a reply
 * under the cap that links the full report, the linked resource holds every specification
 * (the BCF a zip), and the server answers the next call; a report bomb (10,000 specifications
 * × 200 walls) completes with a bounded reply and the process lives; `output_path` writes the
 * report to a file; `max_failures` has an upper bound.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/types"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { unzipSync } from "../../src/deps/fflate.ts";
import { fails, ok, stdioHarness, syntheticModel, tempDir } from "./_helpers.ts";
import { failingIds } from "./_report_ids.ts";

const MODELS = fileURLToPath(new URL("../../../shared/ifc/models/", import.meta.url));
/** The reply cap the issue sets for 150 failing specifications. */
const REPLY_CAP = 100 * 1024;
const enc = new TextEncoder();
const bytes = (v: unknown) => enc.encode(JSON.stringify(v)).length;

interface Link {
  type: "resource_link";
  uri: string;
  name: string;
  mimeType: string;
  size: number;
}

interface Reply {
  result: CallToolResult;
  structured: Record<string, unknown>;
  report: { specifications: Record<string, unknown>[]; specifications_omitted?: number };
  link: Link;
  text: string;
}

async function validate(client: Client, args: Record<string, unknown>): Promise<Reply> {
  const result = await client.callTool(
    { name: "validate_ifc_model", arguments: args },
    undefined,
    { timeout: 180_000 },
  ) as CallToolResult;
  const text = result.content.find((c) => c.type === "text")?.text ?? "";
  assert.ok(!result.isError, text);
  const link = result.content.find((c) => c.type === "resource_link") as Link | undefined;
  assert.ok(link, "the reply links the full report");
  const structured = result.structuredContent as Record<string, unknown>;
  assert.equal(structured.report_uri, link.uri);
  assert.equal(structured.report_size, link.size);
  return { result, structured, report: structured.report as Reply["report"], link, text };
}

async function read(client: Client, uri: string) {
  return (await client.readResource({ uri })).contents[0] as {
    uri: string;
    mimeType?: string;
    text?: string;
    blob?: string;
  };
}

function fromBase64(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

Deno.test("validate_ifc_model: 150 failing specifications → a bounded reply linking the full report (json, html, bcf)", async () => {
  await using kv = await tempDir();
  const h = await stdioHarness(["--kv", `${kv.path}/kv`, "--root", MODELS]);
  try {
    await ok(h.client, "load_ids", { source: failingIds(150), source_type: "string" });
    const model = `${MODELS}duplex.ifc`;

    const json = await validate(h.client, { ifc_file_path: model });
    const size = bytes(json.result);
    assert.ok(size < REPLY_CAP, `the reply is ${size} bytes`);
    assert.deepEqual(
      [json.structured.total_specifications, json.structured.failed_specifications],
      [150, 150],
    );
    // The summary covers every specification (listed, or counted as left out).
    const rows = json.report.specifications;
    assert.equal(rows.length + (json.report.specifications_omitted ?? 0), 150);
    const first = rows[0] as {
      status: string;
      check_status: string;
      applicable_entities: number;
      failed_entities: number;
      failure_groups: { facet: string; reason: string; count: number }[];
    };
    assert.equal(first.status, "failed");
    assert.equal(first.check_status, "fail");
    assert.equal(first.failed_entities, first.applicable_entities);
    assert.ok(first.applicable_entities > 200, `applicable: ${first.applicable_entities}`);
    // Per-element names are blanked so that one reason groups many elements.
    const byName = first.failure_groups.find((g) => /^Name is …, expected/.test(g.reason));
    assert.ok(byName && byName.count > 1, JSON.stringify(first.failure_groups));
    // A large summary is not sent twice: the text is a short human account.
    assert.ok(enc.encode(json.text).length < 12 * 1024, `text: ${json.text.length}`);
    assert.match(json.text, /150 specifications: 0 passed, 150 failed/);
    assert.ok(json.text.includes(json.link.uri));

    assert.equal(json.link.mimeType, "application/json");
    const full = await read(h.client, json.link.uri);
    assert.equal(full.mimeType, "application/json");
    assert.equal(enc.encode(full.text!).length, json.link.size);
    const parsed = JSON.parse(full.text!) as {
      specifications: { status: string; failed_entities: number; failures: unknown[] }[];
      truncated?: string;
    };
    assert.equal(parsed.specifications.length, 150);
    assert.ok(parsed.specifications.every((s) => s.status === "failed" && s.failed_entities > 0));
    // 150 × 200 kept failures would be 30,000: the cap across specifications holds.
    const kept = parsed.specifications.reduce((n, s) => n + s.failures.length, 0);
    assert.ok(kept <= 10_000, `kept ${kept}`);
    assert.match(parsed.truncated ?? "", /counts per specification are exact/);

    const html = await validate(h.client, { ifc_file_path: model, report_format: "html" });
    assert.ok(bytes(html.result) < REPLY_CAP);
    assert.equal(html.link.mimeType, "text/html");
    const page = (await read(h.client, html.link.uri)).text!;
    assert.match(page, /^<!DOCTYPE html>/);
    assert.equal(page.match(/<details class="spec"/g)?.length, 150);

    const bcf = await validate(h.client, { ifc_file_path: model, report_format: "bcf" });
    assert.ok(bytes(bcf.result) < REPLY_CAP);
    const blob = await read(h.client, bcf.link.uri);
    assert.equal(blob.text, undefined);
    const zip = fromBase64(blob.blob!);
    assert.equal(zip.length, bcf.link.size);
    assert.deepEqual([...zip.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], "a zip (PK header)");
    const topics = Object.keys(unzipSync(zip)).filter((n) => n.endsWith("/markup.bcf"));
    // Thousands of failing elements: one topic per failing specification instead.
    assert.equal(topics.length, 150);
    assert.match(bcf.structured.report_note as string, /one topic per failing specification/);

    // Every report is listed for the session, and the server answers the next call.
    const listed = (await h.client.listResources()).resources.map((r) => r.uri);
    for (const r of [json, html, bcf]) assert.ok(listed.includes(r.link.uri), r.link.uri);
    assert.equal((await ok(h.client, "get_ids_info")).specification_count, 150);
  } finally {
    await h.close();
  }
});

Deno.test("validate_ifc_model: a small check replies under 20 KB with the JSON also as text", async () => {
  const fixtures = fileURLToPath(new URL("../ifc/fixtures/", import.meta.url));
  const h = await stdioHarness(["--kv", ":memory:", "--root", MODELS, "--root", fixtures]);
  try {
    await ok(h.client, "load_ids", {
      source: `${fixtures}walls_fire_rating_checks.ids`,
      source_type: "file",
    });
    // ok() checks that the text copy equals the structured content.
    const r = await ok(h.client, "validate_ifc_model", {
      ifc_file_path: `${MODELS}walls-fire-rating.ifc`,
    });
    assert.ok(bytes(r) < 20 * 1024, `${bytes(r)} bytes`);
    const rows = (r.report as { specifications: { failure_groups?: unknown[] }[] })
      .specifications;
    assert.equal(rows.length, 5);
    assert.ok(rows.some((s) => s.failure_groups?.length), "failure reasons are grouped");
    assert.equal((r.report as { trimmed?: string }).trimmed, undefined);
    await fails(
      h.client,
      "validate_ifc_model",
      { ifc_file_path: `${MODELS}walls-fire-rating.ifc`, max_failures: 1001 },
      /max_failures/,
    );
  } finally {
    await h.close();
  }
});

Deno.test("validate_ifc_model: output_path writes the full report inside a root", async () => {
  await using out = await tempDir();
  const h = await stdioHarness(["--kv", ":memory:", "--root", out.path]);
  try {
    await ok(h.client, "load_ids", {
      source: failingIds(3, { version: "IFC4", classes: ["IFCWALL"] }),
      source_type: "string",
    });
    const model = syntheticModel(5);
    const r = await ok(h.client, "validate_ifc_model", {
      ifc_content: model,
      output_path: `${out.path}/reports/check.json`,
    });
    assert.equal(r.output_file, `${out.path}/reports/check.json`);
    const file = JSON.parse(await Deno.readTextFile(`${out.path}/reports/check.json`));
    assert.equal(file.specifications.length, 3);
    assert.equal(file.specifications[0].failed_entities, 5);
    await fails(
      h.client,
      "validate_ifc_model",
      { ifc_content: model, output_path: `${out.path}/reports/check.json` },
      /file_exists/,
    );
    await ok(h.client, "validate_ifc_model", {
      ifc_content: model,
      output_path: `${out.path}/reports/check.json`,
      overwrite: true,
    });
    await fails(
      h.client,
      "validate_ifc_model",
      { ifc_content: model, report_format: "bcf", output_path: `${out.path}/check.json` },
      /bcf report is written only to \.bcf or \.bcfzip files/,
    );
    await ok(h.client, "validate_ifc_model", {
      ifc_content: model,
      report_format: "bcf",
      output_path: `${out.path}/check.bcf`,
    });
    const zip = await Deno.readFile(`${out.path}/check.bcf`);
    assert.deepEqual([...zip.subarray(0, 2)], [0x50, 0x4b]);
    await fails(
      h.client,
      "validate_ifc_model",
      { ifc_content: model, output_path: "/tmp/elsewhere.json" },
      /path_not_allowed/,
    );
  } finally {
    await h.close();
  }
});

Deno.test("validate_ifc_model: report bomb (10,000 specifications × 200 walls) stays bounded", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    // Reading 10,000 specifications takes a while on a busy machine: a longer client timeout.
    const load = await h.client.callTool(
      {
        name: "load_ids",
        arguments: {
          source: failingIds(10_000, { version: "IFC4", classes: ["IFCWALL"] }),
          source_type: "string",
        },
      },
      undefined,
      { timeout: 180_000 },
    ) as CallToolResult;
    assert.ok(!load.isError, JSON.stringify(load.content).slice(0, 300));
    const r = await validate(h.client, { ifc_content: syntheticModel(200) });
    assert.ok(bytes(r.result) < REPLY_CAP, `the reply is ${bytes(r.result)} bytes`);
    assert.equal(r.structured.failed_specifications, 10_000);
    const report = r.report as typeof r.report & { failures_truncated?: string; trimmed?: string };
    assert.match(report.failures_truncated ?? "", /at most 10000 failure entries/);
    assert.match(report.trimmed ?? "", /of 10000 specifications are listed/);
    assert.equal(report.specifications.length + report.specifications_omitted!, 10_000);
    // The stored report obeys the same bounds and is readable in one message.
    assert.ok(r.link.size <= 6 * 1024 * 1024, `${r.link.size}`);
    const full = JSON.parse((await read(h.client, r.link.uri)).text!);
    assert.equal(full.specifications.length, 10_000);
    assert.equal(full.specifications[9_999].failed_entities, 200);
    // The process lives and answers.
    const wall = await ok(h.client, "describe_ifc_entity", {
      entity_name: "IFCWALL",
      ifc_version: "IFC4",
    });
    assert.match(JSON.stringify(wall), /IFCWALL/);
  } finally {
    await h.close();
  }
});

Deno.test("validate_ifc_model: a full report counts against the session quota; over it, the reply says so and stores nothing", async () => {
  const h = await stdioHarness([
    "--kv",
    ":memory:",
    "--root",
    MODELS,
    "--max-session-bytes",
    "24KiB",
  ]);
  try {
    await ok(h.client, "load_ids", { source: failingIds(20), source_type: "string" });
    const result = await h.client.callTool(
      {
        name: "validate_ifc_model",
        arguments: { ifc_file_path: `${MODELS}duplex.ifc` },
      },
      undefined,
      { timeout: 180_000 },
    ) as CallToolResult;
    // The check itself is answered; only the stored copy is refused.
    assert.ok(!result.isError);
    const structured = result.structuredContent as Record<string, unknown>;
    assert.equal(structured.failed_specifications, 20);
    assert.match(
      String(structured.report_error),
      /quota_exceeded.*per-session limit of 24\.0 KiB/,
      JSON.stringify(structured).slice(0, 300),
    );
    assert.equal(structured.report_uri, undefined);
    assert.ok(!result.content.some((c) => c.type === "resource_link"));
    const listed = await h.client.listResources();
    assert.ok(!listed.resources.some((x) => x.uri.startsWith("ids://session/reports/")));
  } finally {
    await h.close();
  }
});
