import type { ReactNode } from 'react';

interface NoticeProps {
  readonly kind: 'error' | 'success' | 'info' | 'warning';
  readonly title?: string;
  readonly children: ReactNode;
}

/**
 * A message where something happened. Errors are announced at once (`role="alert"`); the others
 * politely (`role="status"`).
 */
export function Notice({ kind, title, children }: NoticeProps) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {title && <p className="notice-title">{title}</p>}
      <div>{children}</div>
    </div>
  );
}

/** The API's `Message` for a failed call, or nothing. */
export function ErrorNotice({
  message,
  title,
}: {
  readonly message: string | null;
  readonly title?: string;
}) {
  if (!message) return null;
  return (
    <Notice kind="error" {...(title ? { title } : {})}>
      {message}
    </Notice>
  );
}

/** "Loading …", announced politely. */
export function Loading({ what }: { readonly what: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      Loading {what}…
    </p>
  );
}

/** What to show when a list is empty, and what to do about it. */
export function EmptyState({ title, children }: { readonly title: string; readonly children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}
