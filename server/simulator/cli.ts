import { startSimulator } from './index';

/** `npm run simulator`: the vendor simulators alone, e.g. to point a BFF elsewhere at them. */
const seed = Number(process.env.SIMULATOR_SEED ?? 1);
const port = Number(process.env.SIMULATOR_PORT ?? 0);
const simulator = await startSimulator({ seed, port });
process.stdout.write(`vendor simulators on ${simulator.origin} (seed ${seed})\n`);
process.stdout.write('point a roomwatch BFF at them with:\n');
const vars: Record<string, string | number | undefined> = {
  PROCONF_ADMIN_URL: simulator.vendorConfigs.proconf?.url,
  PROCONF_ADMIN_TOKEN: simulator.vendorConfigs.proconf?.token,
};
for (const [name, value] of Object.entries(vars)) if (value !== undefined) process.stdout.write(`  ${name}=${value}\n`);
const stop = () => void simulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
