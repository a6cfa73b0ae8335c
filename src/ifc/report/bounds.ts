/**
 * Shrinking a finished report so that its rendering fits a size limit (a stored report
 * resource must stay readable by a client in one message): the failure entries are cut to
 * the same number per specification, chosen so that the total fits, so every failing
 * specification keeps its first examples. Counts stay exact; what is cut is added to each
 * specification's `omittedFailures` and explained in the report's `truncated` note.
 *
 * @module
 */
import type { CheckReport, SpecificationResult } from "./types.ts";

/** Failure entries in the report. */
export function keptFailures(report: CheckReport): number {
  return report.specifications.reduce((n, s) => n + s.failures.length, 0);
}

/**
 * The report with at most `maxTotal` failure entries, the largest equal number per
 * specification that fits (`why` completes the note: "… to fit the 6 MiB limit").
 */
export function fitFailures(report: CheckReport, maxTotal: number, why: string): CheckReport {
  const specs = report.specifications;
  const total = keptFailures(report);
  if (total <= maxTotal) return report;
  const sumAt = (m: number) => specs.reduce((n, s) => n + Math.min(s.failures.length, m), 0);
  let lo = 0;
  let hi = specs.reduce((m, s) => Math.max(m, s.failures.length), 0);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (sumAt(mid) <= maxTotal) lo = mid;
    else hi = mid - 1;
  }
  const perSpec = Math.max(0, lo);
  const kept = sumAt(perSpec);
  const cut: SpecificationResult[] = specs.map((s) =>
    s.failures.length <= perSpec ? s : {
      ...s,
      failures: s.failures.slice(0, perSpec),
      omittedFailures: (s.omittedFailures ?? 0) + s.failures.length - perSpec,
    }
  );
  const note = `${total - kept} failure entries were left out ${why} ` +
    `(at most ${perSpec} per specification kept)`;
  return {
    ...report,
    specifications: cut,
    truncated: report.truncated ? `${report.truncated}; ${note}` : `${note}; counts are exact`,
  };
}
