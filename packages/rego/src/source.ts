/**
 * A loaded Rego source: its policies (one per entrypoint) and the evaluation
 * of all of them on a scan's inputs or resource facts. Every (entrypoint,
 * subject) pair is evaluated on its own, so a fault touches that pair only.
 * Imports core types and the modules of this package.
 */
import type { Finding, Resource } from '@onus/core';
import { readVerdict } from './conventions.js';
import { findingsFor, type FindingResource, type Subject } from './findings.js';
import type { OpaModule, RegoBuiltins } from './module.js';
import { entrypointName } from './names.js';
import { sensitiveValues } from './redact.js';
import { inThread, inWorker, type Runner } from './runner.js';
import type { RegoEvaluateOptions, RegoInput, RegoPolicyInfo, RegoSource } from './types.js';

export interface LoadedPolicy {
  info: RegoPolicyInfo;
  /** The module that holds the entrypoint. */
  opa: OpaModule;
}

/** What a policy sees as `input` with `per: resource`. */
export function resourceInput(r: Resource): Record<string, unknown> {
  return { kind: r.kind, address: r.address, values: r.values, unknown: r.unknown, sensitive: r.sensitive, refs: r.refs };
}

export function createSource(file: string, loaded: readonly LoadedPolicy[], modules: readonly OpaModule[], data: unknown, builtins: RegoBuiltins): RegoSource {
  return {
    file,
    policies: loaded.map((p) => p.info),
    query(entrypoint, input) {
      const name = typeof entrypoint === 'string' ? entrypointName(entrypoint) : entrypoint;
      const holder = modules.find((m) => typeof name === 'string' && Object.prototype.hasOwnProperty.call(m.entrypoints, name));
      // A name no module has, or a number, goes to the first module as given, so the SDK's own refusal comes back.
      return holder ? inThread(holder).run(name, input) : inThread(modules[0]!).run(entrypoint, input);
    },
    async evaluate(inputs: readonly RegoInput[], resources: readonly Resource[], options: RegoEvaluateOptions = {}): Promise<Finding[]> {
      const { timeoutMs } = options;
      if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
        return loaded.map((p) =>
          findingsFor(p.info, { kind: 'fault', message: `the time budget must be a positive number of milliseconds, not ${timeoutMs}` }, scanSubject),
        ).flat();
      }
      const runners = new Map<OpaModule, Runner>();
      const runnerFor = (opa: OpaModule) => {
        let r = runners.get(opa);
        if (!r) runners.set(opa, (r = timeoutMs === undefined ? inThread(opa) : inWorker(opa, data, builtins, timeoutMs)));
        return r;
      };
      const subjects = new Subjects(resources);
      const findings: Finding[] = [];
      try {
        for (const p of loaded) {
          if (options.entrypoints && !options.entrypoints.has(p.info.entrypoint)) continue;
          const runner = runnerFor(p.opa);
          const pairs =
            p.info.per === 'input'
              ? inputs.map((i) => [i.document, subjects.ofInput(i)] as const)
              : resources.filter((r) => !isDeleted(r)).map((r) => [resourceInput(r), subjects.ofResource(r)] as const);
          for (const [input, subject] of pairs) {
            const run = await runner.run(p.info.entrypoint, input);
            findings.push(...findingsFor(p.info, 'error' in run ? { kind: 'fault', message: run.error } : readVerdict(run.resultSet), subject));
          }
        }
      } finally {
        await Promise.all([...runners.values()].map((r) => r.close()));
      }
      return findings;
    },
  };
}

const scanSubject: Subject = { resource: { address: '(scan)', kind: 'scope' }, secrets: [], resolve: () => undefined };

/** A planned delete: the resource will not exist after apply (skipped, as the pack skips it). */
const isDeleted = (r: Resource) => !!r.change?.actions.includes('delete') && !r.change.actions.includes('create');

/** Subjects of evaluations, with the resources (by address) and secrets (by file) they need. */
class Subjects {
  private byAddress = new Map<string, Resource[]>();
  private byFile = new Map<string, Resource[]>();
  private secretsOfFile = new Map<string, string[]>();

  constructor(resources: readonly Resource[]) {
    for (const r of resources) {
      push(this.byAddress, r.address, r);
      push(this.byFile, r.source.file, r);
    }
  }

  ofInput(input: RegoInput): Subject {
    let secrets = this.secretsOfFile.get(input.file);
    if (!secrets) this.secretsOfFile.set(input.file, (secrets = sensitiveValues(this.byFile.get(input.file) ?? [])));
    return {
      resource: { address: input.file, kind: `input:${input.format}`, file: input.file },
      secrets,
      resolve: (address) => this.resolve(address, input.file),
    };
  }

  ofResource(r: Resource): Subject {
    return { resource: findingResource(r), secrets: sensitiveValues([r]), resolve: (address) => this.resolve(address, r.source.file) };
  }

  /** A resource of that address, from the same file when several files have one. */
  private resolve(address: string, file: string): FindingResource | undefined {
    const candidates = this.byAddress.get(address);
    const r = candidates?.find((c) => c.source.file === file) ?? candidates?.[0];
    return r && findingResource(r);
  }
}

function findingResource(r: Resource): FindingResource {
  return { address: r.address, kind: r.kind, file: r.source.file, ...(r.source.line !== undefined ? { line: r.source.line } : {}) };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
