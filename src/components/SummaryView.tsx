import { lazy, Suspense, useState } from 'react';
import { keyedBlocks, splitBlocks } from '../lib/markdownBlocks';

// The markdown renderer is the biggest piece of the bundle and only the room and catch-up pages
// need it: it stays out of `/`. Loading starts as soon as this module is evaluated (with those
// pages' chunk), not at first render, so the summary does not wait on a second round trip.
const markdownModule = import('./Markdown');
const Markdown = lazy(() => markdownModule);

/**
 * The catch-up summary, block by block. Blocks that were not there when this view first showed
 * the summary are marked "new" (a label and a bar, not colour alone). Keys are stable, so an
 * update appends in place and the reader's scroll position stays where it was.
 */
export function SummaryView({ text }: { text: string }) {
  const [initial] = useState(() => new Set(keyedBlocks(splitBlocks(text)).map((block) => block.key)));
  const blocks = keyedBlocks(splitBlocks(text));
  return (
    <Suspense fallback={<p className="muted">Loading the summary…</p>}>
      <div className="summary">
        {blocks.map((block) => {
          const isNew = !initial.has(block.key);
          return (
            <section key={block.key} className={isNew ? 'summary-block summary-new' : 'summary-block'} data-new={isNew || undefined}>
              {isNew && <span className="new-label">New since you opened</span>}
              <Markdown text={block.text} />
            </section>
          );
        })}
      </div>
    </Suspense>
  );
}
