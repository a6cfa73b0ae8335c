/**
 * Reading a model as `.ifc` and as `.ifczip` through `readModelFile` (src/ifc/open_model.ts):
 * wall time of the read and the process's peak RSS (VmHWM), one process per run so peaks do
 * not mix. Also the check time (bench20.ids) to put the inflate cost in proportion.
 *
 *   deno run -A bench/ifczip_read.ts bench/out/m50.ifc          # one process, one file
 *   deno run -A bench/ifczip_read.ts --zip bench/out/m50.ifc    # writes m50.ifczip when missing
 *
 * @module
 */
import { zipSync } from "../src/deps/fflate.ts";
import { readModelFile } from "../src/ifc/open_model.ts";
import { checkFiles } from "../src/cli/check_files.ts";
import { peakRssKb } from "./_proc.ts";

const hwmMiB = () => Math.round(peakRssKb() / 1024);

const zip = Deno.args[0] === "--zip";
const source = zip ? Deno.args[1] : Deno.args[0];
let path = source;
if (zip) {
  path = source.replace(/\.ifc$/, ".ifczip");
  try {
    Deno.statSync(path);
  } catch {
    const name = source.split("/").pop()!;
    Deno.writeFileSync(path, zipSync({ [name]: Deno.readFileSync(source) }, { level: 6 }));
  }
}
const size = Deno.statSync(path).size;
const t0 = performance.now();
const bytes = await readModelFile(path);
const readMs = performance.now() - t0;
const readHwm = hwmMiB();
const ids = await Deno.readFile(new URL("./fixtures/bench20.ids", import.meta.url));
const t1 = performance.now();
const report = await checkFiles(ids, bytes);
const checkMs = performance.now() - t1;
console.log(JSON.stringify({
  file: path,
  fileMB: +(size / 1e6).toFixed(1),
  modelMB: +(bytes.length / 1e6).toFixed(1),
  readMs: Math.round(readMs),
  readPeakMiB: readHwm,
  checkMs: Math.round(checkMs),
  peakMiB: hwmMiB(),
  status: report.status,
}));
