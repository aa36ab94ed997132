import type { ComponentPropsWithoutRef } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';

/** Links open in a new tab without giving the opened page a handle on this one. */
function SafeLink({ children, href, title }: ComponentPropsWithoutRef<'a'>) {
  return (
    <a href={href} title={title} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

const components: Components = { a: SafeLink };

/**
 * Vendor-written markdown, rendered as React elements only. No rehype-raw: raw HTML in the
 * text is dropped, never parsed. Images are left out too (tracking pixels, and the CSP would
 * block foreign ones anyway); react-markdown's default URL filter drops `javascript:` links.
 */
export default function Markdown({ text }: { text: string }) {
  return (
    <ReactMarkdown components={components} skipHtml disallowedElements={['img']} unwrapDisallowed>
      {text}
    </ReactMarkdown>
  );
}
