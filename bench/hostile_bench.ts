/**
 * Hostile-load benchmark (issue 15, items 2, 3 and 7): one client runs heavy work while a
 * bystander in another session calls `get_ids_info` every 60 ms; reports the bystander's
 * latency (p50/p95/max), the server's peak RSS (VmHWM from /proc) and how the heavy calls
 * ended. Each load gets a fresh `main.ts serve --http` subprocess, so the peak is that load's.
 *
 * Loads: a one-line XML document given to `load_ids` (1.6 MB of `<x/>`), `inspect_ifc_model`
 * of a generated model (bench/gen_ifc.ts, by path), four concurrent `validate_ifc_model` of it,
 * and ten concurrent `validate_ifc_model` with a 24 MB model as `ifc_content`.
 * Models are written to a temporary directory, removed afterwards.
 *
 * Usage: deno run -A bench/hostile_bench.ts [--mb 30] [--only name,name] [-- serve args…]
 * Output: a Markdown table on stdout, progress on stderr.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { spawnServer } from "../tests/http/_server.ts";
import { HttpClient } from "../tests/_spawn.ts";
import { bystander, peakRssMb, percentile } from "../tests/http/_bystander.ts";
import { writeGeneratedIfc } from "./gen_ifc.ts";

const FIXTURE = new URL("./fixtures/bench20.ids", import.meta.url);

/** A document of one line: `<a>` holding `<x/>` until it is `bytes` long. */
export function oneLineXml(bytes: number): string {
  return `<a>${"<x/>".repeat(Math.floor((bytes - 7) / 4))}</a>`;
}

interface Row {
  load: string;
  heavyMs: number;
  outcome: string;
  samples: number;
  p50: number;
  p95: number;
  max: number;
  rssMb: number;
}

type Load = (hostile: HttpClient) => Promise<string>;

function outcomes(results: { isError?: boolean; content?: { text: string }[] }[]): string {
  const counts = new Map<string, number>();
  for (const r of results) {
    const k = r.isError ? (r.content?.[0]?.text ?? "").split(":")[0] : "ok";
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
}

async function measure(name: string, serveArgs: string[], load: Load): Promise<Row> {
  const server = await spawnServer(serveArgs);
  try {
    const by = new HttpClient(server.url.href);
    await by.initialize();
    await by.call("create_ids", { title: "bystander" });
    const hostile = new HttpClient(server.url.href);
    await hostile.initialize();
    await hostile.call("load_ids", {
      source: await Deno.readTextFile(FIXTURE),
      source_type: "string",
    });
    // Warm up the bystander path (first-call compilation is not what we measure).
    for (let i = 0; i < 5; i++) await by.call("get_ids_info");
    const t0 = performance.now();
    const heavy = load(hostile);
    const lat = await bystander(by, heavy.catch(() => {}));
    const outcome = await heavy.catch((e) => `threw: ${(e as Error).message.slice(0, 80)}`);
    const heavyMs = performance.now() - t0;
    let alive = "alive";
    try {
      await by.call("get_ids_info");
    } catch {
      alive = "DEAD";
    }
    const rss = await peakRssMb(server.child.pid).catch(() => NaN);
    const row: Row = {
      load: name,
      heavyMs: Math.round(heavyMs),
      outcome: `${outcome}; server ${alive}`,
      samples: lat.length,
      p50: Math.round(percentile(lat, 50)),
      p95: Math.round(percentile(lat, 95)),
      max: Math.round(Math.max(0, ...lat)),
      rssMb: rss,
    };
    console.error(JSON.stringify(row));
    return row;
  } finally {
    await server.stop();
  }
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: { mb: { type: "string", default: "30" }, only: { type: "string" } },
  });
  const only = values.only?.split(",");
  const dir = await Deno.makeTempDir({ prefix: "hostile_bench_" });
  try {
    const model = `${dir}/model.ifc`;
    const content = `${dir}/content.ifc`;
    console.error(`generating models in ${dir}`);
    await writeGeneratedIfc(model, Number(values.mb));
    await writeGeneratedIfc(content, 24);
    const serve = ["--root", dir, ...positionals];
    const loads: [string, Load][] = [
      ["idle (no heavy call, 3 s)", async () => {
        await new Promise((r) => setTimeout(r, 3000));
        return "-";
      }],
      ["load_ids one-line XML 1.6 MB", async (h) => {
        const r = await h.call("load_ids", { source: oneLineXml(1.6e6), source_type: "string" });
        return outcomes([r]);
      }],
      [`inspect_ifc_model ${values.mb} MB`, async (h) => {
        const r = await h.call("inspect_ifc_model", { ifc_file_path: model });
        return outcomes([r]);
      }],
      [`4 × validate_ifc_model ${values.mb} MB (2 sessions)`, async (h) => {
        const h2 = new HttpClient(h.url);
        await h2.initialize();
        await h2.call("load_ids", {
          source: await Deno.readTextFile(FIXTURE),
          source_type: "string",
        });
        const rs = await Promise.all(
          [h, h, h2, h2].map((c) => c.call("validate_ifc_model", { ifc_file_path: model })),
        );
        return outcomes(rs);
      }],
      ["10 × validate_ifc_model 24 MB ifc_content", async (h) => {
        const text = await Deno.readTextFile(content);
        const rs = await Promise.all(
          Array.from(
            { length: 10 },
            () => h.call("validate_ifc_model", { ifc_content: text, max_failures: 10 }),
          ),
        );
        return outcomes(rs);
      }],
    ];
    const rows: Row[] = [];
    for (const [name, load] of loads) {
      if (only && !only.some((o) => name.includes(o))) continue;
      rows.push(await measure(name, serve, load));
    }
    console.log(
      `| hostile load | heavy wall ms | outcome | bystander calls | p50 ms | p95 ms | max ms | peak RSS MB |`,
    );
    console.log(`|---|---:|---|---:|---:|---:|---:|---:|`);
    for (const r of rows) {
      console.log(
        `| ${r.load} | ${r.heavyMs} | ${r.outcome} | ${r.samples} | ${r.p50} | ${r.p95} | ${r.max} | ${r.rssMb} |`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
