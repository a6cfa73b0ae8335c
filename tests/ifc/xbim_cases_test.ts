/**
 * Cases from xbim's IDS validator (xBimTeam/Xbim.IDS.Validator, TestCases/xbim, where the
 * file name states the expected outcome), re-created from their content: the repository is
 * AGPL-3.0, so its files are not copied here (tests/ifc/README.md). Cases that rely on xbim
 * extensions outside IDS 1.0 (IFC4 class names on IFC2X3 models, subtype inclusion, COBie)
 * are listed in the README, not here.
 */
import {
  attribute,
  type Case,
  caseTests,
  entity,
  g,
  ids,
  pattern,
  property,
  step,
  stepIn,
} from "./_tiny.ts";

const units = [
  "IFCSIUNIT(*,.LENGTHUNIT.,.MILLI.,.METRE.)",
  "IFCSIUNIT(*,.AREAUNIT.,.MILLI.,.SQUARE_METRE.)",
  "IFCSIUNIT(*,.VOLUMEUNIT.,.MILLI.,.CUBIC_METRE.)",
  "IFCSIUNIT(*,.TIMEUNIT.,$,.SECOND.)",
  "IFCUNITASSIGNMENT((#4,#2,#5,#3))",
];

const cases: Case[] = [
  [
    "fail-regex_patterns_with_or: 'BAD-123456' is neither n/a nor digits and separators",
    "fail",
    ids({
      applicability: entity("IFCWALL"),
      requirements: attribute("Name", pattern("n\\/a|(\\d|-| |_)+")),
    }),
    step(`IFCWALL(${g()},$,'BAD-123456',$,$,$,$,$,$)`),
  ],
  [
    "fail-regex_patterns_with_or, the other way: '12-34 56' matches",
    "pass",
    ids({
      applicability: entity("IFCWALL"),
      requirements: attribute("Name", pattern("n\\/a|(\\d|-| |_)+")),
    }),
    step(`IFCWALL(${g()},$,'12-34 56',$,$,$,$,$,$)`),
  ],
  [
    "pass-ifc4-projects-support_properties: an IfcProject has property sets (IfcContext)",
    "pass",
    ids({
      applicability: entity("IFCPROJECT"),
      requirements: property("Foo_Bar", pattern("Foo.*"), "IFCLABEL", "x"),
    }),
    step(
      `IFCPROJECT(${g()},$,$,$,$,$,$,$,#6)`,
      ...units,
      `IFCPROPERTYSET(${g()},$,'Foo_Bar',$,(#9))`,
      `IFCRELDEFINESBYPROPERTIES(${g()},$,$,$,(#1),#7)`,
      "IFCPROPERTYSINGLEVALUE('Foobar',$,IFCLABEL('x'),$)",
    ),
  ],
  [
    "pass-ifc2x3-unit_conversions: 2000 mm in an IFC2X3 model is 2 m",
    "pass",
    ids({
      applicability: entity("IFCWALL"),
      requirements: property("Foo_Bar", "Foo", "IFCLENGTHMEASURE", "2"),
      version: "IFC2X3",
    }),
    stepIn(
      "IFC2X3",
      `IFCPROJECT(${g()},#11,$,$,$,$,$,$,#6)`,
      ...units,
      `IFCWALL(${g()},#11,$,$,$,$,$,$)`,
      `IFCPROPERTYSET(${g()},#11,'Foo_Bar',$,(#10))`,
      `IFCRELDEFINESBYPROPERTIES(${g()},#11,$,$,(#7),#8)`,
      "IFCPROPERTYSINGLEVALUE('Foo',$,IFCLENGTHMEASURE(2000.),$)",
      "IFCOWNERHISTORY($,$,$,.NOCHANGE.,$,$,$,0)",
    ),
  ],
];
caseTests("xbim case", cases);
