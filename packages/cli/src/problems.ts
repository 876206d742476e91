/**
 * Problems: everything that makes `onus` exit 2 (usage, config, policy and
 * input errors) is printed as ONE line on stderr naming the file, the place
 * (line and/or JSON pointer) and the fix. Never a stack trace.
 */
import type { InputError } from '@onus/core';

/** A problem in a file (same shape as the report's `errors`). */
export type Problem = InputError;

/** A command-line mistake: printed with a pointer to `--help`, exit 2. */
export class UsageError extends Error {
  readonly command: string;
  constructor(message: string, command = '') {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

/** Problems that stop a command before it runs (a bad config, a missing folder): exit 2. */
export class ProblemsError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ProblemsError';
    this.problems = problems;
  }
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** `file:line (pointer): message; fix: hint` on one line. */
export function formatProblem(p: Problem): string {
  let where = p.file;
  if (p.line !== undefined) where += `:${p.line}`;
  if (p.pointer) where += ` (at ${p.pointer})`;
  const message = oneLine(p.message).replace(/[.;]$/, '');
  return `${where}: ${message}${p.hint ? `; fix: ${oneLine(p.hint)}` : ''}`;
}
