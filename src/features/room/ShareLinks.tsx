import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActiveShareLink, RoomRef } from '../../contract';
import { revokeShareLink, shareLinksQuery } from '../../lib/api/shareLinks';
import { ago, clockShort } from '../../lib/time';
import { useNow } from '../../lib/useNow';

function expiresIn(at: string, now: number): string {
  const minutes = Math.max(0, Math.round((Date.parse(at) - now) / 60_000));
  return minutes < 90 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

function LinkRow({ link, now }: { link: ActiveShareLink; now: number }) {
  const client = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => revokeShareLink(link.id),
    onSettled: () => client.invalidateQueries({ queryKey: ['share-links'] }),
  });
  return (
    <li className="share-link-row">
      <span>
        By <strong>{link.mintedBy}</strong>, {ago(link.createdAt, now)}; expires at <time dateTime={link.expiresAt}>{clockShort(link.expiresAt)}</time> (in{' '}
        {expiresIn(link.expiresAt, now)})
      </span>
      <button type="button" onClick={() => revoke.mutate()} disabled={revoke.isPending} aria-label={`Revoke the link made by ${link.mintedBy} ${ago(link.createdAt, now)}`}>
        {revoke.isPending ? 'Revoking…' : 'Revoke'}
      </button>
      {revoke.isError && (
        <span className="form-problem" role="alert">
          Could not revoke the link; try again.
        </span>
      )}
    </li>
  );
}

/**
 * The room's share links still in force, each with a revoke button: a revoked link and any
 * session opened with it stop working at the next request. Moderators only.
 */
export function ShareLinks({ room }: { room: RoomRef }) {
  const query = useQuery({
    ...shareLinksQuery(),
    select: (links: ActiveShareLink[]) => links.filter((link) => link.provider === room.provider && link.callId === room.callId),
  });
  const now = useNow(30_000);
  if (!query.data || query.data.length === 0) return null;
  return (
    <section className="panel share-links" aria-labelledby="share-links-title">
      <h2 id="share-links-title">Catch-up links in use ({query.data.length})</h2>
      <ul className="share-link-list">
        {query.data.map((link) => (
          <LinkRow key={link.id} link={link} now={now} />
        ))}
      </ul>
    </section>
  );
}
