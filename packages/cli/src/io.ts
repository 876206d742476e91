/**
 * The CLI's view of the outside world, so `main()` runs in-process in tests
 * with captured streams, a fixed environment and a given stdin.
 */
export interface OutStream {
  write(text: string): void;
  /** A terminal: progress lines and colour are allowed. */
  isTTY?: boolean;
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  /** The whole of standard input (called only for the `-` path). */
  readStdin(): Promise<Uint8Array>;
  /** Folder that relative paths are resolved from. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** Ask a question on the terminal and return the answer; absent when stdin is not a terminal. */
  ask?(question: string): Promise<string>;
}

async function ask(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** The real process. */
export function processIo(): Io {
  return {
    stdout: { write: (t) => void process.stdout.write(t), isTTY: process.stdout.isTTY === true },
    stderr: { write: (t) => void process.stderr.write(t), isTTY: process.stderr.isTTY === true },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      return Buffer.concat(chunks);
    },
    cwd: process.cwd(),
    env: process.env,
    // isatty(0), not process.stdin.isTTY: the stream is made at first touch, and for a file or a pipe that
    // loads Node's file streams (about 5 ms of every run that never reads standard input). And node:tty only
    // when standard output is a terminal (Node has loaded it then): loaded for every run, about 2 ms.
    ...(process.stdout.isTTY === true && process.getBuiltinModule('node:tty').isatty(0) ? { ask } : {}),
  };
}

/**
 * Colour on or off for a stream: `FORCE_COLOR` (any value but `0`/`false`)
 * forces it, `NO_COLOR` (non-empty) turns it off, otherwise only on a TTY.
 * An explicit `--color` / `--no-color` wins over both.
 */
export function useColor(stream: OutStream, env: Io['env'], flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return stream.isTTY === true;
}
