/**
 * Splits a markdown summary into top-level blocks at blank lines, keeping fenced code blocks
 * whole, so each block can be marked "new" on its own. Summaries grow by appending paragraphs,
 * which is exactly what this sees.
 */
export function splitBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let inFence = false;
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence && line.trim() === '') {
      if (current.length > 0) blocks.push(current.join('\n'));
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length > 0) blocks.push(current.join('\n'));
  return blocks;
}

/** Stable keys for blocks: the text plus which repeat it is, so an append never re-keys old blocks. */
export function keyedBlocks(blocks: readonly string[]): { key: string; text: string }[] {
  const seen = new Map<string, number>();
  return blocks.map((text) => {
    const n = seen.get(text) ?? 0;
    seen.set(text, n + 1);
    return { key: `${n}:${text}`, text };
  });
}
