import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_BUILD_DIR, CONSOLE_SOURCE_DIR } from '../console-api/console-paths.ts';

/** The newest modification time of any file under `dir` (0 when there is none). */
function newestFileTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestFileTime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * True when the built console is newer than every one of its sources (and the `package.json` that
 * pins its dependencies), so `start` can skip the build.
 */
export function consoleBuildIsFresh(
  sourceDir: string,
  outDir: string,
  extraInputs: readonly string[] = [],
): boolean {
  const index = join(outDir, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  const inputs = Math.max(
    newestFileTime(sourceDir),
    ...extraInputs.filter((path) => existsSync(path)).map((path) => statSync(path).mtimeMs),
  );
  return built > inputs;
}

export type ConsoleBuildResult = { readonly built: boolean; readonly milliseconds: number };

/**
 * Builds the console with Vite's JavaScript API into `dist/console/`, unless the output is already
 * newer than the sources. Vite is loaded only when a build is needed.
 */
export async function buildConsole(
  options: { sourceDir?: string; outDir?: string; packageJson?: string } = {},
): Promise<ConsoleBuildResult> {
  const sourceDir = options.sourceDir ?? CONSOLE_SOURCE_DIR;
  const outDir = options.outDir ?? CONSOLE_BUILD_DIR;
  const packageJson = options.packageJson ?? join(sourceDir, '..', 'package.json');
  const started = Date.now();
  if (consoleBuildIsFresh(sourceDir, outDir, [packageJson])) return { built: false, milliseconds: 0 };
  const { build } = await import('vite');
  await build({
    configFile: join(sourceDir, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return { built: true, milliseconds: Date.now() - started };
}
