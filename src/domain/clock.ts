import type { Clock } from '../runtime/ports.ts';

/** Current time in epoch milliseconds; injected so tests control time. Defined once, in the runtime's ports. */
export type { Clock };

export const systemClock: Clock = () => Date.now();
