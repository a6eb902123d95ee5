import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client.ts';

export type Loaded<T> =
  | { readonly status: 'loading'; readonly data: T | null }
  | { readonly status: 'error'; readonly message: string; readonly data: T | null }
  | { readonly status: 'ready'; readonly data: T };

export type LoadState<T> = Loaded<T> & {
  /** Fetches again, showing the old data meanwhile. */
  reload(): Promise<void>;
  /** Replaces the data with what a change returned. */
  setData(data: T): void;
};

/**
 * Loads data for a page: `loading`, then `ready` or `error` with the API's message. It loads again
 * whenever `key` (what the data depends on, e.g. the URL) changes; a newer load wins over an older one.
 */
export function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>): LoadState<T> {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading', data: null });
  const latest = useRef(load);
  latest.current = load;
  const generation = useRef(0);

  const run = useCallback(async (controller: AbortController) => {
    const mine = ++generation.current;
    setState((previous) => ({ status: 'loading', data: previous.data }));
    try {
      const data = await latest.current(controller.signal);
      if (mine === generation.current) setState({ status: 'ready', data });
    } catch (error) {
      if (controller.signal.aborted || mine !== generation.current) return;
      setState((previous) => ({ status: 'error', message: errorMessage(error), data: previous.data }));
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what the data depends on; a new key loads again.
  useEffect(() => {
    const controller = new AbortController();
    void run(controller);
    return () => controller.abort();
  }, [run, key]);

  const reload = useCallback(() => run(new AbortController()), [run]);
  const setData = useCallback((data: T) => setState({ status: 'ready', data }), []);
  return { ...state, reload, setData };
}
