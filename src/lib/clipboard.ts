/** A clipboard that has not answered by then (a permission prompt, an unfocused page) counts as no clipboard. */
const CLIPBOARD_WAIT_MS = 1000;

/**
 * Copies `text` when the browser allows it and says whether it did. Never hangs: where the
 * clipboard is missing (plain http on another host), refuses, or does not answer within a
 * second, the answer is false and the caller shows the text to copy by hand.
 */
export async function copyText(text: string, waitMs = CLIPBOARD_WAIT_MS): Promise<boolean> {
  if (!navigator.clipboard?.writeText) return false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const silent = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), waitMs);
  });
  let written: Promise<boolean>;
  try {
    written = navigator.clipboard.writeText(text).then(
      () => true,
      () => false,
    );
  } catch {
    // Some browsers throw rather than reject (an unfocused document): the caller still gets an answer.
    return false;
  }
  try {
    return await Promise.race([written, silent]);
  } finally {
    clearTimeout(timer);
  }
}
