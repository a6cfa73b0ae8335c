/** Unit conversion of property values to SI before matching (own units, project units). */
import assert from "node:assert/strict";
import { checkFiles } from "../../src/cli/check_files.ts";

const IFC = `ISO-10303-21;
HEADER;FILE_DESCRIPTION((''),'2;1');FILE_NAME('','',(''),(''),'','','');FILE_SCHEMA(('IFC4'));ENDSEC;
DATA;
#1=IFCPROJECT('0000000000000000000001',$,$,$,$,$,$,$,#6);
#2=IFCSIUNIT(*,.LENGTHUNIT.,.MILLI.,.METRE.);
#3=IFCSIUNIT(*,.TIMEUNIT.,$,.SECOND.);
#4=IFCSIUNIT(*,.THERMODYNAMICTEMPERATUREUNIT.,$,.DEGREE_CELSIUS.);
#5=IFCDERIVEDUNIT((#7,#8),.LINEARVELOCITYUNIT.,$);
#6=IFCUNITASSIGNMENT((#2,#3,#4,#5,#12));
#7=IFCDERIVEDUNITELEMENT(#2,1);
#8=IFCDERIVEDUNITELEMENT(#3,-1);
#9=IFCSIUNIT(*,.LENGTHUNIT.,$,.METRE.);
#10=IFCMEASUREWITHUNIT(IFCLENGTHMEASURE(0.3048),#9);
#11=IFCCONVERSIONBASEDUNIT(#13,.LENGTHUNIT.,'FOOT',#10);
#12=IFCSIUNIT(*,.MASSUNIT.,.KILO.,.GRAM.);
#13=IFCDIMENSIONALEXPONENTS(1,0,0,0,0,0,0);
#20=IFCWALL('0000000000000000000020',$,'W',$,$,$,$,$,$);
#21=IFCPROPERTYSET('0000000000000000000021',$,'P',$,(#22,#23,#24,#25,#26));
#22=IFCPROPERTYSINGLEVALUE('Length',$,IFCLENGTHMEASURE(2500.),$);
#23=IFCPROPERTYSINGLEVALUE('Feet',$,IFCLENGTHMEASURE(10.),#11);
#24=IFCPROPERTYSINGLEVALUE('Speed',$,IFCLINEARVELOCITYMEASURE(1500.),$);
#25=IFCPROPERTYSINGLEVALUE('Temperature',$,IFCTHERMODYNAMICTEMPERATUREMEASURE(20.),$);
#26=IFCPROPERTYSINGLEVALUE('Mass',$,IFCMASSMEASURE(3.),$);
#27=IFCRELDEFINESBYPROPERTIES('0000000000000000000027',$,$,$,(#20),#21);
ENDSEC;
END-ISO-10303-21;
`;

function ids(name: string, dataType: string, value: string): string {
  return `<?xml version="1.0"?>
<ids xmlns="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<info><title>units</title></info><specifications>
<specification name="s" ifcVersion="IFC4"><applicability maxOccurs="unbounded">
<entity><name><simpleValue>IFCWALL</simpleValue></name></entity></applicability>
<requirements><property dataType="${dataType}"><propertySet><simpleValue>P</simpleValue></propertySet>
<baseName><simpleValue>${name}</simpleValue></baseName><value><simpleValue>${value}</simpleValue></value>
</property></requirements></specification></specifications></ids>`;
}

async function status(name: string, dataType: string, value: string): Promise<string> {
  const r = await checkFiles(ids(name, dataType, value), new TextEncoder().encode(IFC));
  return r.status;
}

Deno.test("values are converted to SI units before matching", async () => {
  assert.equal(await status("Length", "IFCLENGTHMEASURE", "2.5"), "pass", "project mm → m");
  assert.equal(await status("Length", "IFCLENGTHMEASURE", "2500"), "fail");
  assert.equal(await status("Feet", "IFCLENGTHMEASURE", "3.048"), "pass", "own unit: feet → m");
  assert.equal(await status("Speed", "IFCLINEARVELOCITYMEASURE", "1.5"), "pass", "derived mm/s");
  assert.equal(await status("Temperature", "IFCTHERMODYNAMICTEMPERATUREMEASURE", "293.15"), "pass");
  assert.equal(await status("Mass", "IFCMASSMEASURE", "3"), "pass", "kilogram is the SI unit");
});
