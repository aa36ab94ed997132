/** Wall-clock time of day, 24 h, local: what people read off a timeline ("14:03:12"). */
export function clock(at: Date | string | number): string {
  const date = at instanceof Date ? at : new Date(at);
  return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

export function clockShort(at: Date | string | number): string {
  const date = at instanceof Date ? at : new Date(at);
  return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false });
}

/** "just now", "12 s ago", "3 min ago", "2 h ago". Future times (clock skew) read as "just now". */
export function ago(from: Date | string | number, now: number): string {
  const then = from instanceof Date ? from.getTime() : new Date(from).getTime();
  const seconds = Math.floor((now - then) / 1000);
  if (seconds < 1) return 'just now';
  if (seconds < 90) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min ago`;
  return `${Math.round(minutes / 60)} h ago`;
}

/** A time of day, with the date in front when it is not today: "14:03:12" or "21 Nov 14:03:12". */
export function when(at: Date | string | number, now: number = Date.now()): string {
  const date = at instanceof Date ? at : new Date(at);
  if (date.toDateString() === new Date(now).toDateString()) return clock(date);
  return `${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${clock(date)}`;
}

/** A length of time people read at a glance: "12 s", "4 min 05 s", "1 h 02 min". */
export function duration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${String(total % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
