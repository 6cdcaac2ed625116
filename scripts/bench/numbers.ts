// The numbers of a run: statistics (one run on a shared, noisy machine, so the parts report medians) and
// how sizes are printed.

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

export const round = (x: number, digits = 0) => Number(x.toFixed(digits));

/** Least squares line through (x, y): the projection to a larger archive. */
export function fitLine(points: [number, number][]) {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const slope = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return (x: number) => my + slope * (x - mx);
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
