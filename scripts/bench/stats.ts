export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The exponent k in time ∝ size^k between two points (1 = linear). */
export function growthExponent(a: { size: number; value: number }, b: { size: number; value: number }): number {
  return Math.log(b.value / a.value) / Math.log(b.size / a.size);
}
