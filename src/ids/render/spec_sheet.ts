/**
 * The spec sheet's content, shared by its HTML and Markdown writers: an IDS document turned
 * into what a modeller reads (title and info, and per specification the sentences the check
 * reports use, the IFC versions, the cardinality in words, and one table per applicable
 * class of the required properties with data type, SI unit and allowed values). Computing it
 * once keeps the two formats saying the same thing; pure, no I/O.
 *
 * @module
 */
import { describeSpecification, describeValue } from "../describe.ts";
import {
  type Cardinality,
  type IdsDocument,
  type IdsValue,
  INFO_FIELDS,
  type PropertyFacet,
  type Specification,
} from "../model.ts";

/** One required (or optional, or prohibited) property in a class table. */
export interface SheetProperty {
  readonly propertySet: string;
  readonly name: string;
  /** As written in the IDS (upper case), e.g. `IFCLENGTHMEASURE`; absent when not given. */
  readonly dataType?: string;
  /** The SI unit IDS values of `dataType` are in (`m`, `m²`, `W/(m²·K)`), when it has one. */
  readonly unit?: string;
  /** `any value` when the IDS constrains only the presence. */
  readonly allowedValues: string;
  readonly obligation: Cardinality;
  readonly instructions?: string;
}

/** The properties a specification requires of one applicable class. */
export interface SheetClassTable {
  /** `IFCWALL`, or a description such as `a value matching 'IFC.*'`; `any element` if none. */
  readonly className: string;
  readonly predefinedType?: string;
  readonly properties: readonly SheetProperty[];
}

/** How many matching elements the model must (or must not) have. */
export interface SheetCardinality {
  readonly kind: "required" | "optional" | "prohibited";
  readonly words: string;
}

export interface SheetSpecification {
  /** 1-based, as the reports and tools count. */
  readonly index: number;
  readonly name: string;
  readonly identifier?: string;
  readonly description?: string;
  readonly instructions?: string;
  readonly ifcVersions: readonly string[];
  readonly cardinality: SheetCardinality;
  readonly applicability: readonly string[];
  readonly requirements: readonly string[];
  readonly requirementsDescription?: string;
  readonly tables: readonly SheetClassTable[];
}

export interface SpecSheet {
  readonly title: string;
  /** The other `<ids:info>` fields present, in schema order, with a label. */
  readonly info: readonly { readonly label: string; readonly value: string }[];
  readonly ifcVersions: readonly string[];
  readonly specifications: readonly SheetSpecification[];
}

/** IDS 1.0 compares measures in SI units; the unit each measure's values are written in. */
const SI_UNIT: Readonly<Record<string, string>> = {
  LENGTH: "m",
  POSITIVELENGTH: "m",
  NONNEGATIVELENGTH: "m",
  AREA: "m²",
  VOLUME: "m³",
  MASS: "kg",
  TIME: "s",
  PLANEANGLE: "rad",
  POSITIVEPLANEANGLE: "rad",
  SOLIDANGLE: "sr",
  THERMODYNAMICTEMPERATURE: "K",
  ELECTRICCURRENT: "A",
  AMOUNTOFSUBSTANCE: "mol",
  LUMINOUSINTENSITY: "cd",
  FREQUENCY: "Hz",
  ROTATIONALFREQUENCY: "Hz",
  POWER: "W",
  SOUNDPOWER: "W",
  PRESSURE: "Pa",
  SOUNDPRESSURE: "Pa",
  PLANARFORCE: "Pa",
  MODULUSOFELASTICITY: "Pa",
  FORCE: "N",
  LINEARFORCE: "N/m",
  TORQUE: "N·m",
  ENERGY: "J",
  HEATINGVALUE: "J/kg",
  ELECTRICVOLTAGE: "V",
  ELECTRICRESISTANCE: "Ω",
  ELECTRICCAPACITANCE: "F",
  ELECTRICCHARGE: "C",
  ELECTRICCONDUCTANCE: "S",
  INDUCTANCE: "H",
  ILLUMINANCE: "lx",
  LUMINOUSFLUX: "lm",
  MAGNETICFLUX: "Wb",
  MAGNETICFLUXDENSITY: "T",
  RADIOACTIVITY: "Bq",
  ABSORBEDDOSE: "Gy",
  DOSEEQUIVALENT: "Sv",
  THERMALTRANSMITTANCE: "W/(m²·K)",
  THERMALADMITTANCE: "W/(m²·K)",
  THERMALCONDUCTIVITY: "W/(m·K)",
  THERMALRESISTANCE: "m²·K/W",
  SPECIFICHEATCAPACITY: "J/(kg·K)",
  HEATFLUXDENSITY: "W/m²",
  MASSDENSITY: "kg/m³",
  AREADENSITY: "kg/m²",
  LINEARVELOCITY: "m/s",
  ACCELERATION: "m/s²",
  ANGULARVELOCITY: "rad/s",
  VOLUMETRICFLOWRATE: "m³/s",
  MASSFLOWRATE: "kg/s",
  MOMENTOFINERTIA: "m⁴",
  DYNAMICVISCOSITY: "Pa·s",
  KINEMATICVISCOSITY: "m²/s",
  MOISTUREDIFFUSIVITY: "m³/s",
  ISOTHERMALMOISTURECAPACITY: "m³/kg",
  VAPORPERMEABILITY: "kg/(s·m·Pa)",
};

/** The SI unit of an IFC measure type (`IFCAREAMEASURE` → `m²`), if it has one. */
export function siUnitOf(dataType: string): string | undefined {
  const m = /^IFC(\w+)MEASURE$/.exec(dataType.toUpperCase());
  return m ? SI_UNIT[m[1]] : undefined;
}

const INFO_LABEL: Readonly<Record<string, string>> = {
  copyright: "Copyright",
  version: "Version",
  description: "Description",
  author: "Author",
  date: "Date",
  purpose: "Purpose",
  milestone: "Milestone",
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The specification's cardinality (`<applicability minOccurs maxOccurs>`) in words. */
export function cardinalityInWords(spec: Specification): SheetCardinality {
  const min = spec.applicability.minOccurs ?? 1;
  const max = spec.applicability.maxOccurs ?? 1;
  if (max === 0) {
    return {
      kind: "prohibited",
      words: "Prohibited: the model shall contain no element that matches the applicability.",
    };
  }
  const upTo = typeof max === "number" ? ` and at most ${plural(max, "such element")}` : "";
  if (min >= 1) {
    return {
      kind: "required",
      words: `Required: the model shall contain at least ${
        plural(min, "matching element")
      }${upTo}, and each shall meet the requirements.`,
    };
  }
  return {
    kind: "optional",
    words: `Optional: the model may contain no matching element${
      typeof max === "number" ? ` or up to ${max}` : ""
    }; each one it contains shall meet the requirements.`,
  };
}

/** The names an entity value stands for: each enumerated class, else the value described. */
function classNames(v: IdsValue): string[] {
  if (v.kind === "simple") return [v.value];
  const enums = v.facets.filter((f) => f.kind === "enumeration").map((f) => f.value);
  return enums.length > 0 && enums.length === v.facets.length ? enums : [describeValue(v)];
}

function propertyRow(f: PropertyFacet): SheetProperty {
  const unit = f.dataType ? siUnitOf(f.dataType) : undefined;
  return {
    propertySet: describeValue(f.propertySet),
    name: describeValue(f.baseName),
    ...(f.dataType ? { dataType: f.dataType } : {}),
    ...(unit ? { unit } : {}),
    allowedValues: f.value ? describeValue(f.value) : "any value",
    obligation: f.cardinality ?? "required",
    ...(f.instructions ? { instructions: f.instructions } : {}),
  };
}

function sheetSpecification(spec: Specification, index: number): SheetSpecification {
  const sentences = describeSpecification(spec);
  const properties = (spec.requirements?.facets ?? [])
    .filter((f): f is PropertyFacet => f.facet === "property")
    .map(propertyRow);
  const entity = spec.applicability.facets.find((f) => f.facet === "entity");
  const predefined = entity?.predefinedType ? describeValue(entity.predefinedType) : undefined;
  const classes = entity ? classNames(entity.name) : ["any element"];
  const tables = properties.length === 0 ? [] : classes.map((className) => ({
    className,
    ...(predefined ? { predefinedType: predefined } : {}),
    properties,
  }));
  return {
    index,
    name: spec.name,
    ...(spec.identifier ? { identifier: spec.identifier } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.instructions ? { instructions: spec.instructions } : {}),
    ifcVersions: spec.ifcVersion,
    cardinality: cardinalityInWords(spec),
    applicability: sentences.applicability,
    requirements: sentences.requirements,
    ...(spec.requirements?.description
      ? { requirementsDescription: spec.requirements.description }
      : {}),
    tables,
  };
}

/** The spec sheet of a document. */
export function specSheet(doc: IdsDocument): SpecSheet {
  const info = INFO_FIELDS.filter((k) => k !== "title" && doc.info[k])
    .map((k) => ({ label: INFO_LABEL[k], value: doc.info[k]! }));
  const versions = [...new Set(doc.specifications.flatMap((s) => s.ifcVersion))];
  return {
    title: doc.info.title,
    info,
    ifcVersions: versions,
    specifications: doc.specifications.map((s, i) => sheetSpecification(s, i + 1)),
  };
}
