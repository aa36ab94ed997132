import { useEffect } from 'react';
import type { Flag } from '../../contract';

/** The tab title carries recording state, so it is visible from other tabs: "● REC · standup". */
export function useRecordingTitle(roomName: string, recording: Flag | undefined): void {
  useEffect(() => {
    document.title = recording === 'on' ? `● REC · ${roomName}` : `${roomName} · roomwatch`;
  }, [roomName, recording]);
  useEffect(() => () => void (document.title = 'roomwatch'), []);
}
