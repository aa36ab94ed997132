import type { CallReport, RoomRef } from '../../contract';
import { reportCsvUrl } from '../../lib/rooms';

/** The same name the server gives the CSV attachment, so the two files sit together. */
function fileBase(room: RoomRef): string {
  return `roomwatch-${room.provider}-${room.callId.replace(/[:@~]/g, '_')}`;
}

/** Saves the report as the page shows it (already checked against the contract) as a JSON file. */
function saveJson(report: CallReport, room: RoomRef): void {
  const blob = new Blob([`${JSON.stringify(report, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${fileBase(room)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has handed the blob to the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** CSV comes from the BFF (one row per presence interval); JSON is the report the page already holds. */
export function ExportButtons({ report, room }: { report: CallReport; room: RoomRef }) {
  return (
    <div className="exports">
      <a className="button" href={reportCsvUrl(room)} download={`${fileBase(room)}.csv`}>
        Export CSV
      </a>
      <button type="button" onClick={() => saveJson(report, room)}>
        Export JSON
      </button>
    </div>
  );
}
