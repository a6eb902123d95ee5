import { fileURLToPath } from 'node:url';

/** The console's sources (`console/`), next to `src/` in the repository. */
export const CONSOLE_SOURCE_DIR = fileURLToPath(new URL('../../console/', import.meta.url));

/** Where `vite build` writes the console and where the server reads it from. */
export const CONSOLE_BUILD_DIR = fileURLToPath(new URL('../../dist/console/', import.meta.url));
