import type { FastifyReply } from 'fastify';

/**
 * The few pages the sign-in routes answer themselves (the browser arrives there by a top-level
 * navigation, so JSON would help nobody). Plain HTML, no script or style: the site's CSP stands.
 */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function page(title: string, paragraphs: string[]): string {
  const body = paragraphs.map((p) => `<p>${p}</p>`).join('\n    ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)} · roomwatch</title>
  </head>
  <body>
  <main>
    <h1>${escapeHtml(title)}</h1>
    ${body}
  </main>
  </body>
</html>
`;
}

function send(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/** 400: the callback did not check out. Says nothing about why (the log has the reason). */
export function signInFailedPage(reply: FastifyReply): FastifyReply {
  return send(
    reply,
    400,
    page('Sign-in failed', [
      'roomwatch could not complete your sign-in. The link may have been used already, or it expired.',
      '<a href="/auth/login">Try again</a>',
    ]),
  );
}

/** 403: the IdP knows the person, but no moderator group lets them in. */
export function noAccessPage(reply: FastifyReply, account: string, contact: string): FastifyReply {
  return send(
    reply,
    403,
    page('No access to roomwatch', [
      `You are signed in at your identity provider as <strong>${escapeHtml(account)}</strong>, but that account is not in a group that may use roomwatch.`,
      `To get access, ask ${escapeHtml(contact)}.`,
    ]),
  );
}

/** 503: discovery or the token exchange cannot reach the IdP. Never a redirect to it. */
export function idpUnreachablePage(reply: FastifyReply, displayName: string): FastifyReply {
  return send(
    reply.header('retry-after', '10'),
    503,
    page('Sign-in is unavailable', [
      `The identity provider (${escapeHtml(displayName)}) cannot be reached right now, so roomwatch cannot sign you in.`,
      'If you were already signed in, your session still works. Try again in a minute: <a href="/auth/login">sign in</a>.',
    ]),
  );
}
