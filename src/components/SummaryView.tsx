import { lazy, Suspense, useState } from 'react';
import { keyedBlocks, splitBlocks } from '../lib/markdownBlocks';

// The markdown renderer is the biggest piece of the bundle and only these views need it.
const Markdown = lazy(() => import('./Markdown'));

/**
 * The catch-up summary, block by block. Blocks that were not there when this view first showed
 * the summary are marked "new" (a label and a bar, not colour alone). Keys are stable, so an
 * update appends in place and the reader's scroll position stays where it was.
 */
export function SummaryView({ text }: { text: string }) {
  const [initial] = useState(() => new Set(keyedBlocks(splitBlocks(text)).map((block) => block.key)));
  const blocks = keyedBlocks(splitBlocks(text));
  return (
    <div className="summary">
      {blocks.map((block) => {
        const isNew = !initial.has(block.key);
        return (
          <section key={block.key} className={isNew ? 'summary-block summary-new' : 'summary-block'} data-new={isNew || undefined}>
            {isNew && <span className="new-label">New since you opened</span>}
            <Suspense fallback={<p className="muted">{block.text}</p>}>
              <Markdown text={block.text} />
            </Suspense>
          </section>
        );
      })}
    </div>
  );
}
