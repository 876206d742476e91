/**
 * Command dispatch. `main(argv, io)` returns the exit code and never throws:
 * usage, config, policy and input problems are one line each on stderr
 * (exit 2); an internal bug prints one line and asks for a report (exit 2).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { blockingFindings, type Report, type Responsibility } from '@onus/core';
import { planScan, renderTo, scan, type Format, type RenderOptions, type SettingsSource } from '@onus/engine';
import { defaultPack } from './packs.js';
import { HELP, parseCommand, type ScanArgs } from './args.js';
import { configParams, configWaivers } from './config.js';
import { configRego, isRegoProblem, policyDirs, resolveConfig, shown } from './context.js';
import { askCoverage, existingConfig, writeInitConfig } from './init.js';
import { useColor, type Io } from './io.js';
import { policiesCoverage, policiesList, policiesShow, policiesTest } from './policies-command.js';
import { formatProblem, ProblemsError, UsageError, type Problem } from './problems.js';
import { collectAfterParsing, collectBeforeEvaluation } from './memory.js';
import { usedFeatures } from './code-cache.js';
import { Tiering } from './tiering.js';
import { ProgressLine } from './progress.js';
import { VERSION } from './version.js';

export const REPORT_BUGS = 'https://github.com/onus-dev/onus/issues';

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      const help = err.command ? `onus ${err.command} --help` : 'onus --help';
      io.stderr.write(`onus: ${err.message} (see ${help})\n`);
      return 2;
    }
    if (err instanceof ProblemsError) {
      for (const p of err.problems) io.stderr.write(`onus: ${formatProblem(p)}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`onus: internal error: ${message.split('\n')[0]} -- this is a bug in onus ${VERSION}; please report it at ${REPORT_BUGS} with the command you ran\n`);
    if (io.env['ONUS_DEBUG'] && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return 2;
  }
}

async function run(argv: readonly string[], io: Io): Promise<number> {
  if (argv.length === 0) {
    io.stderr.write(HELP['']!);
    return 2;
  }
  const command = parseCommand(argv);
  usedFeatures(command.name);
  switch (command.name) {
    case 'help': {
      const text = HELP[command.topic ?? ''];
      if (text === undefined) throw new UsageError(`no help for "${command.topic}"; the commands are scan, policies, init`);
      io.stdout.write(text);
      return 0;
    }
    case 'version': {
      const pack = defaultPack();
      io.stdout.write(`onus ${VERSION} (${pack.name} ${pack.version})\n`);
      return 0;
    }
    case 'scan':
      return runScan(command.args, io);
    case 'policies list':
      return policiesList(command, io);
    case 'policies show':
      return policiesShow(command, io);
    case 'policies test':
      return policiesTest(command, io);
    case 'policies coverage':
      return policiesCoverage(command, io);
    case 'init': {
      const willWrite = command.force || !existingConfig(resolve(io.cwd, command.dir));
      const coverage = command.coverage ?? (willWrite ? await askCoverage(io) : undefined);
      const { file, written } = writeInitConfig(resolve(io.cwd, command.dir), command.force, coverage);
      if (!written) {
        throw new ProblemsError([{ file: shown(file, io.cwd), message: 'already exists; not overwritten', hint: 'run `onus init --force` to replace it' }]);
      }
      io.stdout.write(`wrote ${shown(file, io.cwd)}\n`);
      return 0;
    }
  }
}

/** `ONUS_TODAY=YYYY-MM-DD` pins the date waivers expire against. */
function today(io: Io): string | undefined {
  const pinned = io.env['ONUS_TODAY'];
  if (pinned === undefined || pinned === '') return undefined;
  const d = new Date(`${pinned}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(pinned) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== pinned) {
    throw new UsageError(`ONUS_TODAY=${pinned}: write the date as YYYY-MM-DD`);
  }
  return pinned;
}

async function runScan(a: ScanArgs, io: Io): Promise<number> {
  const pinnedToday = today(io);
  const first = a.paths.find((p) => p !== '-') ?? '.';
  const config = resolveConfig({ ...(a.config !== undefined ? { config: a.config } : {}), noConfig: a.noConfig }, first, io.cwd);
  const c = config?.config ?? {};
  const sources: SettingsSource[] = [];
  if (config) {
    sources.push({
      file: config.file,
      lineOf: config.lineOf,
      ...(configParams(c) ? { params: configParams(c) } : {}),
      ...(c.enable ? { enable: c.enable } : {}),
      ...(c.only ? { only: c.only } : {}),
      ...(c.skip ? { skip: c.skip } : {}),
      waivers: configWaivers(config),
      policies: policyDirs(config, [], io.cwd),
      ...(c.rego ? { rego: configRego(config, io.cwd) } : {}),
    });
  }
  for (const [flag, list] of [['--only', a.only], ['--skip', a.skip]] as const) {
    if (list.length) sources.push({ file: flag, [flag.slice(2)]: list });
  }
  if (a.enable.length) sources.push({ file: '--enable', enable: a.enable as Responsibility[] });
  if (a.policies.length) sources.push({ file: '--policies', policies: a.policies });
  if (a.rego.length) sources.push({ file: '--rego', rego: a.rego.map((path) => ({ path })) });
  const { plan, problems } = await planScan({ pack: defaultPack(), sources, cwd: io.cwd, ...(pinnedToday ? { today: pinnedToday } : {}) });
  // A bad setting stops the scan, except a bad policy file: the other policies still run and the report says why.
  const fatal = problems.filter((p) => !isPolicyProblem(p, sources));
  if (fatal.length) throw new ProblemsError(fatal);
  const progress = new ProgressLine(io);
  const tiering = new Tiering(plan.rego.length > 0);
  let result;
  try {
    result = await scan(a.paths, plan, {
      cwd: io.cwd,
      ignoreUnknown: a.ignoreUnknown,
      exclude: [...(c.exclude ?? []), ...a.exclude],
      inlineWaivers: !a.noInlineWaivers && c.inlineWaivers !== false,
      errors: problems,
      readStdin: () => io.readStdin(),
      onProgress: (p) => {
        if (p.phase === 'inputs') tiering.inputs(p);
        else if (p.phase === 'parsed') collectAfterParsing(p.length ?? 0);
        else if (p.phase === 'evaluate') collectBeforeEvaluation(p.total);
        progress.update(p);
      },
      toolVersion: VERSION,
      terraform: {
        // The config's tfvars are relative to it, the option's to the current folder; the config's come first.
        varFiles: [...(c.varFiles ?? []).map((f) => relative(io.cwd, resolve(config!.dir, f)) || '.'), ...a.varFiles],
        ...(c.vars || Object.keys(a.vars).length ? { vars: { ...(c.vars ?? {}), ...a.vars } } : {}),
      },
      ...(c.render !== undefined ? { render: c.render } : {}),
      renderLimits: { env: io.env },
    });
  } finally {
    tiering.restore();
    progress.clear();
  }
  const { report } = result;
  usedFeatures(...report.inputs.map((i) => `in:${i.format}`), ...[a.format, ...a.outputs.map((o) => o.format)].map((f) => `out:${f}`), ...(plan.rego.length > 0 ? ['rego'] : []));
  const failOn = a.failOn ?? c.failOn ?? 'high';
  const blocking = failOn === 'none' ? [] : blockingFindings(report, failOn, a.failOnUnknown ?? c.failOnUnknown ?? false);
  let exitCode = report.errors.length > 0 || report.summary.error > 0 ? 2 : blocking.length > 0 ? 1 : 0;
  for (const e of report.errors) io.stderr.write(`onus: ${formatProblem(e)}\n`);
  for (const w of result.warnings) io.stderr.write(`onus: warning: ${formatProblem(w)}\n`);
  const skipped = (report.files ?? []).filter((f) => f.status === 'skipped');
  if (a.verbose && skipped.length) {
    io.stderr.write(`onus: skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'}: ${skipped.map((f) => `${f.file} (${f.detail ?? f.reason})`).join(', ')}\n`);
  }
  const docsUrl = a.docsUrl ?? c.docsUrl;
  // Findings about the whole scan are placed on the settings file in SARIF, since that is where a scan says what it covers.
  const configFile = config ? shown(resolve(config.dir, basename(config.file)), io.cwd) : undefined;
  const links = { ...(docsUrl !== undefined ? { docsUrl } : {}), ...(configFile !== undefined ? { configFile } : {}), ...(a.includePasses ? { includePasses: true } : {}) };
  if (!a.quiet) writeReport(a.format, report, { color: useColor(io.stdout, io.env, a.color), verbose: a.verbose, toolVersion: VERSION, ...links }, (chunk) => io.stdout.write(chunk));
  const writeProblems: Problem[] = [];
  for (const o of a.outputs) {
    const path = resolve(io.cwd, o.file);
    try {
      mkdirSync(dirname(path), { recursive: true });
      const fd = openSync(path, 'w');
      try {
        writeReport(o.format, report, { color: false, verbose: a.verbose, toolVersion: VERSION, ...links }, (chunk) => writeSync(fd, chunk));
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      writeProblems.push({ file: o.file, message: `cannot write the ${o.format} report (${code})`, hint: 'check that the folder is writable and the path is not a folder' });
    }
  }
  for (const p of writeProblems) io.stderr.write(`onus: ${formatProblem(p)}\n`);
  if (writeProblems.length) exitCode = 2;
  return exitCode;
}

/** Render a report in pieces (a large JSON report is never one string), handed out in blocks of about 64 KiB. */
function writeReport(format: Format, report: Report, options: RenderOptions, out: (text: string) => void): void {
  let buffer: string[] = [];
  let size = 0;
  renderTo(format, report, options, (chunk) => {
    buffer.push(chunk);
    size += chunk.length;
    if (size >= 1 << 16) {
      out(buffer.join(''));
      buffer = [];
      size = 0;
    }
  });
  if (size) out(buffer.join(''));
}

/**
 * A problem in one of the user's policy files or folders, as opposed to a
 * setting of the config or the command line (a Rego source that does not load is a setting).
 */
function isPolicyProblem(problem: Problem, sources: readonly SettingsSource[]): boolean {
  return !sources.some((s) => s.file === problem.file) && !isRegoProblem(problem, sources.flatMap((s) => s.rego ?? []));
}
