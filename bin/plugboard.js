#!/usr/bin/env node
// Runs Plugboard from JavaScript compiled from src/ (dist/server/plugboard.js), compiling it first when it
// is missing or older than a source file (bin/build-server.js; about a second). No TypeScript loader runs.
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { ensureServerBuild } from './build-server.js';

// Until the server is up: no growing young generation, no optimising compiler (src/cli/start-up-memory.ts).
setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--no-opt');

const { main } = await import(pathToFileURL(await ensureServerBuild()).href);
process.exitCode = await main(process.argv.slice(2));
