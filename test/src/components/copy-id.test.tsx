import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CopyId } from '../../../src/components/CopyId';

const ID = 'cometchat-call-0123456789abcdef0123456789abcdef';
const original = Object.getOwnPropertyDescriptor(navigator, 'clipboard');

/** The browser's clipboard as each case needs it: answering, refusing, silent, or absent. */
function clipboard(writeText: ((text: string) => Promise<void>) | undefined): string[] {
  const written: string[] = [];
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: writeText && {
      writeText: (text: string) => {
        written.push(text);
        return writeText(text);
      },
    },
  });
  return written;
}

afterEach(() => {
  if (original) Object.defineProperty(navigator, 'clipboard', original);
  else Reflect.deleteProperty(navigator, 'clipboard');
});

describe('copying a long id', () => {
  it('copies the whole id and says so', async () => {
    const written = clipboard(() => Promise.resolve());
    render(<CopyId id={ID} />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy call id' }));
    expect(await screen.findByText('Id copied')).toBeInTheDocument();
    expect(written).toEqual([ID]);
    expect(screen.queryByLabelText('Call id')).not.toBeInTheDocument();
  });

  it.each([
    ['refuses', () => Promise.reject(new Error('denied'))],
    ['never answers (a pending permission prompt)', () => new Promise<void>(() => undefined)],
    [
      'throws instead of refusing (an unfocused document)',
      () => {
        throw new DOMException('Document is not focused.', 'NotAllowedError');
      },
    ],
  ])('offers the id in a field, whole and selected, when the clipboard %s', async (_what, writeText) => {
    clipboard(writeText);
    render(<CopyId id={ID} />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy call id' }));
    const field = await screen.findByLabelText('Call id');
    expect(field).toHaveValue(ID);
    expect(field).toHaveFocus();
    expect(screen.queryByText('Id copied')).not.toBeInTheDocument();
  });

  it('offers the field at once where there is no clipboard (plain http on another host)', async () => {
    clipboard(undefined);
    render(<CopyId id={ID} what="room id" />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy room id' }));
    expect(await screen.findByLabelText('Room id')).toHaveValue(ID);
  });
});
