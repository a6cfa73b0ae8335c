/**
 * An unknown option, in every sub-command, is one short line naming the nearest option the
 * command's help lists (not the whole help), with exit code 2; through the real CLI
 * (`deno run main.ts …`).
 */
import assert from "node:assert/strict";
import { runCli } from "../ids/_cli.ts";
import { unknownOptionText } from "../../src/cli/command.ts";

const CASES: [string[], string][] = [
  [
    ["serve", "--htp"],
    "ids-mcp serve: unknown option --htp; did you mean --http? (ids-mcp serve --help lists all)",
  ],
  [
    ["serve", "--http", "--sesion-ttl=1h"],
    "ids-mcp serve: unknown option --sesion-ttl; did you mean --session-ttl? (ids-mcp serve --help lists all)",
  ],
  [
    ["validate", "--formt", "json", "x.ids"],
    "ids-mcp validate: unknown option --formt; did you mean --format? (ids-mcp validate --help lists all)",
  ],
  [
    ["format", "--wirte", "x.ids"],
    "ids-mcp format: unknown option --wirte; did you mean --write? (ids-mcp format --help lists all)",
  ],
  [
    ["check", "a.ids", "--outptu=report.html", "b.ifc"],
    "ids-mcp check: unknown option --outptu; did you mean --output? (ids-mcp check --help lists all)",
  ],
  [
    ["inspect", "m.ifc", "--outptu", "x.json"],
    "ids-mcp inspect: unknown option --outptu; did you mean --output? (ids-mcp inspect --help lists all)",
  ],
  [
    ["render", "--formt", "md", "x.ids"],
    "ids-mcp render: unknown option --formt; did you mean --format? (ids-mcp render --help lists all)",
  ],
  [
    ["check", "--zzzzzz", "a.ids", "b.ifc"],
    "ids-mcp check: unknown option --zzzzzz (ids-mcp check --help lists all)",
  ],
];

for (const [args, expected] of CASES) {
  Deno.test(`cli: '${args.join(" ")}' names the nearest option, exit 2`, async () => {
    const r = await runCli(args, { permissions: ["--allow-read", "--allow-env"] });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, expected + "\n");
    assert.equal(r.stdout, "");
  });
}

Deno.test("cli: an unknown command names the nearest command", async () => {
  const r = await runCli(["chek", "a.ids", "b.ifc"]);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    "ids-mcp: unknown command 'chek'; did you mean check? (commands: serve, validate, format, " +
      "check, inspect, render; ids-mcp help lists them)\n",
  );
});

Deno.test("unknownOptionText: options come from the help; one-letter flags get no guess", () => {
  const help = "Options:\n  --strict   stop on every audit error\n  -h, --help  this help";
  assert.equal(
    unknownOptionText("check", "--stirct", help),
    "ids-mcp check: unknown option --stirct; did you mean --strict? (ids-mcp check --help lists all)",
  );
  assert.equal(
    unknownOptionText("check", "-x", help),
    "ids-mcp check: unknown option -x (ids-mcp check --help lists all)",
  );
  assert.equal(
    unknownOptionText("check", "--hepl=1", help),
    "ids-mcp check: unknown option --hepl; did you mean --help? (ids-mcp check --help lists all)",
  );
});
