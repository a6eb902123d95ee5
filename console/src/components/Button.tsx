import type { ComponentProps } from 'react';

type ButtonProps = ComponentProps<'button'> & {
  readonly variant?: 'primary' | 'secondary' | 'danger' | 'link';
  /** While set, the button is disabled and says what is happening. */
  readonly busy?: boolean;
  readonly busyLabel?: string;
};

export function Button({
  variant = 'secondary',
  busy = false,
  busyLabel,
  children,
  disabled,
  type,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type ?? 'button'}
      className={`button button-${variant}`}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? (busyLabel ?? children) : children}
    </button>
  );
}
