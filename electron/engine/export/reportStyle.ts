import { createHash } from 'node:crypto';

/**
 * The report's only stylesheet. Its SHA-256 goes in the page's Content-Security-Policy, so the
 * page allows this one style block and nothing else: no script, no remote fetch, no inline
 * style attribute a log value could smuggle in.
 */
export const reportCss = `
body { font: 13px/1.45 system-ui, sans-serif; color: #1d2430; margin: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px;
  border-bottom: 1px solid #cfd6e0; padding-bottom: 4px; } h3 { font-size: 14px; margin: 16px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid #dde3ea; padding: 3px 6px; text-align: left; vertical-align: top;
  unicode-bidi: isolate; word-break: normal; overflow-wrap: normal; }
td.id { overflow-wrap: anywhere; }
th { background: #eef2f6; font-weight: 600; } td.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
code, pre, .mono { font-family: ui-monospace, monospace; font-size: 12px; }
pre { background: #f5f7fa; border: 1px solid #dde3ea; padding: 8px; white-space: pre-wrap;
  overflow-wrap: anywhere; }
.muted { color: #5b6675; } .sev-critical, .sev-high { color: #a3111a; font-weight: 600; }
.sev-medium { color: #8a5a00; } .star { color: #b27b00; }
.graph-box { overflow-x: auto; border: 1px solid #dde3ea; margin: 6px 0 14px; }
svg.graph { display: block; }
svg .node rect { stroke: #44505e; stroke-width: 1; fill: #e8eef7; }
svg .k-cred rect { fill: #fff3cd; } svg .k-session rect { fill: #e3f4e1; }
svg .k-secret rect { fill: #fde2e1; } svg .k-ip rect { fill: #ececec; }
svg .k-resource rect { fill: #e9e3f7; }
svg .node-label { font-size: 12px; font-weight: 600; fill: #1d2430; }
svg .node-kind { font-size: 10px; fill: #5b6675; }
svg .edge polyline { fill: none; stroke: #44505e; stroke-width: 1.3; }
svg .edge.inferred polyline { stroke: #b35c00; stroke-dasharray: 5 3; }
svg .edge-label { font-size: 10px; fill: #2b3440; }
svg marker path { fill: #44505e; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { margin: 0; } .graph-box { overflow: visible; border: none; }
  svg.graph { width: 100%; height: auto; }
  tr { break-inside: avoid; } h2, h3 { break-after: avoid; } }
`;

export const reportCssHash = createHash('sha256').update(reportCss).digest('base64');

/** The page's policy: nothing loads or runs; only the stylesheet above applies. */
export const reportCsp =
  `default-src 'none'; style-src 'sha256-${reportCssHash}'; img-src 'none'; ` +
  `script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'`;
