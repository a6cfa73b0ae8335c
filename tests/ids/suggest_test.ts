/** "Did you mean …?": the closest candidate by edit distance, case-insensitive. */
import assert from "node:assert/strict";
import { closest, didYouMean, editDistance } from "../../src/ids/suggest.ts";

Deno.test("editDistance counts insertions, deletions, substitutions and transpositions", () => {
  assert.equal(editDistance("IFCWALL", "IFCWALL"), 0);
  assert.equal(editDistance("IFCWALLL", "IFCWALL"), 1);
  assert.equal(editDistance("Nmae", "Name"), 1, "a transposition is one edit");
  assert.equal(editDistance("kitten", "sitting"), 3);
  assert.equal(editDistance("abc", "xyzxyz", 2), 3, "stops early past the limit");
});

Deno.test("closest: near misses, wrong case, nothing close", () => {
  assert.equal(closest("IFCWALLL", ["IFCSLAB", "IFCWALL", "IFCWALLTYPE"]), "IFCWALL");
  assert.equal(closest("IfcWall", ["IFCSLAB", "IFCWALL"]), "IFCWALL");
  assert.equal(closest("FireRatin", ["Reference", "FireRating", "Status"]), "FireRating");
  assert.equal(closest("Completely", ["IFCWALL", "Name"]), undefined);
  assert.equal(didYouMean("Nmae", ["Name", "Description"]), "; did you mean Name?");
  assert.equal(didYouMean("Name", ["Name"]), "");
});
