import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Parent ↔ child commands for the bench: each child process (simulator, BFF, bare server)
 * announces `ready` with its details, then answers `{id, cmd, args}` with `{id, result}`.
 */
type Handler = (args: unknown) => unknown;

interface CallMessage {
  id: number;
  cmd: string;
  args: unknown;
}

function isCall(message: unknown): message is CallMessage {
  return typeof message === 'object' && message !== null && 'id' in message && 'cmd' in message;
}

/** In a child: answer the parent's commands; exit when the parent goes away. */
export function serveParent(ready: unknown, handlers: Record<string, Handler>): void {
  process.on('message', (message: unknown) => {
    if (!isCall(message)) return;
    const handler = handlers[message.cmd];
    Promise.resolve(handler ? handler(message.args) : undefined).then(
      (result) => process.send?.({ id: message.id, result }),
      (err: unknown) => process.send?.({ id: message.id, error: String(err) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  // Exit (rather than die) on stop(), so that a child run with --cpu-prof writes its profile.
  process.once('SIGTERM', () => process.exit(0));
  process.send?.({ ready });
}

export interface Child<R> {
  ready: R;
  call<T>(cmd: string, args?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** In the parent: fork a bench child (TypeScript through tsx) and wait for it to be ready. */
export async function startChild<R>(
  file: string,
  env: Record<string, string> = {},
  nodeFlags: readonly string[] = [],
): Promise<Child<R>> {
  // A .mjs file is already JavaScript (the compiled BFF); TypeScript goes through tsx.
  const loader = file.endsWith('.mjs') ? [] : ['--import', 'tsx'];
  const child: ChildProcess = fork(resolve(import.meta.dirname, file), [], {
    execArgv: [...nodeFlags, ...loader],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const ready = await new Promise<R>((resolveReady, rejectReady) => {
    const timer = setTimeout(() => rejectReady(new Error(`${file} did not start in 30 s`)), 30_000);
    child.once('exit', (code) => rejectReady(new Error(`${file} exited with ${code}`)));
    child.on('message', (message: unknown) => {
      if (typeof message !== 'object' || message === null) return;
      if ('ready' in message) {
        clearTimeout(timer);
        resolveReady(message.ready as R);
      } else if ('id' in message && typeof message.id === 'number') {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if ('error' in message) waiter?.reject(new Error(String(message.error)));
        else waiter?.resolve('result' in message ? message.result : undefined);
      }
    });
  });
  return {
    ready,
    call: <T>(cmd: string, args?: unknown) =>
      new Promise<T>((resolveCall, rejectCall) => {
        const id = nextId++;
        pending.set(id, { resolve: (v) => resolveCall(v as T), reject: rejectCall });
        child.send({ id, cmd, args });
      }),
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
      }),
  };
}
