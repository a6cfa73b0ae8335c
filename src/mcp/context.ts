/**
 * What every MCP tool module receives: the session store, the session the server is bound to,
 * the allowed file roots and the server configuration. Tool modules (document, facets, the IFC
 * checker…) depend only on this, never on how the transport (stdio or HTTP) found the session.
 *
 * @module
 */
import type { IdsDocument } from "../ids/model.ts";

/**
 * The part of the session store the tools use. `src/session/kv_store.ts`'s `SessionStore`
 * satisfies it structurally; keeping the port here lets the MCP layer be built and tested
 * against exactly the operations it needs.
 */
export interface SessionStorePort {
  /** Creates the session if missing (stdio's stable session, HTTP's initialize). */
  ensure(id: string): Promise<unknown>;
  /** The session's document (absent when none was created or loaded yet); undefined if no session. */
  load(
    id: string,
  ): Promise<{ readonly meta: SessionMetaView; readonly doc?: IdsDocument } | undefined>;
  /**
   * Atomically replaces the document with what `fn` returns; when `fn` throws nothing is written
   * and the error propagates.
   */
  update<R>(
    id: string,
    fn: (doc: IdsDocument | undefined, meta: SessionMetaView) => { doc: IdsDocument; result: R },
  ): Promise<{ readonly meta: SessionMetaView; readonly result: R }>;
}

/** Session metadata the tools report. */
export interface SessionMetaView {
  readonly id: string;
  readonly title?: string;
  readonly specificationCount?: number;
  readonly hasDocument?: boolean;
}

/** Server-wide settings, from the `serve` command line and environment. */
export interface ServerConfig {
  /** Largest IDS document (bytes of XML) a session may hold or a tool may read. */
  readonly maxDocumentBytes: number;
}

/** Everything a tool call needs besides its arguments. */
export interface ToolContext {
  readonly store: SessionStorePort;
  /**
   * The session this server instance serves: stdio's stable session name (`default` or
   * `--session NAME`), or, over HTTP, the `Mcp-Session-Id` of the request (a server instance is
   * built per request and bound to that session).
   */
  readonly sessionId: string;
  /** Absolute, symlink-resolved directories files may be read from or written to. Empty: none. */
  readonly roots: readonly string[];
  /** Directory holding the official `ids.xsd` (with `--xsd-dir` / `IDS_XSD_DIR`), if configured. */
  readonly xsdDir?: string;
  readonly config: ServerConfig;
}

/** The defaults used when the command line does not say otherwise. */
export const DEFAULT_CONFIG: ServerConfig = { maxDocumentBytes: 20 * 1024 * 1024 };
