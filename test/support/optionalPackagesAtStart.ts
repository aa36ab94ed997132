import { createRequire } from 'node:module';
import { loadConfig } from '../../server/config';
import { startRoomwatch } from '../../server/start';

/**
 * Starts roomwatch as the environment configures it, prints which of the packages only some
 * set-ups need it has loaded (`packages [...]`), and stops. Run as its own process
 * (test/server/app/optional-packages.test.ts), so nothing else loaded them first.
 */
const OPTIONAL = ['pg', 'ioredis', 'prom-client', '@aws-sdk/client-s3'];

const loaded = loadConfig(process.env);
if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
const running = await startRoomwatch(loaded.config, { distDir: '/nonexistent' });
const paths = Object.keys(createRequire(import.meta.url).cache);
const present = OPTIONAL.filter((name) => paths.some((path) => path.includes(`/node_modules/${name}/`)));
process.stdout.write(`packages ${JSON.stringify(present)}\n`);
await running.close();
