import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { RoomRef, ShareLink } from '../../contract';
import { isApiError } from '../../lib/api/ApiError';
import { createShareLink } from '../../lib/api/mutations';
import { clockShort } from '../../lib/time';
import { copyText } from '../../lib/clipboard';

type Copied = { link: ShareLink; copied: boolean };

/**
 * Mints a short-lived catch-up link for this room and copies it. Where the clipboard is not
 * available (plain http on another host, permissions) or does not answer, the link is shown,
 * selected, to copy by hand.
 */
export function CopyLinkButton({ room }: { room: RoomRef }) {
  const [result, setResult] = useState<Copied | null>(null);
  const fieldId = useId();
  const mint = useMutation({
    mutationFn: async (): Promise<Copied> => {
      const link = await createShareLink(room.provider, room.callId);
      // The server answers a path or a full URL; the clipboard gets a full one either way.
      const absolute = new URL(link.url, window.location.origin).toString();
      return { link: { ...link, url: absolute }, copied: await copyText(absolute) };
    },
    onSuccess: setResult,
  });

  return (
    <div className="share">
      <button type="button" onClick={() => mint.mutate()} disabled={mint.isPending}>
        {mint.isPending ? 'Making link…' : 'Copy catch-up link'}
      </button>
      <span role="status" className="share-status">
        {result?.copied && `Copied, valid until ${clockShort(result.link.expiresAt)}`}
        {mint.isError && (isApiError(mint.error) && mint.error.status === 403 ? 'Only moderators can make links.' : 'Could not make a link; try again.')}
      </span>
      {result && !result.copied && (
        <div className="share-fallback">
          <label htmlFor={fieldId}>Copy this link (valid until {clockShort(result.link.expiresAt)}):</label>
          <input id={fieldId} readOnly value={result.link.url} onFocus={(event) => event.currentTarget.select()} />
        </div>
      )}
    </div>
  );
}
