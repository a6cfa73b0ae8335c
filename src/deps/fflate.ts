/**
 * fflate (zip for BCF), pinned with a fully qualified `npm:` specifier so the code runs without
 * our `deno.json` (see `mcp_sdk.ts` for why).
 *
 * @module
 */
export * from "npm:fflate@0.8.3";
