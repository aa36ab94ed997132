import type { ReactNode } from 'react';
import { LongId } from '../../components/LongId';
import type { CallReport, Interval } from '../../contract';
import { clock, duration } from '../../lib/time';
import { useElementWidth } from '../../lib/useElementWidth';
import { place, ticks, type Span } from './timeScale';

const HATCH_ID = 'rw-gap-hatch';

function spanTitle(interval: Interval, what: string): string {
  const to = interval.to === null ? 'now' : clock(interval.to);
  const seconds = ((interval.to === null ? Date.now() : Date.parse(interval.to)) - Date.parse(interval.from)) / 1000;
  return `${what} ${clock(interval.from)}–${to} (${duration(seconds)})`;
}

/** Rectangles for intervals, placed in percent so the lane stretches with its column. */
function Bars({ intervals, span, className, y, height, what }: { intervals: Interval[]; span: Span; className: string; y: string; height: string; what: string }) {
  return intervals.map((interval) => {
    const { x, width } = place(interval, span);
    return (
      <rect key={`${className}-${interval.from}`} className={className} x={`${x}%`} width={`${Math.max(width, 0.2)}%`} y={y} height={height}>
        <title>{spanTitle(interval, what)}</title>
      </rect>
    );
  });
}

/** Time before roomwatch began watching (from the vendor's start): not seen, so hatched like a gap. */
export function beforeWatching(report: CallReport): Interval[] {
  const { startedAt, watchedSince } = report.call;
  return startedAt !== null && Date.parse(startedAt) < Date.parse(watchedSince) ? [{ from: startedAt, to: watchedSince }] : [];
}

/** What the assurance figures add to the picture: violations and unverified time. */
export interface AssuranceShading {
  violations: Interval[];
  unverified: Interval[];
}

function Lane({ children, report, span, grid }: { children: ReactNode; report: CallReport; span: Span; grid: number[] }) {
  return (
    <svg className="chart-lane" width="100%" height="28" role="presentation">
      {grid.map((x) => (
        <line key={x} className="chart-grid" x1={`${x}%`} x2={`${x}%`} y1="0" y2="100%" />
      ))}
      <Bars intervals={report.gaps} span={span} className="chart-gap" y="0" height="100%" what="roomwatch could not see the room" />
      <Bars intervals={beforeWatching(report)} span={span} className="chart-gap" y="0" height="100%" what="Before roomwatch began watching" />
      {children}
    </svg>
  );
}

/**
 * One row per participant with their presence, over background bands for recording (upper half
 * of each row) and transcription (lower half), gaps hatched: plain SVG, no chart library (see
 * docs/dashboard.md). The picture is for sighted readers; the table after it holds the same facts.
 */
export function PresenceChart({ report, span, shading }: { report: CallReport; span: Span; shading?: AssuranceShading | undefined }) {
  const [axisRef, axisWidth] = useElementWidth<HTMLDivElement>(640);
  const marks = ticks(span, axisWidth);
  const grid = marks.map((mark) => mark.x);
  const count = report.participants.length;

  return (
    <figure className="chart" aria-labelledby="chart-caption">
      <svg width="0" height="0" className="chart-defs" aria-hidden="true">
        <defs>
          <pattern id={HATCH_ID} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" className="chart-hatch-bg" />
            <line x1="0" y1="0" x2="0" y2="6" className="chart-hatch-line" />
          </pattern>
        </defs>
      </svg>
      <figcaption id="chart-caption">
        Who was present when, against recording and transcription. <a href="#presence-table">The table below</a> has the same in
        numbers.
      </figcaption>
      {/* The table is the accessible version; the drawing itself is hidden from screen readers. */}
      <div className="chart-rows" aria-hidden="true">
        <div className="chart-row chart-row-flag">
          <span className="chart-label">Recording</span>
          <Lane report={report} span={span} grid={grid}>
            <Bars intervals={report.recording} span={span} className="chart-rec" y="15%" height="70%" what="Recording" />
            {shading && <Bars intervals={shading.unverified} span={span} className="chart-gap chart-unverified" y="0" height="100%" what="Unverified" />}
            {shading && <Bars intervals={shading.violations} span={span} className="chart-violation" y="0" height="100%" what="Violation" />}
          </Lane>
        </div>
        <div className="chart-row chart-row-flag">
          <span className="chart-label">Transcription</span>
          <Lane report={report} span={span} grid={grid}>
            <Bars intervals={report.transcription} span={span} className="chart-tx" y="15%" height="70%" what="Transcription" />
          </Lane>
        </div>
        {report.participants.map((participant) => (
          <div className="chart-row" key={participant.participantId} data-testid="chart-participant">
            <span className="chart-label" title={participant.participantId}>
              <LongId id={participant.name ?? participant.participantId} />
            </span>
            <Lane report={report} span={span} grid={grid}>
              <Bars intervals={report.recording} span={span} className="chart-rec-band" y="0" height="50%" what="Recording" />
              <Bars intervals={report.transcription} span={span} className="chart-tx-band" y="50%" height="50%" what="Transcription" />
              <Bars intervals={participant.intervals} span={span} className="chart-present" y="28%" height="44%" what="Present" />
            </Lane>
          </div>
        ))}
        <div className="chart-row chart-axis-row">
          <span className="chart-label" />
          <div ref={axisRef} className="chart-axis-box">
            <svg className="chart-axis" width="100%" height="22">
              {marks.map((mark, i) => (
                <g key={mark.at}>
                  <line className="chart-tick" x1={`${mark.x}%`} x2={`${mark.x}%`} y1="0" y2="5" />
                  <text
                    className="chart-tick-label"
                    x={`${mark.x}%`}
                    y="17"
                    textAnchor={i === 0 && mark.x < 4 ? 'start' : i === marks.length - 1 && mark.x > 96 ? 'end' : 'middle'}
                  >
                    {mark.label}
                  </text>
                </g>
              ))}
            </svg>
          </div>
        </div>
      </div>
      {count === 0 && <p className="muted">No participants were seen in this call (or this vendor does not report them).</p>}
      <ul className="chart-legend" aria-hidden="true">
        <li>
          <span className="swatch swatch-present" /> present
        </li>
        <li>
          <span className="swatch swatch-rec" /> recording (upper shade)
        </li>
        <li>
          <span className="swatch swatch-tx" /> transcription (lower shade)
        </li>
        <li>
          <span className="swatch swatch-gap" /> roomwatch could not see the room (or had not begun watching)
        </li>
        {shading && shading.violations.length > 0 && (
          <li>
            <span className="swatch swatch-violation" /> violation of the recording policy
          </li>
        )}
      </ul>
    </figure>
  );
}
