/**
 * The terminal report: one line per specification, then its failing elements, then a summary.
 * Meant for people reading a CI log or a shell, so it is short by default (a capped number of
 * failures per specification) and colour is opt-in (the caller knows whether stdout is a TTY).
 *
 * Text from the model is stripped of control characters: a name carrying an ANSI escape
 * sequence must not be able to repaint the user's terminal.
 *
 * @module
 */

import {
  type CheckFailure,
  type CheckReport,
  type CheckStatus,
  invalidInputLabel,
  type SpecificationResult,
} from "./types.ts";

export interface TextOptions {
  /** Use ANSI colours (default false). */
  readonly color?: boolean;
  /** Failures listed per specification before "… and N more" (default 20; 0 lists none). */
  readonly maxFailuresPerSpec?: number;
}

const ANSI = {
  reset: "\x1b[0m",
  bold: "\x1b[1m",
  dim: "\x1b[2m",
  red: "\x1b[31m",
  green: "\x1b[32m",
  yellow: "\x1b[33m",
} as const;

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;

/** Model/IDS text made safe for a terminal: control characters become spaces. */
function clean(text: string): string {
  return text.replace(CONTROL, " ");
}

function statusWord(status: CheckStatus): string {
  return status === "pass" ? "PASS" : status === "fail" ? "FAIL" : "INVALID";
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function failureLine(f: CheckFailure): string {
  const who = f.globalId
    ? [f.globalId, f.entity, f.name ? `"${clean(f.name)}"` : ""].filter(Boolean).join(" ")
    : "(specification)";
  return `${who} — ${clean(f.facet)}: ${clean(f.reason)}`;
}

/** Renders the report as plain (optionally coloured) text ending with a newline. */
export function renderText(report: CheckReport, options: TextOptions = {}): string {
  const color = options.color ?? false;
  const max = Math.max(0, options.maxFailuresPerSpec ?? 20);
  const paint = (text: string, ...codes: (keyof typeof ANSI)[]): string =>
    color && codes.length ? codes.map((c) => ANSI[c]).join("") + text + ANSI.reset : text;
  const tone = (s: CheckStatus): keyof typeof ANSI =>
    s === "pass" ? "green" : s === "fail" ? "red" : "yellow";

  const lines: string[] = [];
  const title = report.title ? ` — ${clean(report.title)}` : "";
  lines.push(paint(`IDS check: ${statusWord(report.status)}`, "bold", tone(report.status)) + title);
  if (report.ids) lines.push(`  IDS:     ${clean(report.ids)}`);
  if (report.model) {
    lines.push(
      `  Model:   ${clean(report.model)}${report.schema ? ` (${clean(report.schema)})` : ""}`,
    );
  } else if (report.schema) lines.push(`  Schema:  ${clean(report.schema)}`);
  if (report.checkedAt || report.durationMs !== undefined) {
    const when = report.checkedAt ? clean(report.checkedAt) : "";
    const took = report.durationMs !== undefined
      ? `${when ? " in " : ""}${(report.durationMs / 1000).toFixed(2)} s`
      : "";
    lines.push(`  Checked: ${when}${took}`);
  }
  if (report.truncated) lines.push(`  Note:    ${clean(report.truncated)}`);

  if (report.errors?.length) {
    lines.push("");
    lines.push(
      paint(
        `${capital(invalidInputLabel(report))} is invalid; nothing was checked:`,
        "bold",
        "yellow",
      ),
    );
    for (const e of report.errors) {
      const where = [e.path, e.line !== undefined ? `line ${e.line}` : undefined]
        .filter(Boolean).join(", ");
      lines.push(`  - [${clean(e.kind)}] ${clean(e.message)}${where ? ` (${clean(where)})` : ""}`);
    }
  }

  lines.push(...findingLines(report, paint));

  if (report.specifications.length) lines.push("");
  for (const spec of report.specifications) lines.push(...specLines(spec, max, paint, tone));

  lines.push("");
  lines.push(summary(report));
  return lines.join("\n") + "\n";
}

/** The IDS findings that did not stop the check: what to fix in the IDS. */
function findingLines(
  report: CheckReport,
  paint: (text: string, ...codes: (keyof typeof ANSI)[]) => string,
): string[] {
  const findings = report.idsFindings ?? [];
  if (!findings.length) return [];
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  const counts = [
    errors ? plural(errors, "error") : "",
    warnings ? plural(warnings, "warning") : "",
  ]
    .filter(Boolean).join(", ");
  const out = [
    "",
    paint(
      `IDS findings (${counts}; checked as written, fix the IDS to be sure):`,
      "bold",
      "yellow",
    ),
  ];
  for (const f of findings) {
    const where = [f.path, f.line !== undefined ? `line ${f.line}` : undefined]
      .filter(Boolean).join(", ");
    out.push(
      `  - ${f.severity} [${clean(f.code)}] ${clean(f.message)}${
        where ? ` (${clean(where)})` : ""
      }`,
    );
  }
  return out;
}

function specLines(
  spec: SpecificationResult,
  max: number,
  paint: (text: string, ...codes: (keyof typeof ANSI)[]) => string,
  tone: (s: CheckStatus) => keyof typeof ANSI,
): string[] {
  const out: string[] = [];
  const id = spec.identifier ? `[${clean(spec.identifier)}] ` : "";
  const counts = spec.applicable === 0
    ? "no applicable elements"
    : spec.occurs === "prohibited"
    ? `${plural(spec.applicable, "applicable element")}, but the specification is prohibited`
    : `${
      plural(spec.applicable, "applicable element")
    }, ${spec.passed} passed, ${spec.failed} failed`;
  const badge = paint(statusWord(spec.status).padEnd(7), "bold", tone(spec.status));
  const note = spec.skipped ? `not checked: ${clean(spec.skipped)}` : counts;
  out.push(`${badge} ${id}${clean(spec.name)} ${paint(`(${note})`, "dim")}`);
  if (spec.warning) out.push(paint(`          warning: ${clean(spec.warning)}`, "yellow"));
  if (spec.hint) out.push(paint(`          hint: ${clean(spec.hint.message)}`, "yellow"));
  const shown = spec.failures.slice(0, max);
  for (const f of shown) out.push(`          ${failureLine(f)}`);
  const hidden = spec.failures.length - shown.length + (spec.omittedFailures ?? 0);
  if (hidden > 0) out.push(paint(`          … and ${plural(hidden, "more failure")}`, "dim"));
  return out;
}

function summary(report: CheckReport): string {
  const specs = report.specifications;
  if (report.status === "invalid") {
    return invalidInputLabel(report) === "the model"
      ? "Summary: model unreadable, nothing checked."
      : "Summary: IDS invalid, model not checked.";
  }
  const passedSpecs = specs.filter((s) => s.status === "pass").length;
  const applicable = specs.reduce((n, s) => n + s.applicable, 0);
  const failed = specs.reduce((n, s) => n + s.failed, 0);
  return `Summary: ${passedSpecs} of ${plural(specs.length, "specification")} passed; ` +
    `${failed} of ${plural(applicable, "element check")} failed.`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
