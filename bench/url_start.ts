/**
 * First start of a URL run, as a user meets it: an empty `DENO_DIR`, the code served over
 * loopback HTTP, time from spawn until the server answers MCP `initialize` over stdio. Two
 * ways side by side, alternating: today's `main.ts` from a checkout served as text/plain (its
 * modules one by one, npm packages from the registry; versions pinned by a copy of the compile
 * lock, as tests/run_modes_test.ts does) and the one-file bundle (`deno task bundle`). Also
 * the warm start (second run, same `DENO_DIR`) and the requests each makes to the file server.
 *
 * ```sh
 * deno run -A bench/url_start.ts [RUNS]
 * ```
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLE_FILE, COMPILE_LOCK, RUN_FLAGS } from "../scripts/flags.ts";
import { bundle } from "../scripts/bundle.ts";
import { serveCheckout, StdioServer } from "../tests/_spawn.ts";

const RUNS = Number(Deno.args[0] ?? 3);
const REPO = fileURLToPath(new URL("../", import.meta.url)).replace(/\/$/, "");

interface Way {
  readonly name: string;
  readonly url: string;
  readonly extra: (dir: string) => string[];
  readonly served: { requests: readonly string[] };
}

async function start(way: Way, denoDir: string, dir: string): Promise<number> {
  const t0 = performance.now();
  const server = new StdioServer(
    Deno.execPath(),
    ["run", ...way.extra(dir), ...RUN_FLAGS, way.url, "serve", "--kv", ":memory:"],
    { cwd: dir, env: { DENO_DIR: denoDir } },
  );
  const reply = await server.initialize();
  const ms = performance.now() - t0;
  const { code, stderr } = await server.close();
  if (!reply.result || code !== 0) throw new Error(`${way.name}: ${stderr}`);
  return ms;
}

const root = await Deno.makeTempDir({ prefix: "ids-mcp-url-start-" });
const release = join(root, "release");
await bundle(release, REPO);
const checkout = serveCheckout(REPO);
const released = serveCheckout(release);
const ways: Way[] = [
  {
    name: "main.ts from a URL (today)",
    url: `${checkout.base}main.ts`,
    served: checkout,
    extra: (dir) => {
      const lock = join(dir, "url.lock");
      Deno.copyFileSync(join(REPO, COMPILE_LOCK), lock);
      return ["--no-config", `--lock=${lock}`];
    },
  },
  {
    name: `${BUNDLE_FILE} from a URL`,
    url: `${released.base}${BUNDLE_FILE}`,
    served: released,
    extra: () => [],
  },
];
/** npm package versions Deno fetched from the registry into `denoDir`. */
async function npmPackages(denoDir: string): Promise<number> {
  let n = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    try {
      for await (const e of Deno.readDir(dir)) {
        if (!e.isDirectory) continue;
        if (e.name.startsWith("@")) await walk(join(dir, e.name), depth);
        else if (depth === 0) await walk(join(dir, e.name), 1);
        else n++;
      }
    } catch {
      // no npm cache: nothing fetched
    }
  };
  await walk(join(denoDir, "npm", "registry.npmjs.org"), 0);
  return n;
}

const results = new Map<
  string,
  { cold: number[]; warm: number[]; requests: number; npm: number }
>();
try {
  for (let i = 0; i < RUNS; i++) {
    for (const way of ways) {
      const dir = await Deno.makeTempDir({ dir: root });
      const denoDir = join(dir, "deno_dir");
      const before = way.served.requests.length;
      const cold = await start(way, denoDir, dir);
      const requests = way.served.requests.length - before;
      const npm = await npmPackages(denoDir);
      const warm = await start(way, denoDir, dir);
      const r = results.get(way.name) ?? { cold: [], warm: [], requests, npm };
      r.cold.push(cold);
      r.warm.push(warm);
      results.set(way.name, r);
      await Deno.remove(dir, { recursive: true });
    }
  }
} finally {
  await checkout.close();
  await released.close();
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const base = median(results.get(ways[0].name)!.cold);
const size = (await Deno.stat(join(release, BUNDLE_FILE))).size;
console.log(`${RUNS} runs each, alternating; median ms; bundle ${(size / 1e6).toFixed(2)} MB\n`);
console.log(
  "| way | files served | npm packages fetched | first start (empty DENO_DIR) | ratio | warm start |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const [name, r] of results) {
  console.log(
    `| ${name} | ${r.requests} | ${r.npm} | ${median(r.cold).toFixed(0)} ms | ${
      (median(r.cold) / base).toFixed(2)
    }× | ${median(r.warm).toFixed(0)} ms |`,
  );
}
await Deno.remove(root, { recursive: true });
