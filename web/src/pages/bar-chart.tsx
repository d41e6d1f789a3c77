// A plain SVG bar chart (horizontal bars, labelled), readable without colour and by screen readers.
export function BarChart(props: { data: [string, number][] }) {
  const max = Math.max(1, ...props.data.map(([, v]) => v));
  const rowH = 22;
  const labelW = 190;
  const barW = 300;
  const h = props.data.length * rowH + 4;
  return (
    <svg
      role="img"
      aria-label={props.data.map(([k, v]) => `${k}: ${v}`).join(', ')}
      width={labelW + barW + 60}
      height={h}
      className="chart"
      data-testid="report-chart"
    >
      {props.data.map(([k, v], i) => (
        <g key={k} transform={`translate(0, ${i * rowH + 2})`}>
          <text x={labelW - 6} y={rowH / 2 + 4} textAnchor="end" className="chart-label">
            {k}
          </text>
          <rect x={labelW} y={3} width={(v / max) * barW} height={rowH - 6} className="chart-bar" />
          <text x={labelW + (v / max) * barW + 4} y={rowH / 2 + 4} className="chart-value">
            {v}
          </text>
        </g>
      ))}
    </svg>
  );
}
