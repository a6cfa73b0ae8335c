/**
 * re2js (a pure-JavaScript port of RE2): regular expressions matched in linear time, so a
 * hostile XSD pattern such as `(a+)+b` cannot stall a check. Pinned with a fully qualified
 * `npm:` specifier so the code runs without our `deno.json` (see `mcp_sdk.ts` for why).
 *
 * @module
 */
export { RE2JS } from "npm:re2js@2.10.0";
