// A snapshot row is a JSON array in a fixed field order (keys would double the size of the
// biggest lists). Each kind of row is described once, here as a list of cell types, and both the
// writer and the check on load use that description.

export type Cell = 'string' | 'number' | 'number?' | 'bit';
export type RowSpec = readonly Cell[];

type CellValue<C extends Cell> = C extends 'string' ? string : C extends 'number' ? number : C extends 'number?' ? number | null : 0 | 1;
/** The tuple type a spec describes. */
export type RowOf<S extends RowSpec> = { -readonly [I in keyof S]: CellValue<S[I]> };

function fits(value: unknown, cell: Cell): boolean {
  switch (cell) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'number?':
      return value === null || (typeof value === 'number' && Number.isFinite(value));
    case 'bit':
      return value === 0 || value === 1;
  }
}

export function isRow(value: unknown, spec: RowSpec): value is unknown[] {
  return Array.isArray(value) && value.length === spec.length && spec.every((cell, i) => fits(value[i], cell));
}

export function areRows(value: unknown, spec: RowSpec): value is unknown[][] {
  return Array.isArray(value) && value.every((row) => isRow(row, spec));
}

/** The well-formed rows of a list, for data where a bad row is skipped rather than fatal. */
export function rowsOf(value: unknown, spec: RowSpec): unknown[][] {
  return Array.isArray(value) ? value.filter((row): row is unknown[] => isRow(row, spec)) : [];
}
