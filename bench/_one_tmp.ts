import { HttpClient } from "../tests/_spawn.ts";
const h = new HttpClient("http://127.0.0.1:45123/mcp");
await h.initialize();
await h.call("load_ids", {
  source: Deno.readTextFileSync("bench/fixtures/bench20.ids"),
  source_type: "string",
});
const text = Deno.readTextFileSync("/tmp/cpu_bench/m24.ifc");
const t0 = performance.now();
const rs = await Promise.all(Array.from({ length: 3 }, async () => {
  const r = await h.call("inspect_ifc_model", { ifc_content: text });
  return `${Math.round(performance.now() - t0)}ms ${
    r.isError ? r.content?.[0]?.text.slice(0, 100) : "ok"
  }`;
}));
console.log(rs);
