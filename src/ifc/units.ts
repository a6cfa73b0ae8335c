/**
 * Unit conversion for property and quantity values: IDS compares measures in SI units
 * (metre, square metre, kilogram, second, kelvin, radian …), so a value stored in the
 * project's (or the property's own) unit is converted before matching.
 *
 * @module
 */
import { type IfcModel, refs } from "./model.ts";
import { Typed } from "./step.ts";
import { remembered } from "./remembered.ts";

const PREFIX: Record<string, number> = {
  EXA: 1e18,
  PETA: 1e15,
  TERA: 1e12,
  GIGA: 1e9,
  MEGA: 1e6,
  KILO: 1e3,
  HECTO: 1e2,
  DECA: 1e1,
  DECI: 1e-1,
  CENTI: 1e-2,
  MILLI: 1e-3,
  MICRO: 1e-6,
  NANO: 1e-9,
  PICO: 1e-12,
  FEMTO: 1e-15,
  ATTO: 1e-18,
};

/** Measure type (upper case) → IfcUnitEnum value of the project unit that applies. */
const MEASURE_UNIT: Record<string, string> = {
  IFCLENGTHMEASURE: "LENGTHUNIT",
  IFCPOSITIVELENGTHMEASURE: "LENGTHUNIT",
  IFCNONNEGATIVELENGTHMEASURE: "LENGTHUNIT",
  IFCAREAMEASURE: "AREAUNIT",
  IFCVOLUMEMEASURE: "VOLUMEUNIT",
  IFCMASSMEASURE: "MASSUNIT",
  IFCTIMEMEASURE: "TIMEUNIT",
  IFCPLANEANGLEMEASURE: "PLANEANGLEUNIT",
  IFCPOSITIVEPLANEANGLEMEASURE: "PLANEANGLEUNIT",
  IFCSOLIDANGLEMEASURE: "SOLIDANGLEUNIT",
  IFCTHERMODYNAMICTEMPERATUREMEASURE: "THERMODYNAMICTEMPERATUREUNIT",
  IFCELECTRICCURRENTMEASURE: "ELECTRICCURRENTUNIT",
  IFCAMOUNTOFSUBSTANCEMEASURE: "AMOUNTOFSUBSTANCEUNIT",
  IFCLUMINOUSINTENSITYMEASURE: "LUMINOUSINTENSITYUNIT",
  IFCFREQUENCYMEASURE: "FREQUENCYUNIT",
  IFCPOWERMEASURE: "POWERUNIT",
  IFCPRESSUREMEASURE: "PRESSUREUNIT",
  IFCFORCEMEASURE: "FORCEUNIT",
  IFCENERGYMEASURE: "ENERGYUNIT",
  IFCELECTRICVOLTAGEMEASURE: "ELECTRICVOLTAGEUNIT",
  IFCELECTRICRESISTANCEMEASURE: "ELECTRICRESISTANCEUNIT",
  IFCELECTRICCAPACITANCEMEASURE: "ELECTRICCAPACITANCEUNIT",
  IFCELECTRICCHARGEMEASURE: "ELECTRICCHARGEUNIT",
  IFCELECTRICCONDUCTANCEMEASURE: "ELECTRICCONDUCTANCEUNIT",
  IFCINDUCTANCEMEASURE: "INDUCTANCEUNIT",
  IFCILLUMINANCEMEASURE: "ILLUMINANCEUNIT",
  IFCLUMINOUSFLUXMEASURE: "LUMINOUSFLUXUNIT",
  IFCMAGNETICFLUXMEASURE: "MAGNETICFLUXUNIT",
  IFCMAGNETICFLUXDENSITYMEASURE: "MAGNETICFLUXDENSITYUNIT",
  IFCRADIOACTIVITYMEASURE: "RADIOACTIVITYUNIT",
  IFCABSORBEDDOSEMEASURE: "ABSORBEDDOSEUNIT",
  IFCDOSEEQUIVALENTMEASURE: "DOSEEQUIVALENTUNIT",
};

/** Quantity entity (upper case) → the measure type of its value. */
export const QUANTITY_MEASURE: Record<string, string> = {
  IFCQUANTITYLENGTH: "IFCLENGTHMEASURE",
  IFCQUANTITYAREA: "IFCAREAMEASURE",
  IFCQUANTITYVOLUME: "IFCVOLUMEMEASURE",
  IFCQUANTITYWEIGHT: "IFCMASSMEASURE",
  IFCQUANTITYTIME: "IFCTIMEMEASURE",
  IFCQUANTITYCOUNT: "IFCCOUNTMEASURE",
  IFCQUANTITYNUMBER: "IFCNUMERICMEASURE",
};

/**
 * The unit type a measure type is expressed in, if any. Derived measures follow the naming
 * rule of the schema (IfcThermalTransmittanceMeasure → THERMALTRANSMITTANCEUNIT).
 */
export function unitTypeOf(measure: string): string | undefined {
  let known = unitTypes.get(measure);
  if (known === undefined) {
    known = unitTypeOfUncached(measure) ?? null;
    unitTypes.set(measure, known);
  }
  return known ?? undefined;
}

/** Measure type → unit type, as computed by {@linkcode unitTypeOfUncached} (few distinct). */
const unitTypes = new Map<string, string | null>();

function unitTypeOfUncached(measure: string): string | undefined {
  const m = measure.toUpperCase();
  const known = MEASURE_UNIT[m];
  if (known) return known;
  const derived = /^IFC(\w+)MEASURE$/.exec(m);
  return derived ? `${derived[1]}UNIT` : undefined;
}

/**
 * A converter to SI for a unit instance: `si = value * scale + offset`, or undefined for
 * units we cannot interpret (derived units, monetary units).
 */
export function toSi(
  model: IfcModel,
  unitId: number,
  depth = 0,
): ((v: number) => number) | undefined {
  if (depth > 8) return undefined;
  const t = model.typeOf(unitId);
  if (t === "IFCSIUNIT") {
    const name = model.enumValue(unitId, "Name") ?? "";
    const prefix = model.enumValue(unitId, "Prefix");
    let scale = prefix ? PREFIX[prefix] ?? 1 : 1;
    if (name === "SQUARE_METRE") scale = scale ** 2;
    else if (name === "CUBIC_METRE") scale = scale ** 3;
    else if (name === "GRAM") scale = scale / 1000; // SI mass unit is the kilogram
    if (name === "DEGREE_CELSIUS") return (v) => v * scale + 273.15;
    return (v) => v * scale;
  }
  if (t === "IFCDERIVEDUNIT") {
    // The product of its elements' scales raised to their exponents (offsets cannot apply).
    let scale = 1;
    for (const el of refs(model.attr(unitId, "Elements"))) {
      const unit = model.ref(el, "Unit");
      const exp = model.attr(el, "Exponent");
      const conv = unit === undefined ? undefined : toSi(model, unit, depth + 1);
      if (!conv || (typeof exp !== "bigint" && typeof exp !== "number")) return undefined;
      const unitScale = conv(1) - conv(0);
      scale *= unitScale ** Number(exp);
    }
    return (v) => v * scale;
  }
  if (t === "IFCCONVERSIONBASEDUNIT" || t === "IFCCONVERSIONBASEDUNITWITHOFFSET") {
    const mwu = model.ref(unitId, "ConversionFactor");
    if (mwu === undefined) return undefined;
    let v = model.attr(mwu, "ValueComponent");
    if (v instanceof Typed) v = v.value;
    const factor = typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : undefined;
    const base = model.ref(mwu, "UnitComponent");
    if (factor === undefined || base === undefined) return undefined;
    const baseConv = toSi(model, base, depth + 1);
    if (!baseConv) return undefined;
    let offset = 0;
    if (t === "IFCCONVERSIONBASEDUNITWITHOFFSET") {
      const o = model.attr(unitId, "ConversionOffset");
      offset = typeof o === "number" ? o : typeof o === "bigint" ? Number(o) : 0;
    }
    return (x) => baseConv((x + offset) * factor);
  }
  return undefined;
}

/** Per model: the converter of each unit instance used (a model has few units). */
const converters = new WeakMap<IfcModel, Map<number, ((v: number) => number) | null>>();

/**
 * Converts `value` of measure `measure` to SI, using the property's own unit when given,
 * else the project's default unit for that measure.
 */
export function convertToSi(
  model: IfcModel,
  value: number,
  measure: string,
  ownUnit?: number,
): number {
  let unit = ownUnit;
  if (unit === undefined) {
    const ut = unitTypeOf(measure);
    if (!ut) return value;
    unit = model.projectUnits().get(ut);
  }
  if (unit === undefined) return value;
  const own = unit;
  const conv = remembered(converters, model, own, () => toSi(model, own) ?? null);
  return conv ? conv(value) : value;
}
