/**
 * What every audit rule shares: the IFC schemas of the specification being audited, where the
 * findings go, and how a finding is made (severity, stable code, path, suggestion).
 *
 * @module
 */
import type { Finding, FindingCode } from "../ids/errors.ts";
import type { IfcVersion } from "../ids/model.ts";
import { getSchema, type Schema, type SchemaName } from "../schema/schema.ts";

export const FAMILY: Record<IfcVersion, SchemaName> = {
  IFC2X3: "IFC2X3",
  IFC4: "IFC4",
  IFC4X3_ADD2: "IFC4X3",
};

/** The IDS name of a schema family, for messages. */
export function versionName(s: Schema): string {
  return s.name === "IFC4X3" ? "IFC4X3_ADD2" : s.name;
}

export class AuditContext {
  readonly versions: string;
  constructor(
    readonly findings: Finding[],
    readonly schemas: readonly Schema[],
    /** Path of the specification, e.g. `/ids/specifications/specification[2]`. */
    readonly path: string,
  ) {
    this.versions = schemas.map(versionName).join(", ");
  }

  static forVersions(findings: Finding[], versions: readonly IfcVersion[], path: string) {
    const families = [...new Set(versions.map((v) => FAMILY[v]).filter(Boolean))];
    return new AuditContext(findings, families.map(getSchema), path);
  }

  error(path: string, code: FindingCode, message: string, suggestion?: string): void {
    this.add("error", path, code, message, suggestion);
  }

  warning(path: string, code: FindingCode, message: string, suggestion?: string): void {
    this.add("warning", path, code, message, suggestion);
  }

  private add(
    severity: "error" | "warning",
    path: string,
    code: FindingCode,
    message: string,
    suggestion?: string,
  ): void {
    const f: Finding = {
      kind: "content",
      severity,
      code,
      message,
      path: this.path + path,
      ...(suggestion !== undefined ? { suggestion } : {}),
    };
    this.findings.push(f);
  }
}

/** `'X'` for a simple value, `enumeration 'A', pattern 'B'` for a restriction. */
export function showValue(
  v: { kind: "simple"; value: string } | {
    kind: "restriction";
    facets: readonly { kind: string; value: string }[];
  },
): string {
  if (v.kind === "simple") return `'${v.value}'`;
  return v.facets.map((f) => `${f.kind} '${f.value}'`).join(", ") || "an empty restriction";
}

/** " (did you mean X?)" text and the suggestion itself, for messages. */
export function suggestionText(s: string | undefined): string {
  return s === undefined ? "" : `; did you mean '${s}'?`;
}
