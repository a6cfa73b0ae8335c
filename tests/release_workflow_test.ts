/**
 * `.github/workflows/release.yml` cannot run here, so this test reads it with a YAML parser and
 * pins what matters: it runs on `v*` tags, runs the test suite exactly as CI does (`bash
 * .ci/run` with the reference data checked out beside the project as `../shared`) before
 * building, builds with the `compile` and `bundle` tasks that the run-mode and bundle tests
 * exercise, verifies and publishes `dist/*` with `SHA256SUMS`, publishes to JSR with provenance
 * (an OIDC token) only after the tests and only when the tag is deno.json's version, and uses
 * the Deno version .ci/run uses.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { DIST } from "../scripts/flags.ts";

const REPO = fileURLToPath(new URL("../", import.meta.url));

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string>;
  readonly "working-directory"?: string;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly needs?: string | string[];
  readonly "runs-on": string;
  readonly permissions?: Record<string, string>;
  readonly steps: Step[];
}
interface Workflow {
  readonly on: { push: { tags: string[] } };
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

async function workflow(): Promise<Workflow> {
  return parse(await Deno.readTextFile(join(REPO, ".github/workflows/release.yml"))) as Workflow;
}

function runs(job: Job): string[] {
  return job.steps.flatMap((s) => (s.run ? [s.run.trim()] : []));
}

Deno.test("release.yml: v* tags; the suite runs as in CI, with ../shared beside the checkout", async () => {
  const wf = await workflow();
  assert.deepEqual(wf.on.push.tags, ["v*"]);
  assert.equal(wf.permissions.contents, "read", "write only where the release is published");
  const test = wf.jobs.test;
  const checkouts = test.steps.filter((s) => s.uses?.startsWith("actions/checkout@"));
  const paths = checkouts.map((s) => s.with?.path);
  assert.deepEqual(paths, ["ids-mcp", "shared"], "the project and ../shared side by side");
  const suite = test.steps.find((s) => s.run?.trim() === "bash .ci/run");
  assert.ok(suite, "the test job runs .ci/run");
  assert.equal(suite["working-directory"], "ids-mcp");
  await Deno.stat(join(REPO, ".ci/run"));
});

Deno.test("release.yml: builds only after the tests, with the tested compile task, and publishes dist/*", async () => {
  const wf = await workflow();
  const release = wf.jobs.release;
  assert.deepEqual([release.needs].flat(), ["test"]);
  assert.equal(release.permissions?.contents, "write");
  const commands = runs(release);
  const ci = await Deno.readTextFile(join(REPO, ".ci/run"));
  const ciDeno = /DENO=\((npx -y deno@[\d.]+)\)/.exec(ci)?.[1];
  assert.ok(ciDeno, ".ci/run names its deno");
  const tasks = JSON.parse(await Deno.readTextFile(join(REPO, "deno.json"))).tasks;
  for (const cmd of commands) {
    for (const m of cmd.matchAll(/(npx -y deno@[\d.]+) task (\S+)/g)) {
      assert.equal(m[1], ciDeno, "same Deno as CI");
      assert.ok(m[2] in tasks, `task ${m[2]} exists in deno.json`);
    }
  }
  assert.ok(commands.includes(`${ciDeno} task compile`), commands.join("\n"));
  const compileAt = commands.indexOf(`${ciDeno} task compile`);
  const bundleAt = commands.indexOf(`${ciDeno} task bundle`);
  assert.ok(bundleAt > compileAt, "the bundle after the binaries: its SHA256SUMS covers all");
  const verify = release.steps.find((s) => s.run?.trim() === "sha256sum -c SHA256SUMS");
  assert.equal(verify?.["working-directory"], DIST, "checksums verified where compile wrote them");
  assert.ok(release.steps.indexOf(verify!) > bundleAt, "checksums verified after the bundle");
  const publish = commands.findIndex((c) => c.startsWith("gh release create"));
  assert.ok(publish > bundleAt, "publishes after building");
  assert.match(commands[publish], new RegExp(`"\\$GITHUB_REF_NAME" ${DIST}/\\*`));
  for (const job of Object.values(wf.jobs)) {
    for (const s of job.steps) {
      if (s.uses) assert.match(s.uses, /^actions\/[\w-]+@v\d+$/, `pinned action: ${s.uses}`);
    }
  }
});

Deno.test("release.yml: every run script parses as bash, and ../shared's source is checked first", async () => {
  const wf = await workflow();
  for (const [name, job] of Object.entries(wf.jobs)) {
    for (const step of job.steps) {
      if (!step.run) continue;
      assert.doesNotMatch(step.run, /\$\{\{/, `${name}: pass expressions through env, not inline`);
      const r = await new Deno.Command("bash", { args: ["-n", "-c", step.run] }).output();
      assert.equal(r.code, 0, `${name} / ${step.name}: ${new TextDecoder().decode(r.stderr)}`);
    }
  }
  const steps = wf.jobs.test.steps;
  const guard = steps.findIndex((s) =>
    /SHARED_REPOSITORY/.test(s.run ?? "") && /exit 1/.test(s.run!)
  );
  const shared = steps.findIndex((s) => s.with?.path === "shared");
  assert.ok(guard >= 0 && guard < shared, "an unset SHARED_REPOSITORY fails with a clear message");
});

Deno.test("release.yml: JSR publish with provenance, after the tests, for deno.json's version", async () => {
  const wf = await workflow();
  const jsr = wf.jobs.jsr;
  assert.deepEqual([jsr.needs].flat(), ["test"], "never publishes untested code");
  assert.deepEqual(jsr.permissions, { contents: "read", "id-token": "write" });
  const commands = runs(jsr);
  const ci = await Deno.readTextFile(join(REPO, ".ci/run"));
  const ciDeno = /DENO=\((npx -y deno@[\d.]+)\)/.exec(ci)?.[1];
  const publish = commands.indexOf(`${ciDeno} publish`);
  assert.ok(publish >= 0, commands.join("\n"));
  const guard = commands.findIndex((c) => /deno\.json/.test(c) && /GITHUB_REF_NAME/.test(c));
  assert.ok(guard >= 0 && guard < publish, "the tag is checked against deno.json first");
  const config = JSON.parse(await Deno.readTextFile(join(REPO, "deno.json")));
  assert.equal(config.license, "MIT");
  assert.match(config.version, /^\d+\.\d+\.\d+$/);
});
