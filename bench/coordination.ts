import { coordination } from './phases/coordination';

/** `npx tsx bench/coordination.ts`: the coordination phase on its own (run.ts runs it as `coordination`). */
const rows = await coordination();
for (const row of rows) process.stdout.write(`${row.measure}: ${row.value}\n`);
process.exit(0);
