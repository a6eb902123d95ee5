import type { CliIo } from '../../src/cli/cli-io.ts';

/** A CLI environment in memory: set env and stdin, read what was printed. */
export function fakeCliIo(
  env: Record<string, string>,
  stdin = '',
): CliIo & { stdout: string; stderr: string } {
  const io = {
    env,
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += `${text}\n`;
    },
    err(text: string) {
      io.stderr += `${text}\n`;
    },
    readStdin: async () => stdin,
    promptHidden: async () => null,
  };
  return io;
}
