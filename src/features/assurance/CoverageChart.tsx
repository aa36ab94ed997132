import type { AssuranceDay } from '../../contract/assurance';
import { percent } from '../../lib/assuranceText';

/**
 * Coverage per day as plain SVG bars (no chart library, like the report's chart). The drawing is
 * for sighted readers and hidden from screen readers; the table after it holds the same figures.
 */
export function CoverageChart({ days }: { days: AssuranceDay[] }) {
  if (days.length === 0) return <p className="muted">No governed calls in this period.</p>;
  const width = 100 / days.length;
  return (
    <figure className="chart coverage-chart" aria-labelledby="coverage-caption">
      <figcaption id="coverage-caption">
        Share of occupied time that was recorded, per day (UTC), governed calls only. <a href="#coverage-table">The table below</a> has
        the same in numbers.
      </figcaption>
      <svg className="coverage-svg" width="100%" height="120" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
        <line className="chart-grid" x1="0" x2="100" y1="0" y2="0" />
        <line className="chart-grid" x1="0" x2="100" y1="50" y2="50" />
        {days.map((day, i) => {
          const value = day.coverage ?? 0;
          return (
            <rect
              key={day.date}
              className={day.violations > 0 ? 'coverage-bar coverage-bar-violation' : 'coverage-bar'}
              x={i * width + width * 0.1}
              width={width * 0.8}
              y={100 - value * 100}
              height={Math.max(value * 100, 0.5)}
            >
              <title>{`${day.date}: ${percent(day.coverage)}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="table-wrap" id="coverage-table" tabIndex={0} role="group" aria-labelledby="coverage-caption">
      <table className="dense coverage-table">
        <caption className="visually-hidden">Coverage per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Governed calls</th>
            <th scope="col">Coverage</th>
            <th scope="col">With violation</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.date}>
              <th scope="row">{day.date}</th>
              <td>{day.calls}</td>
              <td>{percent(day.coverage)}</td>
              <td>{day.violations}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
