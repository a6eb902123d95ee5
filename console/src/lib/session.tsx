import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { type ApiClient, createApiClient } from '../api/client.ts';
import type { SessionInfo } from '../api/types.ts';

export type SessionState =
  | { readonly status: 'loading' }
  | { readonly status: 'unavailable'; readonly message: string }
  | { readonly status: 'signed-out'; readonly setupRequired: boolean; readonly notice: string | null }
  | { readonly status: 'signed-in'; readonly username: string };

interface SessionValue {
  readonly state: SessionState;
  readonly api: ApiClient;
  /** Takes the answer of a successful sign-in or setup. */
  signedIn(info: SessionInfo): void;
  signOut(): Promise<void>;
  reload(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Who is signed in, and the API client that carries their CSRF token. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const csrf = useRef<string | null>(null);

  const api = useMemo(
    () =>
      createApiClient({
        csrfToken: () => csrf.current,
        onSessionEnded: () => {
          csrf.current = null;
          setState({
            status: 'signed-out',
            setupRequired: false,
            notice: 'Your session has ended. Sign in again.',
          });
        },
      }),
    [],
  );

  const signedIn = useCallback((info: SessionInfo) => {
    if (info.SignedIn && info.Username && info.CsrfToken) {
      csrf.current = info.CsrfToken;
      setState({ status: 'signed-in', username: info.Username });
    } else {
      csrf.current = null;
      setState({ status: 'signed-out', setupRequired: info.SetupRequired, notice: null });
    }
  }, []);

  const reload = useCallback(async () => {
    try {
      signedIn(await api.get<SessionInfo>('/console-api/session'));
    } catch (error) {
      setState({
        status: 'unavailable',
        message: error instanceof Error ? error.message : 'Plugboard could not be reached.',
      });
    }
  }, [api, signedIn]);

  const signOut = useCallback(async () => {
    try {
      await api.send('DELETE', '/console-api/session');
    } finally {
      csrf.current = null;
      setState({ status: 'signed-out', setupRequired: false, notice: 'You have signed out.' });
    }
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const value = useMemo(
    () => ({ state, api, signedIn, signOut, reload }),
    [state, api, signedIn, signOut, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside <SessionProvider>');
  return value;
}

/** The API client of the signed-in admin. */
export function useApi(): ApiClient {
  return useSession().api;
}

/** The signed-in admin's username. */
export function useUsername(): string {
  const { state } = useSession();
  return state.status === 'signed-in' ? state.username : '';
}
