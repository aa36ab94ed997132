/**
 * A polite live region, present from the first render (screen readers ignore regions that
 * appear together with their text). Changing `message` is announced once.
 */
export function LiveAnnouncer({ message }: { message: string }) {
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {message}
    </div>
  );
}
