/** Applies a patch to a record: `null` removes a field, `undefined` leaves it. */
export function applyPatch<T extends object>(target: T, patch: { [K in keyof T]?: T[K] | null }): void {
  const record = target as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete record[key];
    else if (value !== undefined) record[key] = value;
  }
}
