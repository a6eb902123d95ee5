// Compiles the server's TypeScript (src/) into one JavaScript file, dist/server/plugboard.js, with
// esbuild, so `plugboard` runs without a TypeScript loader: tsx's loader thread alone holds 45–60 MB.
// `bin/plugboard.js` calls `ensureServerBuild()` before every command and compiles only when a source
// is newer than the build (about a second); `npm run build` (this file run directly) always compiles.
// Packages stay imports of node_modules; only Plugboard's own modules are bundled.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, utimesSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_DIR = join(ROOT, 'src');
const ENTRY = join(SOURCE_DIR, 'cli', 'main.ts');
/** The compiled CLI and server; it exports `main(args)`. */
export const SERVER_BUILD = join(ROOT, 'dist', 'server', 'plugboard.js');

/** The newest modification time of `dir`, of any directory under it and of any file in them. */
function newestTime(dir) {
  let newest = statSync(dir).mtimeMs; // a directory's time moves when a file is added, removed or renamed
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestTime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The newest time of everything the build depends on: the sources, package.json and this file. */
function newestInput() {
  return Math.max(
    newestTime(SOURCE_DIR),
    statSync(join(ROOT, 'package.json')).mtimeMs,
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
  );
}

/** True when dist/server/plugboard.js was compiled from the sources as they are now. */
export function serverBuildIsFresh() {
  // Within a millisecond: a file's time does not survive being copied to another file exactly.
  return existsSync(SERVER_BUILD) && statSync(SERVER_BUILD).mtimeMs >= newestInput() - 1;
}

/**
 * Each module's `import.meta.url` stays the URL of its source file (`new URL('../../console/',
 * import.meta.url)` and the like keep pointing where they did), written relative to the bundle.
 */
const sourceLocations = {
  name: 'source-locations',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const contents = readFileSync(args.path, 'utf8');
      if (!contents.includes('import.meta.url')) return { contents, loader: 'ts' };
      const path = relative(dirname(SERVER_BUILD), args.path).split(sep).join('/');
      const url = `new URL(${JSON.stringify(path)}, import.meta.url).href`;
      return { contents: contents.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

/** Compiles src/ into dist/server/plugboard.js; the file is replaced in one rename. */
export async function buildServer() {
  const inputsAt = newestInput();
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: SERVER_BUILD,
    sourcemap: 'linked',
    // Without comments and indentation the module's source, which V8 keeps in memory, is half the size.
    minifyWhitespace: true,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
    plugins: [sourceLocations],
  });
  mkdirSync(dirname(SERVER_BUILD), { recursive: true });
  // Several processes may compile at once (tests, benchmarks): each writes its own files and renames
  // them into place, so a reader sees one whole build or another, never half of one.
  const written = await Promise.all(
    result.outputFiles.map(async (file) => {
      const temporary = `${file.path}.${process.pid}.tmp`;
      await writeFile(temporary, file.contents);
      return { temporary, path: file.path };
    }),
  );
  // The source map first, so the compiled file never names a map of another build.
  const mapsFirst = [
    ...written.filter((f) => f.path.endsWith('.map')),
    ...written.filter((f) => !f.path.endsWith('.map')),
  ];
  for (const { temporary, path } of mapsFirst) {
    // Dated as the newest source it was compiled from: a file saved during the build is newer.
    utimesSync(temporary, new Date(), inputsAt / 1000);
    renameSync(temporary, path);
  }
  return SERVER_BUILD;
}

/** The path of the compiled server, compiling it first when it is missing or older than a source. */
export async function ensureServerBuild() {
  return serverBuildIsFresh() ? SERVER_BUILD : await buildServer();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  await buildServer();
  console.log(`Compiled src/ into ${relative(ROOT, SERVER_BUILD)} in ${Date.now() - started} ms`);
}
