/**
 * libxml2 compiled to WebAssembly (the official-XSD check), pinned with a fully qualified `npm:`
 * specifier so the code runs without our `deno.json` (see `mcp_sdk.ts` for why).
 *
 * Named re-exports, not `export *`: the package initialises its WebAssembly with a top-level
 * await, and `deno bundle` (esbuild) does not await a module re-exported with `export *`, so
 * the one-file bundle would use libxml2 before it is ready (tests/bundle_test.ts).
 *
 * @module
 */
export {
  ParseOption,
  XmlDocument,
  XmlLibError,
  xmlRegisterInputProvider,
  XsdValidator,
} from "npm:libxml2-wasm@0.7.2";
