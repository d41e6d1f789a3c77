// The lists inside a report (per operator, per day, by status...) as plain tables: one column per
// field; a nested list (an operator's weeks) is written out in its cell.
type Row = Record<string, unknown>;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  if (Array.isArray(v))
    return v
      .map((x) =>
        x && typeof x === 'object'
          ? Object.values(x as Row)
              .map((y) => cell(y))
              .join(' ')
          : cell(x),
      )
      .join('; ');
  if (typeof v === 'object')
    return Object.entries(v as Row)
      .map(([k, y]) => `${k} ${cell(y)}`)
      .join(', ');
  return String(v);
}

/** Top-level arrays of objects in `figures`, by their key. */
export function listsOf(figures: Record<string, unknown> | undefined): [string, Row[]][] {
  return Object.entries(figures ?? {}).filter(
    (e): e is [string, Row[]] =>
      Array.isArray(e[1]) && e[1].length > 0 && e[1].every((x) => x !== null && typeof x === 'object'),
  );
}

export function ReportLists(props: { figures: Record<string, unknown> | undefined }) {
  return (
    <>
      {listsOf(props.figures).map(([name, rows]) => {
        const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
        return (
          <section key={name} aria-labelledby={`list-${name}`} className="panel wide">
            <h2 id={`list-${name}`}>{name}</h2>
            <table data-testid={`report-list-${name}`}>
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: report rows are shown as given
                  <tr key={i}>
                    {columns.map((c) => (
                      <td key={c}>{cell(r[c])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </>
  );
}
