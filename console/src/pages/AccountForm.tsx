import { type FormEvent, useRef, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import type { Account } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { focusFirstInvalid, TextAreaField, TextField } from '../components/Field.tsx';
import { ErrorNotice } from '../components/Notice.tsx';
import { problems, required } from '../lib/validation.ts';

const TIME_ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

/** True for any name the browser knows as a time zone (`UTC` and the aliases as well as the canonical list). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export interface AccountInput {
  Id?: string;
  Name: string;
  Description: string | null;
  Timezone: string | null;
}

/** Create (with an optional Id of the partner's choosing) or edit an account. */
export function AccountForm({
  account,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  readonly account?: Account;
  readonly submitLabel: string;
  onSubmit(input: AccountInput): Promise<void>;
  onCancel(): void;
}) {
  const [id, setId] = useState('');
  const [name, setName] = useState(account?.Name ?? '');
  const [description, setDescription] = useState(account?.Description ?? '');
  const [timezone, setTimezone] = useState(account?.Timezone ?? '');
  const [errors, setErrors] = useState<Partial<Record<'id' | 'name' | 'timezone', string>>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const editing = account !== undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = problems({
      id: !editing && id.trim().length > 200 ? 'Use at most 200 characters.' : null,
      name: required(name, 'a name'),
      timezone:
        timezone.trim() !== '' && !isTimeZone(timezone.trim())
          ? 'Use an IANA time zone, like Europe/London.'
          : null,
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(form.current);
    setBusy(true);
    setFailure(null);
    try {
      await onSubmit({
        ...(!editing && id.trim() !== '' ? { Id: id.trim() } : {}),
        Name: name.trim(),
        Description: description.trim() || null,
        Timezone: timezone.trim() || null,
      });
    } catch (error) {
      setFailure(errorMessage(error));
      setBusy(false);
    }
  };

  return (
    <form ref={form} onSubmit={submit} noValidate className="form panel">
      <ErrorNotice message={failure} />
      <TextField label="Name" value={name} onChange={setName} error={errors.name} autoFocus maxLength={200} />
      {!editing && (
        <TextField
          label="Id"
          optional
          hint="Your own id for this customer. Leave it empty and Plugboard chooses one."
          value={id}
          onChange={setId}
          error={errors.id}
          spellCheck={false}
          autoCapitalize="none"
        />
      )}
      <TextAreaField label="Description" optional value={description} onChange={setDescription} rows={2} />
      <TextField
        label="Time zone"
        optional
        hint="An IANA name, like Europe/London."
        value={timezone}
        onChange={setTimezone}
        error={errors.timezone}
        list="time-zones"
        autoComplete="off"
        spellCheck={false}
      />
      <datalist id="time-zones">
        {TIME_ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy} busyLabel="Saving…">
          {submitLabel}
        </Button>
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
