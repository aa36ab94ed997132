import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestServer, type TestServer } from '../../support/support';

/** The parts of a Grafana dashboard these checks read. */
const dashboardSchema = z.object({
  title: z.string(),
  panels: z.array(
    z.object({
      title: z.string(),
      type: z.string(),
      gridPos: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
      targets: z.array(z.object({ expr: z.string() })).optional(),
    }),
  ),
});

const dashboard = dashboardSchema.parse(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../docs/grafana-dashboard.json'), 'utf8')));
const exprs = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));

describe('docs/grafana-dashboard.json', () => {
  let server: TestServer;
  let exposition: string;
  beforeAll(async () => {
    server = await startTestServer({ METRICS_PORT: '0' });
    exposition = await (await fetch(server.metricsUrl ?? '')).text();
  });
  afterAll(async () => {
    await server.close();
  });

  it('queries only series the BFF exports', () => {
    expect(exprs.length).toBeGreaterThan(10);
    for (const { panel, expr } of exprs) {
      const names = expr.match(/\b(?:roomwatch|process|nodejs)_[a-z0-9_]+\b/g) ?? [];
      expect(names.length, panel).toBeGreaterThan(0);
      for (const name of names) {
        const family = name.replace(/_(bucket|sum|count)$/, '');
        expect(exposition, `${panel}: ${name}`).toMatch(new RegExp(`^# TYPE (${name}|${family}) `, 'm'));
      }
    }
  });

  it('shows every roomwatch series somewhere', () => {
    const exported = [...exposition.matchAll(/^# TYPE (roomwatch_[a-z_]+) /gm)].map((m) => m[1]);
    const queried = exprs.map((e) => e.expr).join('\n');
    for (const name of exported) expect(queried, name ?? '').toContain(name);
  });

  it('lays its panels out without overlap', () => {
    const boxes = dashboard.panels.map((p) => ({ title: p.title, ...p.gridPos }));
    for (const [i, a] of boxes.entries()) {
      expect(a.x + a.w, a.title).toBeLessThanOrEqual(24);
      for (const b of boxes.slice(i + 1)) {
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `${a.title} / ${b.title}`).toBe(false);
      }
    }
  });
});
