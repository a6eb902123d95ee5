import { type FormEvent, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import type { SessionInfo } from '../api/types.ts';
import logo from '../assets/plugboard.svg';
import { Button } from '../components/Button.tsx';
import { focusFirstInvalid, TextField } from '../components/Field.tsx';
import { ErrorNotice, Notice } from '../components/Notice.tsx';
import { useSession } from '../lib/session.tsx';
import { problems, required } from '../lib/validation.ts';

/** The signed-out frame: the product's name and one card. */
function Card({ title, children }: { readonly title: string; readonly children: React.ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Plugboard console`;
  }, [title]);
  return (
    <main className="auth" id="main">
      <div className="auth-card">
        <p className="auth-brand">
          <img src={logo} alt="" width="32" height="32" />
          Plugboard console
        </p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

/** Signing in as an admin made by `plugboard admin create` or the first-visit setup. */
export function SignInPage({ notice }: { readonly notice: string | null }) {
  const { api, signedIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ username?: string; password?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = problems({
      username: required(username, 'your username'),
      password: required(password, 'your password'),
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(form.current);
    setBusy(true);
    setFailure(null);
    try {
      signedIn(
        await api.send<SessionInfo>('POST', '/console-api/session', {
          body: { Username: username, Password: password },
        }),
      );
    } catch (error) {
      setFailure(errorMessage(error));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Sign in">
      {notice && <Notice kind="info">{notice}</Notice>}
      <form ref={form} onSubmit={submit} noValidate>
        <ErrorNotice message={failure} />
        <TextField
          label="Username"
          value={username}
          onChange={setUsername}
          error={errors.username}
          autoComplete="username"
          autoFocus
          autoCapitalize="none"
          spellCheck={false}
        />
        <TextField
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          error={errors.password}
          autoComplete="current-password"
        />
        <Button type="submit" variant="primary" busy={busy} busyLabel="Signing in…">
          Sign in
        </Button>
      </form>
      <p className="hint">
        No admin yet? Create one on the server with <code>npx plugboard admin create --username NAME</code>.
      </p>
    </Card>
  );
}

/** The first visit to a fresh installation: create the first admin with the code from the server's log. */
export function SetupPage() {
  const { api, signedIn } = useSession();
  const [code, setCode] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'code' | 'username' | 'password' | 'repeat', string>>>(
    {},
  );
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = problems({
      code: required(code, 'the setup code from the server log'),
      username:
        required(username, 'a username') ??
        (/^[A-Za-z0-9._@-]{1,64}$/.test(username.trim()) ? null : 'Use 1 to 64 letters, digits or . _ @ -'),
      password: password.length < 10 ? 'Use at least 10 characters.' : null,
      repeat: repeat !== password ? 'The two passwords differ.' : null,
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(form.current);
    setBusy(true);
    setFailure(null);
    try {
      signedIn(
        await api.send<SessionInfo>('POST', '/console-api/setup', {
          body: { SetupCode: code.trim(), Username: username.trim(), Password: password },
        }),
      );
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Create the first admin">
      <p>
        This Plugboard has no admin yet. When it started, the server printed a one-time{' '}
        <strong>setup code</strong> in its log; enter it here to create the first admin.
      </p>
      <form ref={form} onSubmit={submit} noValidate>
        <ErrorNotice message={failure} />
        <TextField
          label="Setup code"
          hint="Looks like 7KQ2M-XD4RT-B9HZC-1WNE5."
          value={code}
          onChange={setCode}
          error={errors.code}
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          autoFocus
        />
        <TextField
          label="Username"
          value={username}
          onChange={setUsername}
          error={errors.username}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
        />
        <TextField
          label="Password"
          hint="At least 10 characters."
          type="password"
          value={password}
          onChange={setPassword}
          error={errors.password}
          autoComplete="new-password"
        />
        <TextField
          label="Repeat the password"
          type="password"
          value={repeat}
          onChange={setRepeat}
          error={errors.repeat}
          autoComplete="new-password"
        />
        <Button type="submit" variant="primary" busy={busy} busyLabel="Creating…">
          Create admin and sign in
        </Button>
      </form>
    </Card>
  );
}

/** Plugboard did not answer the first request. */
export function UnavailablePage({ message, onRetry }: { readonly message: string; onRetry(): void }) {
  return (
    <Card title="Plugboard is not answering">
      <Notice kind="error">{message}</Notice>
      <Button variant="primary" onClick={onRetry}>
        Try again
      </Button>
    </Card>
  );
}
