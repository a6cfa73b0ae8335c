/**
 * The MCP TypeScript SDK, pinned in one place with fully qualified `npm:` specifiers.
 *
 * Why not the bare names of `deno.json`'s import map: `deno run https://…/main.ts` and a
 * `deno compile`d binary built elsewhere must work without our `deno.json`, so every module
 * reachable from `main.ts` imports third-party code through `src/deps/`. The SDK's `.js`
 * subpaths resolve to `any` under `deno check` unless given their `.d.ts` with `@ts-types`;
 * `tests/deps_test.ts` keeps these versions equal to the import map's.
 *
 * @module
 */

// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/server/mcp"
export {
  McpServer,
  type RegisteredTool,
  ResourceTemplate,
  type ToolCallback,
} from "npm:@modelcontextprotocol/sdk@1.32.2/server/mcp.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/server/zod-compat"
export type {
  AnySchema,
  ZodRawShapeCompat,
} from "npm:@modelcontextprotocol/sdk@1.32.2/server/zod-compat.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/shared/transport"
export type { Transport } from "npm:@modelcontextprotocol/sdk@1.32.2/shared/transport.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/server/webStandardStreamableHttp"
export { WebStandardStreamableHTTPServerTransport } from "npm:@modelcontextprotocol/sdk@1.32.2/server/webStandardStreamableHttp.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/types"
export {
  type CallToolResult,
  GetPromptRequestSchema,
  type GetPromptResult,
  isInitializeRequest,
  type JSONRPCMessage,
  JSONRPCMessageSchema,
  ListPromptsRequestSchema,
  type ListPromptsResult,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "npm:@modelcontextprotocol/sdk@1.32.2/types.js";
