import { useCallback, useEffect, useRef, useState } from 'react';
import type { Alert } from '../contract';
import { alertLine } from '../lib/alertText';

const MARK = '⚠ ';

function permission(): NotificationPermission | 'unsupported' {
  return typeof window !== 'undefined' && 'Notification' in window ? Notification.permission : 'unsupported';
}

/** Keeps `⚠ ` at the front of the tab title while `active`, whatever else sets the title meanwhile. */
function useTitleMark(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const mark = () => {
      if (!document.title.startsWith(MARK)) document.title = `${MARK}${document.title}`;
    };
    mark();
    const title = document.querySelector('title');
    const observer = title ? new MutationObserver(mark) : undefined;
    if (title) observer?.observe(title, { childList: true, characterData: true, subtree: true });
    return () => {
      observer?.disconnect();
      if (document.title.startsWith(MARK)) document.title = document.title.slice(MARK.length);
    };
  }, [active]);
}

/**
 * The signals of open alerts beyond the banner: the tab title, a polite announcement of new ones,
 * and browser notifications once the user allows them (asked only from a button, a user gesture).
 * Alerts already open when the page loads are not notified again.
 */
export function useOpenAlertsSignals(loaded: readonly Alert[] | undefined) {
  const [allowed, setAllowed] = useState(permission);
  const [announcement, setAnnouncement] = useState('');
  const seen = useRef<Set<string> | null>(null);
  useTitleMark((loaded?.length ?? 0) > 0);

  useEffect(() => {
    // Nothing read yet: what the first answer holds is not news.
    if (loaded === undefined) return;
    const open = loaded;
    const ids = new Set(open.map((a) => a.id));
    const known = seen.current;
    seen.current = new Set([...(known ?? []), ...ids]);
    if (known === null || open.length === 0) return;
    const fresh = open.filter((a) => !known.has(a.id));
    if (fresh.length === 0) return;
    setAnnouncement(`New alert: ${fresh.map(alertLine).join('; ')}`);
    if (allowed === 'granted') {
      for (const alert of fresh) new Notification('roomwatch alert', { body: alertLine(alert), tag: alert.id });
    }
  }, [loaded, allowed]);

  const ask = useCallback(() => {
    void Notification.requestPermission().then(setAllowed);
  }, []);

  return { announcement, canAsk: allowed === 'default', ask };
}
