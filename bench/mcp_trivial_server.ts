/**
 * The baseline for bench/mcp_bench.ts: the smallest MCP SDK server (one `echo` tool) over
 * stdio or Streamable HTTP, so the benchmark can show what ids-mcp adds on top of the SDK.
 * HTTP uses the SDK's usual stateful setup (one transport per session, kept in memory) with
 * JSON responses, the fastest way the SDK serves HTTP.
 *
 * Usage: deno run -A bench/mcp_trivial_server.ts [--http PORT]
 *
 * @module
 */
// @ts-types="@modelcontextprotocol/sdk/server/mcp"
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
// @ts-types="@modelcontextprotocol/sdk/server/stdio"
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
// @ts-types="@modelcontextprotocol/sdk/server/webStandardStreamableHttp"
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { z } from "zod";

function echoServer(): McpServer {
  const server = new McpServer({ name: "trivial", version: "1.0.0" });
  server.registerTool("echo", {
    description: "Echo the text back",
    inputSchema: { text: z.string() },
    outputSchema: { text: z.string() },
  }, ({ text }) => ({
    content: [{ type: "text", text: JSON.stringify({ text }) }],
    structuredContent: { text },
  }));
  return server;
}

if (import.meta.main) {
  const i = Deno.args.indexOf("--http");
  if (i < 0) {
    await echoServer().connect(new StdioServerTransport());
  } else {
    const transports = new Map<string, WebStandardStreamableHTTPServerTransport>();
    Deno.serve({
      hostname: "127.0.0.1",
      port: Number(Deno.args[i + 1] ?? 0),
      onListen: ({ port }) => console.error(`listening on http://127.0.0.1:${port}/mcp`),
    }, async (req) => {
      const id = req.headers.get("mcp-session-id");
      let transport = id ? transports.get(id) : undefined;
      if (!transport) {
        if (id) return new Response("unknown session", { status: 404 });
        transport = new WebStandardStreamableHTTPServerTransport({
          sessionIdGenerator: () => crypto.randomUUID(),
          enableJsonResponse: true,
          onsessioninitialized: (sid) => {
            transports.set(sid, transport!);
          },
        });
        await echoServer().connect(transport);
      }
      return await transport.handleRequest(req);
    });
  }
}
