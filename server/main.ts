import { loadConfig, type Config } from './config';
import { startRoomwatch } from './start';

/** The first Node major the AWS SDK's releases after the first week of January 2027 require. */
const AWS_SDK_NODE_MAJOR = 22;

/** True when ProCONF summaries are read from a configured S3 bucket (not the simulator's). */
function summariesInS3(config: Config): boolean {
  const proconf = config.vendors['proconf'];
  return typeof proconf === 'object' && proconf !== null && 'summary' in proconf;
}

/** The process: validate the environment, start (with the simulator when needed), close cleanly. */
async function main(): Promise<void> {
  const started = performance.now();
  // The AWS SDK's own Node 22 notice is a multi-line process warning printed whenever an S3
  // client is made, the demo's simulated bucket included, where it reads as a broken set-up.
  // It is read when the client is built, so setting it here is in time (docs/decisions/0014).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(
      `roomwatch: cannot start, the configuration has problems:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    process.exit(1);
  }
  const { config } = loaded;
  const running = await startRoomwatch(config);
  const ms = Math.round(performance.now() - started);

  // Handlers first: whoever reads the printed link may signal at once (tests do), and a
  // signal before the handlers exist would kill the process without a clean close.
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    running.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        running.app.log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor < AWS_SDK_NODE_MAJOR && summariesInS3(config)) {
    running.app.log.warn(
      { node: process.versions.node },
      `ProCONF summaries are read with the AWS SDK, whose releases after the first week of January 2027 need Node ${AWS_SDK_NODE_MAJOR}: keep @aws-sdk/client-s3 at its locked version or move to Node ${AWS_SDK_NODE_MAJOR}`,
    );
  }

  const lines = [`roomwatch is listening on ${running.url} (ready in ${ms} ms)`];
  if (running.metricsUrl) lines.push(`  metrics at ${running.metricsUrl}`);
  if (running.simulator) lines.push(`  vendors simulated at ${running.simulator.origin} (seed ${config.simulator.seed})`);
  if (running.signInUrl) {
    lines.push('', '  Open this link to sign in as the demo moderator (works once):', `    ${running.signInUrl}`, '');
  }
  // The sign-in link goes to the terminal on purpose (like a notebook server), not into the JSON log.
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`roomwatch: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
