import type { AuthStatus } from '../api/types.ts';

const LABELS: Record<AuthStatus, string> = {
  Unauthenticated: 'Unauthenticated',
  Authenticated: 'Authenticated',
  Refreshing: 'Refreshing',
  NeedsReauthentication: 'Needs re-authentication',
  Degraded: 'Degraded',
};

const TONES: Record<AuthStatus, string> = {
  Unauthenticated: 'neutral',
  Authenticated: 'good',
  Refreshing: 'info',
  NeedsReauthentication: 'bad',
  Degraded: 'warn',
};

/** An account connector's `AuthStatus`, in words and colour (the words carry the meaning). */
export function StatusBadge({ status }: { readonly status: AuthStatus }) {
  return (
    <span className={`badge badge-${TONES[status] ?? 'neutral'}`} data-status={status}>
      {LABELS[status] ?? status}
    </span>
  );
}

/** A plain badge. */
export function Badge({
  tone,
  children,
}: {
  readonly tone: 'good' | 'bad' | 'neutral' | 'info' | 'warn';
  readonly children: string;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
