import type { CallReport, Interval } from '../../contract';
import { clock, clockShort } from '../../lib/time';

/** The stretch of time the chart shows, in epoch milliseconds. */
export interface Span {
  start: number;
  end: number;
}

const MINUTE = 60_000;

/**
 * From the call's start (or the first thing the report knows) to its end; for a live call, to
 * `now`, which is also where open intervals (`to` null) stop.
 */
export function reportSpan(report: CallReport, now: number): Span {
  const { call } = report;
  const intervals: Interval[] = [...report.participants.flatMap((p) => p.intervals), ...report.recording, ...report.transcription, ...report.gaps];
  const starts = [call.startedAt, call.watchedSince, ...intervals.map((i) => i.from)].filter((t): t is string => t !== null).map(Date.parse);
  const start = Math.min(...starts);
  const live = call.state !== 'ended';
  const ends = live
    ? [now]
    : [call.endedAt, call.lastObservedAt, ...intervals.map((i) => i.to)].filter((t): t is string => t !== null).map(Date.parse);
  const end = Math.max(start, ...ends);
  // A call seen for an instant still gets a readable axis.
  return { start, end: end - start < MINUTE ? start + MINUTE : end };
}

/** Where an interval lies on the span, as percentages of the width; open ones end at the span's end. */
export function place(interval: Interval, span: Span): { x: number; width: number } {
  const from = Math.max(span.start, Date.parse(interval.from));
  const to = Math.min(span.end, interval.to === null ? span.end : Date.parse(interval.to));
  const total = span.end - span.start;
  return { x: ((from - span.start) / total) * 100, width: (Math.max(0, to - from) / total) * 100 };
}

const STEPS_SEC = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** Tick marks on whole local times ("14:05", "14:10"), as many as fit at about one per 64 px. */
export function ticks(span: Span, widthPx: number): { at: number; x: number; label: string }[] {
  const most = Math.max(2, Math.floor(widthPx / 64));
  const totalSec = (span.end - span.start) / 1000;
  // Both ends may land on a tick, so a step fits when floor(total / step) + 1 ticks fit.
  const stepSec = STEPS_SEC.find((step) => Math.floor(totalSec / step) + 1 <= most) ?? STEPS_SEC[STEPS_SEC.length - 1] ?? 86400;
  const stepMs = stepSec * 1000;
  // Aligned to local wall-clock time, so an hourly tick lands on :00 in any time zone.
  const offset = -new Date(span.start).getTimezoneOffset() * MINUTE;
  const first = Math.ceil((span.start + offset) / stepMs) * stepMs - offset;
  const result: { at: number; x: number; label: string }[] = [];
  for (let at = first; at <= span.end; at += stepMs) {
    result.push({ at, x: ((at - span.start) / (span.end - span.start)) * 100, label: stepSec < 60 ? clock(at) : clockShort(at) });
  }
  return result;
}
