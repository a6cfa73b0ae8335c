/**
 * Deno Deploy mode. Deploy starts `main.ts` with no arguments, grants every permission but
 * gives no useful file system, routes requests to whatever `Deno.serve` listens on (its own
 * address override wins over ours) and offers a managed Kv through `Deno.openKv()` with no
 * argument. So on Deploy, `main.ts` serves Streamable HTTP only: no stdio, no `--root` (tools
 * take content, not paths: `load_ids` with source_type "string", `validate_ifc_model` with
 * `ifc_content`), sessions in the platform Kv (`IDS_KV` still overrides), and a bearer token is
 * required because a deployment is public on the internet.
 *
 * @module
 */
import { type EnvGetter, onDenoDeploy, safeEnv } from "../session/kv_location.ts";
import { run as serve } from "./serve.ts";

/** True when `main.ts` runs on Deno Deploy (see {@linkcode onDenoDeploy}). */
export { onDenoDeploy };

/** The port when the platform names none: `Deno.serve`'s own default. */
export const DEFAULT_DEPLOY_PORT = "8000";

/**
 * The `serve` arguments for Deploy, or why it cannot start. The token itself stays in the
 * environment, where `serve` reads it (`IDS_MCP_TOKEN`).
 */
export function deployServeArgs(
  env: EnvGetter = safeEnv,
): { ok: true; args: string[] } | { ok: false; message: string } {
  if (!env("IDS_MCP_TOKEN")) {
    return {
      ok: false,
      message: "ids-mcp on Deno Deploy: IDS_MCP_TOKEN is not set. A deployment is public, so " +
        "the MCP endpoint requires a bearer token: add IDS_MCP_TOKEN (a long random secret) to " +
        "the application's environment variables and redeploy; clients then send " +
        '"Authorization: Bearer <token>".',
    };
  }
  return {
    ok: true,
    args: ["--http", "--hostname", "0.0.0.0", "--port", env("PORT") || DEFAULT_DEPLOY_PORT],
  };
}

/** Runs the Deploy server; resolves with the exit code (1 when it cannot start). */
export async function run(env: EnvGetter = safeEnv): Promise<number> {
  const plan = deployServeArgs(env);
  if (!plan.ok) {
    console.error(plan.message);
    return 1;
  }
  console.error("ids-mcp: Deno Deploy detected: HTTP only, no file access, platform Kv");
  return await serve(plan.args);
}
