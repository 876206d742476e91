/**
 * Running one entrypoint of a loaded module on one input. In this thread
 * (no budget: the SDK's evaluation is synchronous and cannot be interrupted),
 * or in a worker thread stopped when a time budget runs out (and started again
 * for the next evaluation). Either way a fault is a value, never a throw.
 * Imports node built-ins, ./module.ts, ./problems.ts, ./sdk-code.ts and ./worker-code.ts.
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import type { OpaModule, RegoBuiltins } from './module.js';
import { thrownMessage } from './problems.js';
import type { RegoQueryResult } from './types.js';
import { embeddedSdk } from './sdk-code.js';
import { WORKER_CODE } from './worker-code.js';

export type RunResult = RegoQueryResult;

export interface Runner {
  run(entrypoint: string | number, input: unknown): Promise<RunResult>;
  /** Stop any thread the runner started. */
  close(): Promise<void>;
}

/** Run in this thread, on the instance loaded (and given its data) at load time. */
export function inThread(opa: OpaModule): Runner {
  return {
    async run(entrypoint, input) {
      try {
        return { resultSet: opa.policy.evaluate(input, entrypoint) };
      } catch (thrown) {
        return { error: thrownMessage(thrown) };
      }
    },
    async close() {},
  };
}

/** How the worker gets the SDK: its text where the bundle embeds it, else its path; resolved on first use so that importing this package never throws. */
let sdk: { code: string } | { path: string } | undefined;
const resolveSdk = () => {
  if (sdk) return sdk;
  const code = embeddedSdk();
  // node:module on first use: loaded at the top, it was about 1 ms of every start of the CLI (its ES module loader with it).
  return (sdk = code !== undefined ? { code } : { path: process.getBuiltinModule('node:module').createRequire(import.meta.url).resolve('@open-policy-agent/opa-wasm') });
};

const sdkData = (s: { code: string } | { path: string }) => ('code' in s ? { sdkCode: s.code } : { sdk: s.path });

/** Run in a worker thread, each evaluation bounded by `timeoutMs` (the worker's start is not counted). */
export function inWorker(opa: OpaModule, data: unknown, builtins: RegoBuiltins, timeoutMs: number): Runner {
  let current: Promise<{ worker: Worker; port: MessagePort } | { error: string }> | undefined;

  const start = () => {
    try {
      resolveSdk();
    } catch (thrown) {
      return Promise.resolve({ error: `the policy worker cannot find the OPA SDK (${thrownMessage(thrown)}): reinstall onus, this installation lacks a file it ships with` });
    }
    // node:worker_threads only when Rego runs under a time budget.
    const { MessageChannel, Worker } = process.getBuiltinModule('node:worker_threads');
    const signal = new SharedArrayBuffer(4);
    const flag = new Int32Array(signal);
    const { port1, port2 } = new MessageChannel();
    // Custom builtins run here, answering the worker, which waits on `flag`.
    port1.on('message', ({ name, args }: { name: string; args: unknown[] }) => {
      let reply: { value?: unknown; error?: string };
      try {
        reply = { value: builtins[name]!(...args) };
      } catch (thrown) {
        reply = { error: thrownMessage(thrown) };
      }
      port1.postMessage(reply);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    });
    const worker = new Worker(WORKER_CODE, {
      eval: true,
      workerData: { ...sdkData(resolveSdk()), module: opa.module, data, signal, calls: port2, builtinNames: Object.keys(builtins) },
      transferList: [port2],
    });
    return new Promise<{ worker: Worker; port: MessagePort } | { error: string }>((resolve) => {
      const failed = (error: string) => {
        port1.close();
        void worker.terminate();
        resolve({ error });
      };
      worker.once('message', (m: { ready?: true; error?: string }) => (m.ready ? resolve({ worker, port: port1 }) : failed(m.error ?? 'the policy worker did not start')));
      worker.once('error', (e) => failed(`the policy worker failed: ${e.message}`));
      worker.once('exit', (code) => failed(`the policy worker failed: it stopped with exit code ${code}`));
    });
  };

  const stop = async () => {
    const was = current;
    current = undefined;
    const w = was && (await was);
    if (w && 'worker' in w) {
      w.port.close();
      await w.worker.terminate();
    }
  };

  return {
    async run(entrypoint, input) {
      const started = await (current ??= start());
      if ('error' in started) {
        await stop();
        return started;
      }
      const { worker } = started;
      const result = await new Promise<RunResult | 'timeout'>((resolve) => {
        const timer = setTimeout(() => resolve('timeout'), timeoutMs);
        const done = (r: RunResult) => {
          clearTimeout(timer);
          worker.off('message', done);
          worker.off('error', failed);
          worker.off('exit', exited);
          resolve(r);
        };
        const failed = (e: Error) => done({ error: `the policy worker failed: ${e.message}` });
        const exited = (code: number) => done({ error: `the policy worker failed: it stopped with exit code ${code}` });
        worker.on('message', done);
        worker.on('error', failed);
        worker.once('exit', exited);
        try {
          worker.postMessage({ entrypoint, input });
        } catch (thrown) {
          done({ error: `the input cannot be passed to the policy: ${thrownMessage(thrown)}` });
        }
      });
      if (result === 'timeout') {
        await stop();
        return { error: `took longer than the time budget of ${timeoutMs} ms and was stopped` };
      }
      if ('error' in result && result.error.startsWith('the policy worker failed')) await stop();
      return result;
    },
    close: stop,
  };
}
