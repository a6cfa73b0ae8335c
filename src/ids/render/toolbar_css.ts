/**
 * The sticky filter toolbar's CSS, shared by the two pages people read: the check report
 * (src/ifc/report/html.ts) and the spec sheet (spec_sheet_html.ts), so both look and behave
 * alike. Expects the pages' `--line` and `--muted` custom properties.
 *
 * @module
 */
export const TOOLBAR_CSS =
  `.toolbar{position:sticky;top:0;z-index:2;background:#fff;display:flex;flex-wrap:wrap;gap:8px;
align-items:center;padding:10px 0;border-bottom:1px solid var(--line)}
.toolbar input,.toolbar select,.toolbar button{font:inherit;padding:5px 9px;border:1px solid var(--line);
border-radius:6px;background:#fff}
.toolbar input{flex:1;min-width:220px}.toolbar button{cursor:pointer}
.toolbar output{color:var(--muted);font-size:12px}
`;
