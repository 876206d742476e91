/**
 * The scan plan: everything that says what a scan runs (the pack, the user's
 * policies, params, enabled areas, only/skip, waivers, the date) validated
 * and resolved once, into one value the pipeline and the evaluator take.
 *
 * Settings come in layers (`SettingsSource`): a config file, then command-line
 * options or library options. Each problem names the layer it came from: the
 * file with the JSON pointer and line of the bad value, or the option.
 * Rego sources are loaded here, once (./rego.ts).
 * Imports @onus/core, and @onus/rego through ./rego.ts.
 */
import type { InputError, Pack, Policy, Responsibility, Waiver } from '@onus/core';
import { isPolicySelected, resolveParams } from '@onus/core';
import { combinePack, knownName, loadUserPolicies } from './policies.js';
import { loadRegoSources, selectedRego, type RegoBuiltins, type RegoSource, type RegoSpec } from './rego.js';

/** The prefix of the shipped pack's ids, which no other policy (a Rego message's own id) may use. */
const PACK_ID_PREFIX = 'DSR-';

/** One layer of settings, in the order given later layers win (params, only) or add (enable, skip, waivers, policies). */
export interface SettingsSource {
  /** How problems name this layer: a config file (`.onus.yaml`) or an option (`--only`, `options`). */
  file: string;
  /** The line of a JSON pointer in `file`, when the layer is a file (its values then sit at `/params`, `/only`, ...). */
  lineOf?: (pointer: string) => number | undefined;
  params?: Record<string, unknown>;
  enable?: readonly Responsibility[];
  only?: readonly string[];
  skip?: readonly string[];
  waivers?: readonly Waiver[];
  /** Extra policies: objects, or policy files and folders (relative to `cwd`). */
  policies?: readonly (Policy | string)[];
  /** Compiled Rego policies (`.wasm` or `bundle.tar.gz`, relative to `cwd`), run beside the pack. */
  rego?: readonly RegoSpec[];
}

export interface ScanPlanOptions {
  /** The pack to run (the library and the CLI pass the built-in one). */
  pack: Pack;
  sources?: readonly SettingsSource[];
  /** Folder that relative policy paths start from (default: the process's). */
  cwd?: string;
  /** `YYYY-MM-DD` against which waivers expire (default: today, local time). */
  today?: string;
  /** Custom builtins the Rego policies call (functions: only a program can give them). */
  regoBuiltins?: RegoBuiltins;
}

/** What a scan runs, resolved. */
export interface ScanPlan {
  /** The pack with the user's policies added. */
  readonly pack: Pack;
  /** Every parameter: the user's values over the pack's defaults, validated. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly enable: readonly Responsibility[];
  readonly only: readonly string[];
  readonly skip: readonly string[];
  /** The Rego sources that loaded (their selected entrypoints run beside the pack). */
  readonly rego: readonly RegoSource[];
  /** Ids of the policies that run (the pack's and the Rego entrypoints'). */
  readonly selected: ReadonlySet<string>;
  /** Areas of the policies that run, in the pack's order. */
  readonly areas: readonly Responsibility[];
  readonly waivers: readonly Waiver[];
  readonly today: string;
}

const PARAMS_HINT = 'see `onus init` for every parameter, its type and its default';
const NAMES_HINT = 'run `onus policies list` for the ids and areas';

/**
 * Validate and resolve the settings of a scan, loading its Rego sources.
 * Never rejects; every problem names its source (a Rego problem, the module or bundle).
 */
export async function planScan(options: ScanPlanOptions): Promise<{ plan: ScanPlan; problems: InputError[] }> {
  const cwd = options.cwd ?? process.cwd();
  const sources = options.sources ?? [];
  const problems: InputError[] = [];
  const at = (source: SettingsSource, pointer: string, message: string, hint: string): InputError => {
    if (!source.lineOf) return { file: source.file, message, hint };
    const line = source.lineOf(pointer);
    return { file: source.file, ...(line !== undefined ? { line } : {}), pointer, message: `${fieldName(pointer)}: ${message}`, hint };
  };

  // The pack, with the user's policies.
  let pack = options.pack;
  const objects = sources.flatMap((s) => (s.policies ?? []).filter((p): p is Policy => typeof p !== 'string'));
  const paths = sources.flatMap((s) => (s.policies ?? []).filter((p): p is string => typeof p === 'string'));
  if (objects.length || paths.length) {
    const user = paths.length ? loadUserPolicies(paths, cwd) : { policies: [], problems: [], texts: new Map<string, string>() };
    // Policies given as objects only (a library's own) make a `+custom` pack; files make a `+local` one.
    const combined = combinePack(pack, [...objects, ...user.policies], user.texts, paths.length ? 'local' : 'custom');
    problems.push(...user.problems, ...combined.problems);
    pack = combined.pack;
  }
  const specs = sources.flatMap((s) => s.rego ?? []);
  const rego = specs.length ? await loadRegoSources(specs, pack, { cwd, ...(options.regoBuiltins ? { builtins: options.regoBuiltins } : {}) }) : { sources: [], problems: [] };
  problems.push(...rego.problems);
  const regoIds = new Set(rego.sources.flatMap((s) => s.policies.map((p) => p.id)));
  const inPack = knownName(pack);
  const known = (name: string) => inPack(name) || regoIds.has(name);

  // Params: later layers over earlier ones, validated once; each error is named at the layer that set the value.
  const overrides: Record<string, unknown> = {};
  const setBy = new Map<string, SettingsSource>();
  for (const source of sources) {
    for (const [key, value] of Object.entries(source.params ?? {})) {
      overrides[key] = value;
      setBy.set(key, source);
    }
  }
  const resolved = resolveParams(pack, overrides);
  for (const e of resolved.errors) {
    const key = e.pointer.split('/')[1]?.replace(/~1/g, '/').replace(/~0/g, '~') ?? '';
    const source = setBy.get(key) ?? [...sources].reverse().find((s) => s.params) ?? sources[0];
    if (!source) continue;
    const pointer = `/params${e.pointer}`;
    const line = source.lineOf?.(pointer);
    problems.push({ file: source.file, ...(line !== undefined ? { line } : {}), pointer: source.lineOf ? pointer : e.pointer, message: e.message, hint: PARAMS_HINT });
  }
  const params = resolved.params;

  // Names: only, skip, waivers' policies.
  for (const source of sources) {
    for (const key of ['only', 'skip'] as const) {
      (source[key] ?? []).forEach((name, i) => {
        if (!known(name)) problems.push(at(source, `/${key}/${i}`, `"${name}" is neither a policy id nor an area`, NAMES_HINT));
      });
    }
    (source.waivers ?? []).forEach((w, i) => {
      // A Rego message may carry its own id (`publicId`), known only once it is evaluated; the
      // pack's own prefix (DSR-) is never such an id, so a typo there is refused even with Rego loaded.
      if (w.policy !== '*' && !known(w.policy) && (rego.sources.length === 0 || w.policy.startsWith(PACK_ID_PREFIX))) {
        problems.push(at(source, `/waivers/${i}/policy`, `no policy ${w.policy} in the pack or your policies`, 'check the id with `onus policies list`, or remove the waiver'));
      }
    });
  }

  const enable = [...new Set(sources.flatMap((s) => s.enable ?? []))];
  const only = [...sources].reverse().find((s) => s.only?.length)?.only ?? [];
  const skip = [...new Set(sources.flatMap((s) => s.skip ?? []))];
  const selection = { enable, only, skip };
  const running = [...pack.policies.filter((p) => isPolicySelected(p, selection)), ...selectedRego(rego.sources, selection)];
  const plan: ScanPlan = {
    pack,
    rego: rego.sources,
    params,
    enable,
    only: [...only],
    skip,
    selected: new Set(running.map((p) => p.id)),
    areas: [...new Set(running.map((p) => p.responsibility))],
    waivers: sources.flatMap((s) => s.waivers ?? []),
    today: options.today ?? localToday(),
  };
  return { plan, problems };
}

/** A JSON pointer as a field path people read: `/waivers/0/expires` -> `waivers[0].expires`. */
export function fieldName(pointer: string): string {
  const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const k of keys) out += /^\d+$/.test(k) ? `[${k}]` : /^[A-Za-z_$][\w$-]*$/.test(k) ? (out ? `.${k}` : k) : `[${JSON.stringify(k)}]`;
  return out || '(top level)';
}

/** Today's date in local time, `YYYY-MM-DD`. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
