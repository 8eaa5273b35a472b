/** How figures are written in the report, the progress lines and the chart. */

export function fmtValue(value: number | null): string {
  if (value === null) return '–';
  if (value >= 100) return String(Math.round(value));
  return String(Math.round(value * 10) / 10);
}

export function fmtRatio(ratio: number | null): string {
  return ratio === null ? '–' : `${ratio.toFixed(2)}×`;
}

export function fmtMs(ms: number): string {
  return ms >= 10 ? ms.toFixed(0) : ms.toFixed(1);
}

export function fmtUs(us: number | null): string {
  return us === null ? '–' : `${Math.round(us)} µs`;
}
