import { setFlagsFromString } from 'node:v8';

/**
 * `bin/plugboard.js` starts every command with two V8 settings that keep start-up from leaving memory
 * behind it (together about 40 MB of an idle server's resident memory):
 *
 * - the young generation stays at its initial size: the objects made while the modules load and the
 *   server starts are long-lived, each scavenge that sees them survive would double it, and it would
 *   end at 32 MB, never given back while the process idles;
 * - no optimising compiler (Maglev, TurboFan) runs: code that runs only at start-up would be compiled
 *   on background threads whose memory stays with the process.
 *
 * Once the server is listening, this puts V8's defaults back, so the hot path is optimised and the
 * young generation grows as the load needs.
 */
export function endStartUpMemorySettings(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
  setFlagsFromString('--opt');
}
