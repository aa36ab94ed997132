import { useCallback, useState } from 'react';

/**
 * The rendered width of an element, following resizes: a callback ref plus a ResizeObserver.
 * Answers `fallback` until measured (and where ResizeObserver does not exist, as in jsdom).
 */
export function useElementWidth<T extends Element>(fallback: number): [(element: T | null) => void, number] {
  const [width, setWidth] = useState(fallback);
  const ref = useCallback((element: T | null) => {
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry && entry.contentRect.width > 0) setWidth(entry.contentRect.width);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
