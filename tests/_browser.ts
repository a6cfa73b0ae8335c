/**
 * A real headless browser for the pages we write (HTML check report, spec sheet): Debian's
 * `chromium` driven over the DevTools protocol on a WebSocket, so no browser is downloaded
 * and no npm dependency is needed. Collects console errors and uncaught exceptions, evaluates
 * expressions in the page, and decodes a PNG screenshot enough to tell it is not blank.
 *
 * @module
 */

/** Where Chromium is looked for: `$CHROMIUM`, then the usual Debian/Ubuntu names. */
const CANDIDATES = [
  Deno.env.get("CHROMIUM"),
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
].filter((p): p is string => !!p);

/** The Chromium executable, or undefined when none is installed. */
export function findChromium(): string | undefined {
  for (const path of CANDIDATES) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // not there
    }
  }
  return undefined;
}

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

/** A headless Chromium with one DevTools connection. */
export class Browser {
  #nextId = 1;
  readonly #pending = new Map<number, PromiseWithResolvers<Record<string, unknown>>>();
  readonly #listeners = new Set<(m: CdpMessage) => void>();

  private constructor(
    readonly child: Deno.ChildProcess,
    readonly ws: WebSocket,
    readonly profile: string,
  ) {
    ws.onmessage = (e) => {
      const msg = JSON.parse(e.data as string) as CdpMessage;
      if (msg.id !== undefined) {
        const p = this.#pending.get(msg.id);
        this.#pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(msg.error.message));
        else p?.resolve(msg.result ?? {});
      } else for (const l of this.#listeners) l(msg);
    };
  }

  /** Starts `chromium` (headless, no network features, a throw-away profile) and connects. */
  static async launch(executable: string): Promise<Browser> {
    const profile = await Deno.makeTempDir({ prefix: "ids-mcp-chromium-" });
    const child = new Deno.Command(executable, {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
        "--window-size=1200,900",
        `--user-data-dir=${profile}`,
        "--remote-debugging-port=0",
        "about:blank",
      ],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    let url: string | undefined;
    while (!url) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`chromium exited before listening: ${seen.slice(-2000)}`);
      seen += value;
      url = /DevTools listening on (ws:\/\/\S+)/.exec(seen)?.[1];
    }
    // Keep draining stderr so Chromium never blocks on a full pipe.
    (async () => {
      while (!(await reader.read().catch(() => ({ done: true }))).done) { /* drain */ }
    })();
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = () => reject(new Error(`cannot connect to ${url}`));
    });
    return new Browser(child, ws, profile);
  }

  /** Sends a DevTools command (to a page when `sessionId` is given) and awaits its result. */
  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    const p = Promise.withResolvers<Record<string, unknown>>();
    this.#pending.set(id, p);
    this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return p.promise;
  }

  on(listener: (m: CdpMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Opens `url` in a new tab and waits for its load event. */
  async open(url: string): Promise<Page> {
    const { targetId } = await this.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true });
    const page = new Page(this, sessionId as string);
    await page.send("Page.enable");
    await page.send("Runtime.enable");
    await page.send("Log.enable");
    const loaded = page.next("Page.loadEventFired");
    await page.send("Page.navigate", { url });
    await loaded;
    return page;
  }

  async close(): Promise<void> {
    try {
      await Promise.race([
        this.send("Browser.close"),
        new Promise((r) => setTimeout(r, 2000)),
      ]);
    } catch {
      // already closing
    }
    this.ws.close();
    try {
      this.child.kill("SIGKILL");
    } catch {
      // already gone
    }
    await this.child.status;
    await Deno.remove(this.profile, { recursive: true }).catch(() => {});
  }
}

/** One tab: its console errors and exceptions are collected from the moment it is attached. */
export class Page {
  /** Console errors, uncaught exceptions and error log entries, as text. */
  readonly errors: string[] = [];

  constructor(readonly browser: Browser, readonly sessionId: string) {
    browser.on((m) => {
      if (m.sessionId !== sessionId) return;
      const p = m.params ?? {};
      if (m.method === "Runtime.consoleAPICalled" && p.type === "error") {
        this.errors.push(`console.error: ${JSON.stringify(p.args)}`);
      } else if (m.method === "Runtime.exceptionThrown") {
        const d = p.exceptionDetails as {
          text?: string;
          url?: string;
          exception?: { description?: string };
        };
        this.errors.push(
          `exception: ${d.exception?.description ?? d.text ?? JSON.stringify(d)} (${d.url ?? ""})`,
        );
      } else if (m.method === "Log.entryAdded") {
        const entry = p.entry as { level: string; text: string; url?: string };
        if (entry.level === "error") this.errors.push(`log: ${entry.text} ${entry.url ?? ""}`);
      }
    });
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.browser.send(method, params, this.sessionId);
  }

  /** Resolves on the next event `method` of this page. */
  next(method: string): Promise<CdpMessage> {
    return new Promise((resolve) => {
      const off = this.browser.on((m) => {
        if (m.sessionId === this.sessionId && m.method === method) {
          off();
          resolve(m);
        }
      });
    });
  }

  /** Evaluates `expression` in the page (awaiting a promise) and returns its JSON value. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send("Runtime.evaluate", {
      expression,
      returnByValue: true,
      awaitPromise: true,
    });
    if (r.exceptionDetails) throw new Error(`${expression}: ${JSON.stringify(r.exceptionDetails)}`);
    return (r.result as { value: T }).value;
  }

  /** A PNG screenshot of the viewport. */
  async screenshot(): Promise<Uint8Array> {
    const { data } = await this.send("Page.captureScreenshot", { format: "png" });
    return Uint8Array.from(atob(data as string), (c) => c.charCodeAt(0));
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * The number of distinct colours in an 8-bit RGB/RGBA PNG (what Chromium writes), so a blank
 * page (one colour) cannot pass for a rendered one.
 */
export async function pngColourCount(png: Uint8Array): Promise<number> {
  return (await pngStats(png)).colours;
}

/**
 * Distinct colours and mean relative luminance (0 black … 1 white) of an 8-bit RGB/RGBA PNG,
 * decoded here (zlib through DecompressionStream, then the scanline filters): enough to tell a
 * blank page, or a light page from a dark one.
 */
export async function pngStats(png: Uint8Array): Promise<{ colours: number; luminance: number }> {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let width = 0, height = 0, channels = 0;
  const idat: Uint8Array[] = [];
  for (let off = 8; off < png.length;) {
    const len = view.getUint32(off);
    const type = new TextDecoder().decode(png.subarray(off + 4, off + 8));
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === "IHDR") {
      width = view.getUint32(off + 8);
      height = view.getUint32(off + 12);
      const [depth, colour] = [data[8], data[9]];
      if (depth !== 8 || (colour !== 2 && colour !== 6)) {
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colour}`);
      }
      channels = colour === 6 ? 4 : 3;
    } else if (type === "IDAT") idat.push(data);
    off += 12 + len;
  }
  const raw = new Uint8Array(
    await new Response(
      new Blob(idat as BlobPart[]).stream().pipeThrough(new DecompressionStream("deflate")),
    ).arrayBuffer(),
  );
  const stride = width * channels;
  let prev = new Uint8Array(stride);
  const colours = new Set<number>();
  let light = 0;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.slice(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? line[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      const add = filter === 1
        ? a
        : filter === 2
        ? b
        : filter === 3
        ? (a + b) >> 1
        : filter === 4
        ? paeth(a, b, c)
        : 0;
      line[x] = (line[x] + add) & 0xff;
    }
    for (let x = 0; x < stride; x += channels) {
      colours.add((line[x] << 16) | (line[x + 1] << 8) | line[x + 2]);
      light += 0.2126 * line[x] + 0.7152 * line[x + 1] + 0.0722 * line[x + 2];
    }
    prev = line;
  }
  return { colours: colours.size, luminance: light / (255 * width * height) };
}
