/**
 * What `check` does with its two files once they are being read: audit the IDS, check the
 * model, render the report. A module apart from the command (check.ts), which loads it only
 * after it has started reading the model, so that the read (page faults on an I/O thread)
 * overlaps loading the engine and auditing the IDS instead of preceding them.
 *
 * {@linkcode checkFiles} is the code path shared with the test suite (which runs every
 * official buildingSMART test case through it in one process).
 *
 * @module
 */
import { inputErrorReport } from "../ifc/check.ts";
import { type AuditedCheckOptions, checkValidated, idsErrorsOf } from "../check/run.ts";
import { validateIdsXml, type ValidationResult } from "../audit/validate.ts";
import { openModelBytes } from "../ifc/open_model.ts";
import { ModelReadError, probeModelHeader } from "../ifc/model.ts";
import { StepSyntaxError } from "../ifc/step.ts";
import type { CheckReport } from "../ifc/report/types.ts";
import { renderJson } from "../ifc/report/json.ts";
import { renderHtml } from "../ifc/report/html.ts";
import { renderText } from "../ifc/report/text.ts";
import { renderBcf } from "../ifc/report/bcf.ts";
import { type CheckInputs, readCheckInputs } from "./check_inputs.ts";
import { withScanWorker } from "../ifc/scan_elsewhere.ts";
import type { ReportFormat } from "./check.ts";

/** Why the model could not be checked (unreadable, not STEP, unsupported schema). */
export class ModelInputError extends Error {
  override readonly name = "ModelInputError";
}

/**
 * Checks IFC bytes (STEP, or an .ifczip) against IDS bytes: the `check` command's code path.
 * An invalid IDS gives a report with status `invalid`; an unreadable model throws
 * {@linkcode ModelInputError}.
 */
export async function checkFiles(
  ids: Uint8Array | string,
  ifc: Uint8Array,
  options: AuditedCheckOptions = {},
): Promise<CheckReport> {
  return await checkAudited(validateIdsXml(ids), ifc, options);
}

/** {@linkcode checkFiles} with the IDS validated already. */
async function checkAudited(
  v: ValidationResult,
  ifc: Uint8Array,
  options: AuditedCheckOptions,
): Promise<CheckReport> {
  try {
    const model = await openModelBytes(ifc, options.modelName ?? "model");
    const report = await checkValidated(v, model, options);
    // An invalid IDS stops before the model is read; a model whose header already shows it
    // cannot be read is still named, so one run reports every bad input.
    if (report.status === "invalid") probeModelHeader(model);
    return report;
  } catch (e) {
    if (e instanceof ModelReadError || e instanceof StepSyntaxError) {
      throw new ModelInputError(e.message);
    }
    throw e;
  }
}

/** The exit code for a report: 0 pass, 1 fail, 2 invalid. */
export function exitCodeOf(report: CheckReport): number {
  return report.status === "pass" ? 0 : report.status === "fail" ? 1 : 2;
}

/** Renders a report in a format (BCF is binary). */
export function renderReport(
  report: CheckReport,
  format: ReportFormat,
  color = false,
): string | Uint8Array {
  switch (format) {
    case "json":
      return renderJson(report);
    case "html":
      return renderHtml(report);
    case "text":
      return renderText(report, { color });
    case "bcf":
      return renderBcf(report);
  }
}

/**
 * Reads and checks the two files: always a report, `invalid` with errors naming the input
 * when a file cannot be read (the IDS first, as its errors are independent of the model).
 * The IDS is audited while the model is still being read (`inputs`: reads started earlier,
 * e.g. before this module was loaded).
 */
export async function checkPaths(
  idsPath: string,
  ifcPath: string,
  options: AuditedCheckOptions = {},
  inputs: CheckInputs = readCheckInputs(idsPath, ifcPath),
): Promise<CheckReport> {
  const ids = await inputs.ids;
  if ("error" in ids) {
    return inputErrorReport(
      "ids",
      `cannot read the IDS file '${idsPath}': ${(ids.error as Error).message}`,
      options,
    );
  }
  const v = validateIdsXml(ids.bytes);
  // A big model's index is scanned in two halves, one on a worker: started while the model is
  // still being read (its start-up blocks this thread for a moment, which is idle now).
  return await withScanWorker(inputs.modelSize, () => checkRead(ifcPath, v, inputs, options));
}

async function checkRead(
  ifcPath: string,
  v: ValidationResult,
  inputs: CheckInputs,
  options: AuditedCheckOptions,
): Promise<CheckReport> {
  const ifc = await inputs.model;
  if ("error" in ifc) {
    const e = ifc.error;
    const why = e instanceof ModelReadError
      ? `the IFC model '${ifcPath}' cannot be read: ${e.message}`
      : `cannot read the IFC model '${ifcPath}': ${(e as Error).message}`;
    return inputErrorReport("model", why, options, idsErrorsOf(v, options.strict));
  }
  try {
    return await checkAudited(v, ifc.bytes, options);
  } catch (e) {
    if (e instanceof ModelInputError) {
      return inputErrorReport(
        "model",
        `the IFC model '${ifcPath}' cannot be read: ${e.message}`,
        options,
        idsErrorsOf(v, options.strict),
      );
    }
    throw e;
  }
}
