/**
 * zod, pinned with a fully qualified `npm:` specifier so the code runs without our `deno.json`
 * (see `mcp_sdk.ts` for why).
 *
 * @module
 */
export { z } from "npm:zod@4.6.7";
