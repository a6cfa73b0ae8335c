/**
 * The report writers' escaping, which lives in `src/ids/render/escape.ts` since the IDS spec
 * sheet (a pure `src/ids` module) needs the same: one implementation, so they cannot drift.
 *
 * @module
 */
export { escapeHtml, escapeXml } from "../../ids/render/escape.ts";
