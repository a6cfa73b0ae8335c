/**
 * What every MCP tool module receives: the session store, the session the server is bound to,
 * the allowed file roots and the server configuration. Tool modules (document, facets, the IFC
 * checker…) depend only on this, never on how the transport (stdio or HTTP) found the session.
 *
 * @module
 */
import type { IdsDocument } from "../ids/model.ts";
import type { SessionSnapshot, SessionStore } from "../session/kv_store.ts";
import { DEFAULT_CALL_TIMEOUT_MS } from "./result.ts";
import type { HeavyLimits } from "./heavy_work.ts";
import type { RefusedReply, ReplyBudget } from "./reply_limit.ts";

/** Server-wide settings, from the `serve` command line and environment. */
export interface ServerConfig {
  /** Largest IDS document (bytes of XML) a session may hold or a tool may read. */
  readonly maxDocumentBytes: number;
  /** Time limit of one tool call in ms (`--call-timeout`); default 120 s. */
  readonly callTimeoutMs?: number;
  /**
   * Limits of heavy calls (IFC checks and inspections, big IDS loads); defaults in
   * heavy_work.ts. Servers built from one config object share one gate.
   */
  readonly heavy?: Partial<HeavyLimits>;
  /** Largest reply (JSON bytes) to one request (`--max-reply`); default 8 MiB. */
  readonly maxReplyBytes?: number;
}

/** Everything a tool call needs besides its arguments. */
export interface ToolContext {
  readonly store: SessionStore;
  /**
   * The session this server instance serves: stdio's stable session name (`default` or
   * `--session NAME`), or, over HTTP, the `Mcp-Session-Id` of the request being served (HTTP
   * reuses server instances across requests and sessions). Read it at
   * call time, never capture it when registering tools: over HTTP it changes between requests.
   */
  readonly sessionId: string;
  /** Absolute, symlink-resolved directories files may be read from or written to. Empty: none. */
  readonly roots: readonly string[];
  /**
   * Directories `export_ids` may write to (absolute, symlink-resolved); `roots` when absent.
   * stdio without `--root` reads the working directory but writes only to its exports folder.
   */
  readonly writeRoots?: readonly string[];
  /** Directory holding the official `ids.xsd` (with `--xsd-dir` / `IDS_XSD_DIR`), if configured. */
  readonly xsdDir?: string;
  readonly config: ServerConfig;
  /**
   * Recreate the session when it is missing (stdio's stable session may have expired while the
   * server ran). HTTP sessions are never recreated: an expired one is a 404 for the client.
   */
  readonly recreateSession?: boolean;
  /**
   * The session read the transport already made for this request (HTTP checks the session id
   * exists before serving), handed out once so the first document read does not repeat it.
   */
  readonly takePreloaded?: () => Preloaded | undefined;
  /**
   * Who the request being served counts against (HTTP): `token:<name>` for a bearer token,
   * `addr:<IPv4 address or IPv6 /64>` without tokens (see src/http/principals.ts). Undefined
   * over stdio. Read it at call time, as `sessionId`.
   */
  readonly principal?: string;
  /** The reply budget of the HTTP request being served (a batch shares one). */
  readonly replyBudget?: () => ReplyBudget | undefined;
  /** Told when a reply was replaced by a reply_too_large error (for the log). */
  readonly onReplyRefused?: (refused: RefusedReply) => void;
}

/** A session read made moments earlier in the same request. */
export interface Preloaded {
  readonly doc?: IdsDocument;
  /** The same read for an edit to start from (versionstamp-checked, so never stale-applied). */
  readonly snapshot?: SessionSnapshot;
}

/** The defaults used when the command line does not say otherwise. */
export const DEFAULT_CONFIG: ServerConfig = {
  maxDocumentBytes: 20 * 1024 * 1024,
  callTimeoutMs: DEFAULT_CALL_TIMEOUT_MS,
};
