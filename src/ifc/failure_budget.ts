/**
 * How many failure entries a report keeps, decided while the report is built: a cap per
 * specification, a cap across all specifications, and a cap on their estimated serialised
 * size (characters), so no IDS × model pair can make a report whose serialisation exhausts
 * memory (10,000 specifications × 200 walls once built a 371 M-character JSON). Counts in the
 * report stay exact; what is not kept is counted as omitted.
 *
 * @module
 */
import type { CheckFailure } from "./report/types.ts";

/** Characters a failure entry adds to the JSON report besides its strings (keys, quotes…). */
const ENTRY_OVERHEAD = 120;

/** The caps of one check (all optional: absent means no limit). */
export interface FailureCaps {
  /** Failure entries kept per specification. */
  readonly perSpecification?: number;
  /** Failure entries kept across all specifications. */
  readonly total?: number;
  /** Estimated characters of the kept failure entries across all specifications. */
  readonly chars?: number;
}

/** The running tally of one check against its {@linkcode FailureCaps}. */
export class FailureBudget {
  readonly #perSpec: number;
  readonly #total: number;
  readonly #chars: number;
  #kept = 0;
  #keptChars = 0;
  /** Which cap across specifications cut the report first, for its note. */
  reached: "total" | "chars" | undefined;

  constructor(caps: FailureCaps = {}) {
    this.#perSpec = caps.perSpecification ?? Infinity;
    this.#total = caps.total ?? Infinity;
    this.#chars = caps.chars ?? Infinity;
  }

  /** Whether another entry may be kept for a specification already keeping `inSpec`. */
  admits(inSpec: number): boolean {
    if (inSpec >= this.#perSpec) return false;
    if (this.#kept >= this.#total) {
      this.reached ??= "total";
      return false;
    }
    if (this.#keptChars >= this.#chars) {
      this.reached ??= "chars";
      return false;
    }
    return true;
  }

  /** Records a kept entry (after {@linkcode admits} said yes). */
  add(f: CheckFailure): CheckFailure {
    this.#kept++;
    this.#keptChars += ENTRY_OVERHEAD + f.globalId.length + f.entity.length +
      (f.name?.length ?? 0) + f.facet.length + f.reason.length;
    return f;
  }

  get kept(): number {
    return this.#kept;
  }

  /**
   * The report's note when a cap across specifications cut failures (`omitted`: all entries
   * left out, by any cap), else undefined.
   */
  note(omitted: number): string | undefined {
    if (!this.reached) return undefined;
    const why = this.reached === "total"
      ? `at most ${this.#total} failure entries are kept across all specifications`
      : `the failure entries kept reached ${this.#chars} characters`;
    return `${omitted} failure entries were not recorded (${why}); ` +
      `the counts per specification are exact`;
  }
}
