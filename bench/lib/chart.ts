/**
 * The README's chart: one horizontal bar per client and scenario, its throughput as a ratio to
 * native `https` in the same run, with a line at 1×. Plain SVG written by hand (no dependency),
 * readable on GitHub's light and dark themes (own white background).
 */
import type { ClientId } from './types.js';
import { fmtRatio, fmtValue, type ScenarioSummary } from './report.js';

const COLORS: Record<ClientId, string> = {
  'tls-requests': '#d9480f',
  'node-https': '#495057',
  'node-http2': '#868e96',
  undici: '#1c7ed6',
  impit: '#2f9e44',
  'wreq-js': '#c2255c',
  cycletls: '#7048e8',
  'got-scraping': '#e8a400',
};

export function ratioChart(summaries: readonly ScenarioSummary[], subtitle: string): string {
  const width = 980;
  const left = 250;
  const right = 150;
  const plot = width - left - right;
  const bar = 14;
  const gap = 4;
  const groupGap = 16;
  const header = 22;
  const top = 64;

  // Throughput only: cold start (ms) and idle memory (MB) are lower-is-better and have their own tables.
  const shown = summaries.filter((x) => x.unit === 'req/s' || x.unit === 'MB/s');
  const ratios = shown.flatMap((s) => s.rows.flatMap((r) => (r.ratio === null ? [] : [r.ratio])));
  // Up to 4×: a larger ratio (a peer far ahead on a busy machine) is drawn clipped, with ▸.
  const maxRatio = Math.min(4, Math.max(2.5, Math.ceil(Math.max(0, ...ratios) * 2) / 2));
  const x = (ratio: number): number => left + (Math.min(ratio, maxRatio) / maxRatio) * plot;

  const parts: string[] = [];
  let y = top;
  for (const s of shown) {
    const rows = s.rows.filter((r) => !r.unsupported);
    if (rows.length === 0) continue;
    parts.push(`<text x="10" y="${y + 14}" class="group">${esc(`${s.id} — ${s.title}`)}</text>`);
    y += header;
    for (const r of rows) {
      const cy = y + bar / 2 + 4;
      parts.push(`<text x="${left - 8}" y="${cy}" class="label" text-anchor="end">${esc(r.client)}</text>`);
      if (r.ratio === null) {
        const why = r.value === null ? 'no result' : 'no baseline';
        parts.push(`<text x="${left + 4}" y="${cy}" class="value">✗ ${why}</text>`);
      } else {
        const end = x(r.ratio);
        const color = COLORS[r.client];
        const bold = r.client === 'tls-requests' ? ' stroke="#000" stroke-width="1"' : '';
        parts.push(`<rect x="${left}" y="${y}" width="${Math.max(1, end - left).toFixed(1)}" height="${bar}" fill="${color}"${bold}/>`);
        const failures = r.failed + r.lost > 0 ? ` ⚠ ${r.failed + r.lost} failed` : '';
        const clipped = r.ratio > maxRatio ? ' ▸' : '';
        parts.push(`<text x="${(end + 6).toFixed(1)}" y="${cy}" class="value">${esc(`${fmtRatio(r.ratio)}${clipped}  ${fmtValue(r.value)} ${s.unit}${failures}`)}</text>`);
      }
      y += bar + gap;
    }
    y += groupGap;
  }
  const bottom = y;
  const height = bottom + 36;

  const grid: string[] = [];
  for (let tick = 0; tick <= maxRatio + 1e-9; tick += 0.5) {
    const gx = x(tick).toFixed(1);
    grid.push(`<line x1="${gx}" y1="${top - 6}" x2="${gx}" y2="${bottom}" class="${tick === 1 ? 'one' : 'grid'}"/>`);
    grid.push(`<text x="${gx}" y="${bottom + 16}" class="tick" text-anchor="middle">${tick}×</text>`);
  }

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif">
<style>
  .title { font-size: 16px; font-weight: 600; fill: #212529; }
  .subtitle { font-size: 12px; fill: #495057; }
  .group { font-size: 12.5px; font-weight: 600; fill: #212529; }
  .label { font-size: 12px; fill: #343a40; }
  .value { font-size: 11.5px; fill: #343a40; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
  .tick { font-size: 11px; fill: #495057; }
  .grid { stroke: #dee2e6; stroke-width: 1; }
  .one { stroke: #212529; stroke-width: 1.5; stroke-dasharray: 4 3; }
</style>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="10" y="24" class="title">Throughput relative to Node's native https (same run, higher is better)</text>
<text x="10" y="44" class="subtitle">${esc(subtitle)}</text>
${grid.join('\n')}
${parts.join('\n')}
</svg>
`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
