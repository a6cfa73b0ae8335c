/**
 * Progress of the long CLI sub-commands (`check`, `inspect`) on stderr, so a user waiting on a
 * 1 GB model sees it move. A terminal gets a redrawn bar; anything else (a CI log, a file, a
 * pipe) gets nothing by default, as a bar's carriage returns would garble it, and one short
 * line per tenth with `--progress`, which a log keeps readable.
 *
 * @module
 */

/** `auto`: a bar when stderr is a terminal; `always` (`--progress`): lines when it is not. */
export type ProgressMode = "auto" | "always" | "never";

/** What a command calls while it works, then once when it is done (clears the bar). */
export interface ProgressDisplay {
  readonly update: (done: number, total: number) => void;
  end(): void;
}

/** True when `f` is a terminal (false where the runtime cannot tell). */
export function isTerminal(f: { isTerminal(): boolean }): boolean {
  try {
    return f.isTerminal();
  } catch {
    return false;
  }
}

/**
 * The progress display for `mode` on stderr, labelled `label` (e.g. `checking`), or undefined
 * when nothing is shown.
 */
export function progressDisplay(
  label: string,
  mode: ProgressMode,
  terminal = isTerminal(Deno.stderr),
): ProgressDisplay | undefined {
  if (mode === "never") return undefined;
  if (terminal) return bar(label);
  return mode === "always" ? lines(label) : undefined;
}

const enc = new TextEncoder();

function write(text: string): void {
  const bytes = enc.encode(text);
  for (let off = 0; off < bytes.length;) off += Deno.stderr.writeSync(bytes.subarray(off));
}

function percent(done: number, total: number): number {
  return Math.max(0, Math.min(100, Math.floor((done / Math.max(1, total)) * 100)));
}

function bar(label: string): ProgressDisplay {
  let last = -1;
  return {
    update(done, total) {
      const pct = percent(done, total);
      if (pct === last) return;
      last = pct;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      write(`\r${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${pct}%`);
    },
    end() {
      if (last >= 0) write("\r\x1b[K");
    },
  };
}

/** One line per tenth reached (`checking 30%`); the work reports its end as 100%. */
function lines(label: string): ProgressDisplay {
  let last = -1;
  return {
    update(done, total) {
      const tenth = Math.floor(percent(done, total) / 10);
      if (tenth <= last) return;
      last = tenth;
      write(`${label} ${tenth * 10}%\n`);
    },
    end() {},
  };
}
