/**
 * JSON with every object's keys sorted, so that the same facts always give
 * the same bytes (reports are diffed in CI).
 */

const sortKeys = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .filter((k) => o[k] !== undefined)
        .map((k) => [k, sortKeys(o[k])]),
    );
  }
  return v;
};

/** `value` as JSON with sorted keys, two-space indented, ending in a newline. */
export const stableJson = (value: unknown): string => JSON.stringify(sortKeys(value), null, 2) + '\n';
