/**
 * IDS documents that fail on purpose, generated in the tests and benches that measure report
 * and reply sizes: `n` specifications, each applying to the listed classes and requiring a
 * property no element has plus a Name pattern most names miss (two failure reasons per
 * element, one of them with per-element values, so grouping has something to group).
 *
 * @module
 */

/** Classes of the shared IFC2X3 `duplex.ifc` with the most elements (≈ 250 together). */
export const DUPLEX_CLASSES = [
  "IFCWALLSTANDARDCASE",
  "IFCFURNISHINGELEMENT",
  "IFCOPENINGELEMENT",
  "IFCWINDOW",
  "IFCSPACE",
  "IFCSLAB",
  "IFCDOOR",
  "IFCCOVERING",
] as const;

function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
}

/** IDS 1.0 XML with `n` specifications that fail on every applicable element. */
export function failingIds(
  n: number,
  options: { version?: string; classes?: readonly string[]; title?: string } = {},
): string {
  const version = options.version ?? "IFC2X3";
  const classes = options.classes ?? DUPLEX_CLASSES;
  const entity = classes.length === 1
    ? `<entity><name><simpleValue>${classes[0]}</simpleValue></name></entity>`
    : `<entity><name><xs:restriction base="xs:string">${
      classes.map((c) => `<xs:enumeration value="${c}"/>`).join("")
    }</xs:restriction></name></entity>`;
  const specs: string[] = [];
  for (let i = 1; i <= n; i++) {
    specs.push(
      `<specification name="Check ${i}" identifier="C${i}" ifcVersion="${version}">` +
        `<applicability minOccurs="0" maxOccurs="unbounded">${entity}</applicability>` +
        `<requirements>` +
        `<property dataType="IFCLABEL"><propertySet><simpleValue>ACME_Check</simpleValue>` +
        `</propertySet><baseName><simpleValue>Code${i}</simpleValue></baseName></property>` +
        `<attribute><name><simpleValue>Name</simpleValue></name><value>` +
        `<xs:restriction base="xs:string"><xs:pattern value="N-[0-9]+"/></xs:restriction>` +
        `</value></attribute>` +
        `</requirements></specification>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<ids xmlns="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://standards.buildingsmart.org/IDS http://standards.buildingsmart.org/IDS/1.0/ids.xsd">
<info><title>${escapeAttr(options.title ?? `${n} failing checks`)}</title></info>
<specifications>
${specs.join("\n")}
</specifications>
</ids>
`;
}
