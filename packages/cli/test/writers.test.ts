/** The writer registry is the one list of output formats (docs/adding-an-output-format.md). */
import { describe, expect, it } from 'vitest';
import { main } from '@onus/cli';
import { FORMATS, WRITERS, isFormat } from '@onus/engine';

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t) },
    readStdin: async () => new TextEncoder().encode('{"format_version":"1.2","resource_changes":[]}'),
    cwd: process.cwd(),
    env: { ONUS_TODAY: '2026-06-01' },
  });
  return { code, stdout, stderr };
}

describe('output formats come from WRITERS', () => {
  it('FORMATS and isFormat list exactly the registered writers', () => {
    expect(FORMATS).toEqual(WRITERS.map((w) => w.name));
    for (const w of WRITERS) expect(isFormat(w.name)).toBe(true);
    expect(isFormat('csv')).toBe(false);
  });

  it('onus scan --help names every format', async () => {
    const { stdout } = await cli(['scan', '--help']);
    const help = stdout.replace(/\s+/g, ' ');
    for (const name of FORMATS) expect(help).toContain(name);
  });

  it.each(WRITERS.map((w) => w.name))('--format %s renders through the registry', async (name) => {
    const { code, stdout, stderr } = await cli(['scan', '--no-config', '--only', 'DSR-NET-04', '--format', name, '-']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.length).toBeGreaterThan(0);
  });
});
