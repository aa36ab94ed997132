import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ConnectionBanners } from '../../components/ConnectionBanners';
import { Freshness } from '../../components/Freshness';
import { QueryProblem, isSessionProblem } from '../../components/QueryProblem';
import { OpenAlertsBanner } from '../../components/OpenAlertsBanner';
import { TopBar } from '../../components/TopBar';
import { providersQuery, roomsQuery } from '../../lib/api/queries';
import { formatRoomRef, type ProviderId, type ProviderInfo, type RoomRef } from '../../contract';
import { AddRoomForm } from './AddRoomForm';
import { RoomCard } from './RoomCard';
import { usePins } from './usePins';

function byId(list: ProviderInfo[]): Map<ProviderId, ProviderInfo> {
  return new Map(list.map((provider) => [provider.id, provider]));
}

/** `/`: a card per live room and per pinned room. */
export function OverviewPage() {
  const rooms = useQuery(roomsQuery());
  const providers = useQuery({ ...providersQuery(), select: byId });
  const { pins, add, remove } = usePins();

  useEffect(() => {
    document.title = 'Rooms · roomwatch';
  }, []);

  // Only answers about the session replace the page; otherwise pinned rooms stay useful while
  // the list is down, under the connection banner.
  if (rooms.isError && isSessionProblem(rooms.error)) {
    return <QueryProblem error={rooms.error} what="room list" />;
  }

  const labelOf = (room: RoomRef) => providers.data?.get(room.provider)?.label ?? room.provider;
  const pinnedRefs = new Set(pins.map(formatRoomRef));
  const live = (rooms.data ?? []).map((r) => ({ provider: r.provider, callId: r.callId }));
  const liveRefs = new Set(live.map(formatRoomRef));
  // Live rooms in the order the BFF lists them, then pinned rooms that are not live right now.
  const cards = [...live, ...pins.filter((p) => !liveRefs.has(formatRoomRef(p)))];

  return (
    <>
      <TopBar />
      <main className="page" aria-labelledby="overview-title">
        <div className="page-head">
          <h1 id="overview-title">Rooms</h1>
          <span className="muted">
            {rooms.data ? `${live.length} live · ${pins.length} pinned · list ` : 'Loading rooms… '}
            {rooms.dataUpdatedAt > 0 && <Freshness at={rooms.dataUpdatedAt} />}
          </span>
        </div>
        <OpenAlertsBanner />
        <ConnectionBanners
          failed={rooms.isError}
          error={rooms.error}
          shownFrom={rooms.dataUpdatedAt || null}
          stale={false}
          vendor="The server"
        />
        <AddRoomForm onAdd={add} knownProviders={providers.data ? [...providers.data.keys()] : undefined} />
        {rooms.data && cards.length === 0 && <p className="muted">No live rooms right now. Pin a room by name to watch it.</p>}
        <ul className="cards">
          {cards.map((room, index) => (
            <RoomCard
              key={formatRoomRef(room)}
              room={room}
              label={labelOf(room)}
              index={index}
              pinned={pinnedRefs.has(formatRoomRef(room))}
              onPin={() => add(room)}
              onUnpin={() => remove(room)}
            />
          ))}
        </ul>
      </main>
    </>
  );
}
