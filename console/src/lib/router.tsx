import {
  type AnchorHTMLAttributes,
  createContext,
  type MouseEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';

/** Where the console is served from (Vite's `base`). */
export const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');

export interface Location {
  /** The path inside the console, e.g. `/accounts/acme`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** How many in-app navigations happened: 0 on the first page load. */
  readonly navigations: number;
}

interface RouterValue {
  readonly location: Location;
  navigate(to: string, options?: { replace?: boolean }): void;
}

const RouterContext = createContext<RouterValue | null>(null);

function currentLocation(navigations: number): Location {
  const { pathname, search } = window.location;
  const inside = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  return {
    path: inside === '' ? '/' : inside.replace(/(.)\/$/, '$1'),
    query: new URLSearchParams(search),
    navigations,
  };
}

/** A tiny history router: the console has a dozen pages and needs no more than this. */
export function Router({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(() => currentLocation(0));
  useEffect(() => {
    const onPop = () => setLocation((previous) => currentLocation(previous.navigations + 1));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string, options: { replace?: boolean } = {}) => {
    const url = `${BASE}${to}`;
    if (options.replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    setLocation((previous) => currentLocation(previous.navigations + 1));
    window.scrollTo(0, 0);
  }, []);
  const value = useMemo(() => ({ location, navigate }), [location, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error('useRouter outside <Router>');
  return value;
}

/** Matches `pattern` (`/accounts/:id`) against `path`; returns the decoded parameters or `null`. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const source = pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${source}$`).exec(path);
  if (!match) return null;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { readonly to: string };

/** An ordinary link (middle-click and copy work) that navigates inside the app on a plain click. */
export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const { navigate } = useRouter();
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={`${BASE}${to}`} onClick={handle} {...rest}>
      {children}
    </a>
  );
}

/** `encodeURIComponent` for a path segment. */
export const segment = (value: string | number) => encodeURIComponent(String(value));
