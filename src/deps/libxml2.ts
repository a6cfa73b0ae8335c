/**
 * libxml2 compiled to WebAssembly (the official-XSD check), pinned with a fully qualified `npm:`
 * specifier so the code runs without our `deno.json` (see `mcp_sdk.ts` for why).
 *
 * @module
 */
export * from "npm:libxml2-wasm@0.7.2";
