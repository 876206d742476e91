/**
 * The code of the worker thread that runs policies under a time budget, as
 * source text: it is started with `eval`, so it works the same from the
 * TypeScript sources, the built package and a bundle. It loads the module
 * with the OPA SDK (its path, or its text where a bundle embeds it), evaluates on request, and calls
 * custom builtins back in the parent thread synchronously (the parent runs
 * them; functions cannot cross threads). Imports nothing.
 */
export const WORKER_CODE = String.raw`
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const opa = (() => {
  if (workerData.sdkCode === undefined) return require(workerData.sdk);
  // The SDK as CommonJS text (the CLI bundle has no SDK file to require).
  const m = { exports: {} };
  new Function('module', 'exports', 'require', workerData.sdkCode)(m, m.exports, require);
  return m.exports;
})();
// Rego print goes to standard error, never into a report on standard output.
console.log = (...args) => process.stderr.write('rego print: ' + args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') + '\n');
const flag = new Int32Array(workerData.signal);
const calls = workerData.calls;
const text = (t) => (typeof t === 'string' ? t : t && typeof t.message === 'string' ? t.message : String(t));
const builtins = {};
for (const name of workerData.builtinNames) {
  builtins[name] = (...args) => {
    Atomics.store(flag, 0, 0);
    calls.postMessage({ name, args });
    Atomics.wait(flag, 0, 0);
    const reply = receiveMessageOnPort(calls);
    if (!reply) throw { message: 'custom builtin ' + name + ' gave no answer' };
    if (reply.message.error !== undefined) throw { message: reply.message.error };
    return reply.message.value;
  };
}
opa.loadPolicy(workerData.module, undefined, builtins).then(
  (policy) => {
    if (workerData.data !== undefined) policy.setData(workerData.data);
    parentPort.on('message', ({ entrypoint, input }) => {
      try {
        parentPort.postMessage({ resultSet: policy.evaluate(input, entrypoint) });
      } catch (thrown) {
        parentPort.postMessage({ error: text(thrown) });
      }
    });
    parentPort.postMessage({ ready: true });
  },
  (thrown) => parentPort.postMessage({ error: text(thrown) }),
);
`;
