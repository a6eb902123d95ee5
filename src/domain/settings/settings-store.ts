/** Storage of partner-wide settings: one JSON value per key. */
export interface SettingsStore {
  /** The value stored under `key` (parsed JSON), or `undefined` when none is. */
  get(key: string): Promise<unknown>;
  /** Stores `value` (any JSON value) under `key`, replacing what was there. */
  put(key: string, value: unknown, at: number): Promise<void>;
}
