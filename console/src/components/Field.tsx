import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';

interface FieldFrame {
  readonly label: string;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  readonly optional?: boolean;
}

function useFieldIds(error: string | undefined, hint: ReactNode) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return { id, hintId, errorId, describedBy };
}

function Frame({
  id,
  label,
  optional,
  hint,
  hintId,
  error,
  errorId,
  children,
}: FieldFrame & {
  id: string;
  hintId: string | undefined;
  errorId: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional"> (optional)</span>}
      </label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

type TextFieldProps = FieldFrame &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
    readonly value: string;
    readonly onChange: (value: string) => void;
  };

/** The attributes every field's control shares: its id, value, change handler and error wiring. */
function controlProps(
  ids: ReturnType<typeof useFieldIds>,
  value: string,
  onChange: (value: string) => void,
  error: string | undefined,
) {
  return {
    id: ids.id,
    value,
    onChange: (event: { target: { value: string } }) => onChange(event.target.value),
    'aria-invalid': error ? true : undefined,
    'aria-describedby': ids.describedBy,
  };
}

/** A labelled input with its hint and error tied to it for assistive technology. */
export function TextField({ label, hint, error, optional, value, onChange, ...input }: TextFieldProps) {
  const ids = useFieldIds(error, hint);
  return (
    <Frame {...ids} label={label} hint={hint} error={error} optional={optional ?? false}>
      <input {...controlProps(ids, value, onChange, error)} {...input} />
    </Frame>
  );
}

type TextAreaFieldProps = FieldFrame &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'> & {
    readonly value: string;
    readonly onChange: (value: string) => void;
  };

export function TextAreaField({
  label,
  hint,
  error,
  optional,
  value,
  onChange,
  ...input
}: TextAreaFieldProps) {
  const ids = useFieldIds(error, hint);
  return (
    <Frame {...ids} label={label} hint={hint} error={error} optional={optional ?? false}>
      <textarea {...controlProps(ids, value, onChange, error)} {...input} />
    </Frame>
  );
}

type SelectFieldProps = FieldFrame &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> & {
    readonly value: string;
    readonly onChange: (value: string) => void;
    readonly children: ReactNode;
  };

export function SelectField({
  label,
  hint,
  error,
  optional,
  value,
  onChange,
  children,
  ...select
}: SelectFieldProps) {
  const ids = useFieldIds(error, hint);
  return (
    <Frame {...ids} label={label} hint={hint} error={error} optional={optional ?? false}>
      <select {...controlProps(ids, value, onChange, error)} {...select}>
        {children}
      </select>
    </Frame>
  );
}

/**
 * Moves the focus to the first field the browser-side checks refused. The fields are marked when React
 * renders the errors, which on a busy machine can be a few frames later: look again for a few frames.
 */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  let frames = 0;
  const attempt = () => {
    const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else if (++frames < 30) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}
