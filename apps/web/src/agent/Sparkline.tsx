const W = 240;
const H = 48;
const PAD = 3;

/** A small trend line (inline SVG); with fewer than two samples, a hint instead. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  if (values.length < 2) {
    return <span className="sb-spark sb-spark--empty">The trend appears after a few updates</span>;
  }
  const max = Math.max(1, ...values);
  const step = (W - PAD * 2) / (values.length - 1);
  const points = values.map((v, i) => {
    const x = PAD + i * step;
    const y = H - PAD - (v / max) * (H - PAD * 2);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  const line = points.join(" ");
  const area = `${PAD},${H - PAD} ${line} ${(PAD + (values.length - 1) * step).toFixed(1)},${H - PAD}`;
  const peak = Math.max(...values);
  return (
    <svg
      className="sb-spark"
      viewBox={`0 0 ${W} ${H}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${label}: from ${values[0]} to ${values.at(-1)}, peak ${peak}`}
    >
      <polygon className="sb-spark__area" points={area} />
      <polyline className="sb-spark__line" points={line} vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
