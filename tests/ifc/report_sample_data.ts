/**
 * Check reports shared by the report writer tests: a realistic failing report (with a hostile
 * element name and control characters), a passing one, and an invalid-IDS one.
 *
 * @module
 */

import type { CheckReport } from "../../src/ifc/report/types.ts";

export const HOSTILE_NAME = `<script>alert("x")</script> & 'wall'`;

export const failingReport: CheckReport = {
  status: "fail",
  title: "Fire safety <requirements>",
  ids: "fire.ids",
  model: "tower & annex.ifc",
  schema: "IFC4",
  checkedAt: "2026-11-24T07:00:00.000Z",
  durationMs: 1234.5,
  specifications: [
    {
      name: "Walls have a fire rating",
      identifier: "S1",
      description: "All walls carry Pset_WallCommon.FireRating",
      instructions: "Set FireRating in the wall type",
      status: "fail",
      occurs: "required",
      applicabilityText: ["All IFCWALL elements"],
      requirementsText: ["Pset_WallCommon.FireRating must be one of EI60, EI90"],
      applicable: 4,
      passed: 1,
      failed: 3,
      failures: [
        {
          globalId: "2O2Fr$t4X7Zf8NOew3FLOH",
          entity: "IFCWALL",
          name: HOSTILE_NAME,
          facet: "property Pset_WallCommon.FireRating",
          reason: "FireRating is 'EI30', expected one of EI60, EI90",
          stepId: 101,
        },
        {
          globalId: "2O2Fr$t4X7Zf8NOew3FLOH",
          entity: "IFCWALL",
          name: HOSTILE_NAME,
          facet: "material",
          reason: "no material",
          stepId: 101,
        },
        {
          globalId: "0qidxJ$b56EB5POaAa94aU",
          entity: "IFCWALL",
          name: "Wall\u0007\u001b[31m bell",
          facet: "property Pset_WallCommon.FireRating",
          reason: "FireRating is missing",
        },
        {
          globalId: "3vB2YO$MX4xv5uCqZZG05x",
          entity: "IFCWALLSTANDARDCASE",
          facet: "property Pset_WallCommon.FireRating",
          reason: "FireRating is missing",
        },
      ],
    },
    {
      name: "Doors are named",
      status: "pass",
      occurs: "optional",
      applicable: 2,
      passed: 2,
      failed: 0,
      failures: [],
    },
    {
      name: "A site exists",
      identifier: "S3",
      status: "fail",
      occurs: "required",
      applicable: 0,
      passed: 0,
      failed: 0,
      failures: [{
        globalId: "",
        entity: "",
        facet: "applicability",
        reason: "required specification has no applicable element",
      }],
    },
  ],
};

export const passingReport: CheckReport = {
  status: "pass",
  specifications: [{
    name: "Walls",
    identifier: "W",
    status: "pass",
    applicable: 1,
    passed: 1,
    failed: 0,
    failures: [],
  }],
};

export const invalidReport: CheckReport = {
  status: "invalid",
  title: "Broken",
  errors: [{ kind: "xsd", message: "element 'foo' not expected", line: 12, path: "/ids/foo" }],
  specifications: [],
};

/** A report with many failures in one specification, for caps and limits. */
export function manyFailures(n: number): CheckReport {
  return {
    status: "fail",
    title: "Big",
    checkedAt: "2026-11-24T07:00:00.000Z",
    specifications: [{
      name: "Everything",
      identifier: "BIG",
      status: "fail",
      applicable: n,
      passed: 0,
      failed: n,
      failures: Array.from({ length: n }, (_, i) => ({
        globalId: `G${String(i).padStart(21, "0")}`,
        entity: "IFCSLAB",
        name: `Slab ${i}`,
        facet: "attribute Name",
        reason: `reason ${i}`,
      })),
    }],
  };
}

/** A report with a specification not checked and one with a caveat. */
export const caveatReport: CheckReport = {
  status: "pass",
  model: "old.ifc",
  schema: "IFC2X3",
  specifications: [
    {
      name: "Only for IFC4",
      identifier: "V4",
      status: "pass",
      applicable: 0,
      passed: 0,
      failed: 0,
      failures: [],
      skipped: "targets IFC4; the model is IFC2X3 <old>",
    },
    {
      name: "Walls",
      identifier: "W",
      status: "pass",
      applicable: 2,
      passed: 2,
      failed: 0,
      failures: [],
      warning: "the model's schema is not among the specification's versions",
    },
  ],
};

/** A report whose check kept only some failures of a specification. */
export function cappedReport(kept: number, omitted: number): CheckReport {
  const base = manyFailures(kept);
  return {
    ...base,
    specifications: [{
      ...base.specifications[0],
      applicable: kept + omitted,
      failed: kept + omitted,
      omittedFailures: omitted,
    }],
  };
}
