import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { alertWebhookBodySchema, type AlertWebhookBody } from '../../src/contract/alerts';
import { verifySignature } from '../../server/alerts/signature';
import { loadConfig } from '../../server/config';
import { startRoomwatch, type Running } from '../../server/start';
import { percentile, type Row } from './context';

const WEBHOOK_SECRET = 'bench-alert-webhook-secret-0123456789';
const ROOMS = ['standup', 'design-review', 'all-hands', 'incident-2291'];
const ROUNDS = 5;
/** The receiver that fails: each delivery id is answered 500 three times, then 200. */
const FAILS_BEFORE_OK = 3;

interface Arrival {
  at: number;
  deliveryId: string;
  body: AlertWebhookBody;
  signed: boolean;
}

async function receiver(failFirst: number) {
  const arrivals: Arrival[] = [];
  const triesById = new Map<string, number>();
  const okById = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const at = performance.now();
      const deliveryId = String(req.headers['x-roomwatch-delivery']);
      const tries = (triesById.get(deliveryId) ?? 0) + 1;
      triesById.set(deliveryId, tries);
      if (tries <= failFirst) return void res.writeHead(500).end();
      okById.set(deliveryId, (okById.get(deliveryId) ?? 0) + 1);
      const signed = verifySignature(WEBHOOK_SECRET, raw, String(req.headers['x-roomwatch-signature']), Math.floor(Date.now() / 1000));
      arrivals.push({ at, deliveryId, body: alertWebhookBodySchema.parse(JSON.parse(raw)), signed });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    arrivals,
    okById,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

async function until<T>(what: string, check: () => T | undefined, ms: number): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (performance.now() > end) throw new Error(`alerts bench: ${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * From a recording stopping upstream (the simulator's control route) to the signed webhook
 * arriving at a local receiver, through the whole server as `npm start` runs it (default watch
 * interval, history in SQLite), for ROUNDS episodes on each demo room; and a second receiver
 * that fails every delivery three times, to count that each still arrives exactly once.
 */
export async function alerts(token: string, authSecret: string): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'roomwatch-bench-alerts-'));
  const good = await receiver(0);
  const flaky = await receiver(FAILS_BEFORE_OK);
  const loaded = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SIMULATOR: 'on',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: authSecret,
    ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ALERT_WEBHOOK_ALLOW: '127.0.0.1',
  });
  if (!loaded.ok) throw new Error(`alerts bench config: ${loaded.problems.join('; ')}`);
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  let running: Running | undefined;
  try {
    running = await startRoomwatch(loaded.config, { simulatorTickMs: 0, logStream: quiet });
    const simulator = running.simulator;
    if (!simulator) throw new Error('alerts bench: the simulator did not start');
    const set = async (room: string, recording: boolean) => {
      const res = await fetch(`${simulator.origin}/__sim/proconf/rooms/${room}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ recording }),
      });
      if (!res.ok) throw new Error(`alerts bench: simulator refused ${room}`);
    };
    const rule = await fetch(`${running.url}/api/alert-rules`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Bench: recording stopped',
        enabled: true,
        match: { provider: 'proconf' },
        when: 'recording.stopped',
        afterSec: 0,
        channels: [
          { type: 'webhook', url: good.url },
          { type: 'webhook', url: flaky.url },
        ],
      }),
    });
    if (rule.status !== 201) throw new Error(`alerts bench: rule refused (HTTP ${rule.status})`);

    const arrived = (room: string, type: AlertWebhookBody['type'], after: number) =>
      good.arrivals.find((a) => a.body.alert.callId === room && a.body.type === type && a.at >= after);
    const latencies: number[] = [];
    let unsigned = 0;
    // Each room is open on a moderator's screen (the room page reads its snapshot every 2 s), so
    // the watcher reads it at WATCH_INTERVAL_MS; a room nobody looks at is read every
    // WATCH_IDLE_INTERVAL_MS, and its alerts wait for that.
    const viewing = setInterval(() => {
      for (const room of ROOMS) {
        void fetch(`${running?.url ?? ''}/api/calls/proconf/${room}`, { headers: { authorization: `Bearer ${token}` } }).then(
          (res) => res.arrayBuffer(),
          () => undefined,
        );
      }
    }, 2000);
    await Promise.all(
      ROOMS.map(async (room) => {
        await set(room, true);
        // Let the watcher see it on (two polls at the default interval) before the first stop.
        await new Promise((r) => setTimeout(r, 2 * loaded.config.watch.intervalMs + 500));
        for (let round = 0; round < ROUNDS; round++) {
          // Stops land anywhere between two polls, as they do upstream; right after the last
          // resolved webhook they would all sit just past a poll (the worst case, one interval).
          await new Promise((r) => setTimeout(r, Math.random() * loaded.config.watch.intervalMs));
          const stoppedAt = performance.now();
          await set(room, false);
          const opened = await until(`${room} alert.opened`, () => arrived(room, 'alert.opened', stoppedAt), 20_000);
          latencies.push(opened.at - stoppedAt);
          if (!opened.signed) unsigned += 1;
          const backAt = performance.now();
          await set(room, true);
          await until(`${room} alert.resolved`, () => arrived(room, 'alert.resolved', backAt), 20_000);
        }
      }),
    ).finally(() => clearInterval(viewing));
    // Every message the good receiver got must reach the flaky one too, after its three failures.
    const expected = good.arrivals.length;
    await until('the flaky receiver catching up', () => (flaky.arrivals.length >= expected ? true : undefined), 60_000);
    await new Promise((r) => setTimeout(r, 2500));
    const keys = (list: Arrival[]) => list.map((a) => `${a.body.alert.id}:${a.body.type}`);
    const duplicates = (list: Arrival[]) => list.length - new Set(keys(list)).size;
    const repeatedIds = [...flaky.okById.values()].filter((n) => n > 1).length + [...good.okById.values()].filter((n) => n > 1).length;
    const sorted = latencies.sort((a, b) => a - b);
    const median = percentile(sorted, 50);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    return [
      {
        measure: `alerts: recording stopped → signed webhook, median / p95 (${sorted.length} episodes, watch interval ${loaded.config.watch.intervalMs} ms)`,
        value: `${s(median)} / ${s(percentile(sorted, 95))}`,
        target: 'median ≤ 3 s',
        met: sorted.length >= 20 && median <= 3000 && unsigned === 0,
      },
      {
        measure: `alerts: receiver failing ${FAILS_BEFORE_OK}× per delivery, then 200: arrived / sent, duplicates`,
        value: `${new Set(keys(flaky.arrivals)).size} / ${expected}, ${duplicates(flaky.arrivals) + duplicates(good.arrivals) + repeatedIds} duplicates`,
        target: 'all, exactly once',
        met: flaky.arrivals.length === expected && duplicates(flaky.arrivals) === 0 && duplicates(good.arrivals) === 0 && repeatedIds === 0,
      },
    ];
  } finally {
    await running?.close();
    await good.close();
    await flaky.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
