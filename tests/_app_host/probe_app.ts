/// <reference lib="dom" />
/**
 * The smallest app the test host can mount (tests/_app_host.ts): ext-apps' `App` in the iframe,
 * showing the tool result it is given, reading a resource and calling a tool through the host
 * on a click. It
 * proves the host's plumbing on its own, so a failure of the real apps is not the host's.
 *
 * @module
 */
import { App, applyDocumentTheme, applyHostStyleVariables } from "@modelcontextprotocol/ext-apps";

const app = new App({ name: "ids-mcp probe", version: "1.0.0" });
const out = document.getElementById("result")!;
const read = document.getElementById("read") as HTMLButtonElement;
let reportUri: string | undefined;

function theme(context: { theme?: "light" | "dark"; styles?: { variables?: object } }): void {
  if (context.theme) applyDocumentTheme(context.theme);
  if (context.styles?.variables) applyHostStyleVariables(context.styles.variables as never);
}

app.onhostcontextchanged = theme;
app.ontoolresult = (result) => {
  const content = (result.structuredContent ?? {}) as Record<string, unknown>;
  reportUri = typeof content.report_uri === "string" ? content.report_uri : undefined;
  out.textContent = JSON.stringify(content, null, 1);
  out.dataset.ready = "1";
};
read.onclick = async () => {
  const r = await app.readServerResource({ uri: reportUri! });
  const first = r.contents[0] as { text?: string };
  document.getElementById("read-result")!.textContent = String(first.text?.length ?? 0);
};
document.getElementById("info")!.onclick = async () => {
  const r = await app.callServerTool({ name: "get_ids_info", arguments: {} });
  document.getElementById("info-result")!.textContent = JSON.stringify(r.structuredContent);
};
await app.connect();
theme(app.getHostContext() ?? {});
