import type { CaseResult } from './bench-case.js';

const COLORS = ['#d6336c', '#1c7ed6', '#37b24d', '#f59f00', '#7048e8'];
const W = 640;
const BASE_H = 400;
const PAD = { left: 70, right: 20, top: 40, bottom: 90 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const decades = (lo: number, hi: number) => {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
};

/** A log-log chart of median wall time against size, one line per competitor: growth is a slope at a glance. */
export function timeChartSvg(result: CaseResult): string {
  // the plot keeps its height; the legend (two entries per row) adds rows below it
  const bottom = PAD.bottom + Math.max(0, Math.ceil(result.bench.competitors.length / 2) - 2) * 16;
  const H = BASE_H - bottom + bottom;
  const series = result.bench.competitors.map((c, i) => ({
    name: c.name,
    color: COLORS[i % COLORS.length],
    points: result.sizes.flatMap((s) => {
      const v = s.competitors.find((x) => x.name === c.name)?.medianMs;
      return v === undefined ? [] : [{ x: s.size, y: v }];
    }),
  }));
  const xs = result.sizes.map((s) => s.size);
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const [xlo, xhi] = [Math.min(...xs), Math.max(...xs)];
  const [ylo, yhi] = [10 ** Math.floor(Math.log10(Math.min(...ys))), 10 ** Math.ceil(Math.log10(Math.max(...ys)))];
  const px = (x: number) => PAD.left + ((Math.log10(x) - Math.log10(xlo)) / (Math.log10(xhi) - Math.log10(xlo) || 1)) * (W - PAD.left - PAD.right);
  const py = (y: number) => H - bottom - ((Math.log10(y) - Math.log10(ylo)) / (Math.log10(yhi) - Math.log10(ylo) || 1)) * (H - PAD.top - PAD.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${esc(result.bench.title.replace(/`/g, ''))}: median wall time (log-log)</text>`,
  ];
  for (const y of decades(ylo, yhi).filter((v) => v >= ylo && v <= yhi)) {
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${py(y)}" y2="${py(y)}" stroke="#eee"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${py(y) + 4}" text-anchor="end">${y >= 1000 ? `${y / 1000} s` : `${y} ms`}</text>`);
  }
  for (const x of xs) {
    parts.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${PAD.top}" y2="${H - bottom}" stroke="#eee"/>`);
    parts.push(`<text x="${px(x)}" y="${H - bottom + 16}" text-anchor="middle">${x}</text>`);
  }
  parts.push(`<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - bottom + 34}" text-anchor="middle">${esc(result.bench.unit)}</text>`);
  parts.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${W - PAD.left - PAD.right}" height="${H - PAD.top - PAD.bottom}" fill="none" stroke="#999"/>`);
  series.forEach((s, i) => {
    if (s.points.length) {
      parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${s.points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}"/>`);
      for (const p of s.points) parts.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3.5" fill="${s.color}"><title>${esc(s.name)}: ${Math.round(p.y)} ms at ${p.x}</title></circle>`);
    }
    const ly = H - bottom + 54 + Math.floor(i / 2) * 16;
    const lx = PAD.left + (i % 2) * 280;
    parts.push(`<line x1="${lx}" x2="${lx + 20}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"/><text x="${lx + 26}" y="${ly}">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
