// Round axis steps: 1, 2 or 5 times a power of ten of the unit shown (bytes step in KiB, MiB...,
// counts in whole numbers), so a chart reads 0, 200 MiB, 400 MiB, not 0, 187.3 MiB, 374.6 MiB.

const BYTE_UNIT = 1024;

function niceDecimal(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** A step giving at most `ticks` intervals up to `max`; `bytes` steps are round in the binary unit of `max`. */
export function niceStep(max: number, ticks: number, kind: 'bytes' | 'count' | 'decimal'): number {
  if (!(max > 0)) return 1;
  if (kind === 'bytes') {
    let unit = 1;
    while (max / unit >= BYTE_UNIT) unit *= BYTE_UNIT;
    return Math.max(1, niceDecimal(max / unit / ticks) * unit);
  }
  const step = niceDecimal(max / ticks);
  return kind === 'count' ? Math.max(1, Math.round(step)) : step;
}

/** The top of the axis: the first multiple of the step at or above `max`. */
export function niceMax(max: number, step: number): number {
  return Math.max(step, Math.ceil(max / step) * step);
}
