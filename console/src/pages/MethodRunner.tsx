import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.ts';
import type {
  AccountConnector,
  ConnectorMethod,
  DataType,
  MethodField,
  MethodParameter,
} from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { CopyButton } from '../components/CopyButton.tsx';
import { focusFirstInvalid, SelectField, TextAreaField, TextField } from '../components/Field.tsx';
import { ErrorNotice, Loading, Notice } from '../components/Notice.tsx';
import { Section } from '../components/Page.tsx';
import { segment } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';

interface Input {
  readonly key: string;
  readonly name: string;
  readonly label: string;
  readonly description: string | null;
  readonly dataType: DataType;
  readonly optional: boolean;
  readonly values: readonly string[];
  readonly kind: 'parameter' | 'field';
}

const NUMBERS = new Set(['Integer', 'Float', 'Decimal']);
const STRUCTURED = new Set(['Object', 'Array']);

function inputsOf(method: ConnectorMethod): Input[] {
  const parameters = method.Parameters.map(
    (p: MethodParameter): Input => ({
      key: `p:${p.Name}`,
      name: p.Name,
      label: p.Name,
      description: p.Description,
      dataType: p.DataType,
      optional: p.IsOptional,
      values: p.AllowMultiple ? [] : p.Values,
      kind: 'parameter',
    }),
  );
  const fields = (method.RequestFormat?.Fields ?? []).map(
    (f: MethodField): Input => ({
      key: `f:${f.Name}`,
      name: f.Name,
      label: f.DisplayName && f.DisplayName !== f.Name ? `${f.DisplayName} (${f.Name})` : f.Name,
      description: f.Description,
      dataType: f.DataType,
      optional: f.IsOptional,
      values: f.Values,
      kind: 'field',
    }),
  );
  return [...parameters, ...fields];
}

/** Turns what was typed into the JSON value sent; returns the problem in words instead when it cannot. */
function parseInput(input: Input, text: string): { value: unknown } | { problem: string } {
  const trimmed = text.trim();
  if (NUMBERS.has(input.dataType)) {
    const number = Number(trimmed);
    if (!Number.isFinite(number) || (input.dataType === 'Integer' && !Number.isInteger(number)))
      return { problem: input.dataType === 'Integer' ? 'Enter a whole number.' : 'Enter a number.' };
    return { value: number };
  }
  if (input.dataType === 'Boolean') return { value: trimmed === 'true' };
  if (STRUCTURED.has(input.dataType) && input.kind === 'field') {
    try {
      return { value: JSON.parse(trimmed) };
    } catch {
      return {
        problem: `Enter JSON (${input.dataType === 'Array' ? 'an array, like [ … ]' : 'an object, like { … }'}).`,
      };
    }
  }
  return { value: text };
}

/** A short description of a response: its lists and how long they are. */
function summaryOf(body: unknown): string | null {
  if (Array.isArray(body)) return `${body.length} item${body.length === 1 ? '' : 's'}`;
  if (body && typeof body === 'object') {
    const lists = Object.entries(body as Record<string, unknown>).filter(([, v]) => Array.isArray(v));
    if (lists.length > 0)
      return lists
        .map(([k, v]) => `${k}: ${(v as unknown[]).length} item${(v as unknown[]).length === 1 ? '' : 's'}`)
        .join(', ');
  }
  return null;
}

function InputControl({
  input,
  value,
  error,
  onChange,
}: {
  readonly input: Input;
  readonly value: string;
  readonly error: string | undefined;
  onChange(value: string): void;
}) {
  const common = {
    label: input.label,
    value,
    onChange,
    error,
    optional: input.optional,
    ...(input.description ? { hint: input.description } : {}),
  };
  if (input.dataType === 'Boolean' || input.values.length > 0) {
    const options = input.dataType === 'Boolean' ? ['true', 'false'] : input.values;
    return (
      <SelectField {...common}>
        <option value="">{input.optional ? '(not set)' : 'Choose…'}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </SelectField>
    );
  }
  if (STRUCTURED.has(input.dataType) && input.kind === 'field') {
    return <TextAreaField {...common} rows={4} spellCheck={false} className="code-input" />;
  }
  return (
    <TextField
      {...common}
      inputMode={NUMBERS.has(input.dataType) ? 'decimal' : undefined}
      placeholder={
        input.dataType === 'DateTime'
          ? '2030-01-31T09:00:00Z'
          : input.dataType === 'Date'
            ? '2030-01-31'
            : undefined
      }
      spellCheck={false}
      autoComplete="off"
    />
  );
}

/** What to do when a run needs credentials: the fix is the page's Authenticate button, not an API call. */
export const AUTHENTICATE_FIRST =
  'Authenticate this connector first: use the Authenticate button under Authentication above.';

const NEEDS_AUTHENTICATION = new Set(['not_authenticated', 'needs_reauthentication']);

/** The API's message, except where the console has a clearer instruction for the same problem. */
function runFailureMessage(error: unknown): string {
  if (error instanceof ApiError && error.code !== null && NEEDS_AUTHENTICATION.has(error.code))
    return AUTHENTICATE_FIRST;
  return errorMessage(error);
}

interface RunResult {
  readonly status: number;
  readonly milliseconds: number;
  readonly body: unknown;
  /** From `Plugboard-Pages-Fetched` and `Plugboard-Has-More`, for list methods. */
  readonly pagesFetched: number | null;
  readonly hasMore: boolean;
}

/**
 * Tries the installed connector: pick a method, fill its parameters and body fields, and see the
 * provider's answer — the same `POST /v1.0/account/connectors/{id}/methods/{MethodUniqueIdentifier}`
 * a partner's backend calls.
 */
export function MethodRunner({
  accountId,
  accountConnector,
}: {
  readonly accountId: string;
  readonly accountConnector: AccountConnector;
}) {
  const api = useApi();
  const connectorId = accountConnector.Connector.Id;
  const methods = useLoad(`methods/${connectorId}`, (signal) =>
    api.get<ConnectorMethod[]>(`/v1.0/connectors/${segment(connectorId)}/methods`, { signal }),
  );
  const [methodId, setMethodId] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [maxPages, setMaxPages] = useState('1');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<RunResult | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const authenticated = accountConnector.Authenticated;

  const authenticatedAt = accountConnector.AuthenticatedAtUtc;
  // A failure from before the connector was (re)authenticated no longer applies once it is.
  useEffect(() => {
    if (authenticated && authenticatedAt) setFailure(null);
  }, [authenticated, authenticatedAt]);

  const method = methods.data?.find((m) => m.MethodUniqueIdentifier === methodId) ?? null;
  const inputs = useMemo(() => (method ? inputsOf(method) : []), [method]);
  const categories = useMemo(() => {
    const groups = new Map<string, ConnectorMethod[]>();
    for (const m of methods.data ?? []) groups.set(m.Category, [...(groups.get(m.Category) ?? []), m]);
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [methods.data]);

  const choose = (id: string) => {
    setMethodId(id);
    setValues({});
    setMaxPages('1');
    setErrors({});
    setFailure(null);
    setResult(null);
  };

  const run = async (event: FormEvent) => {
    event.preventDefault();
    if (!method) {
      setErrors({ method: 'Choose a method.' });
      return focusFirstInvalid(form.current);
    }
    const found: Record<string, string> = {};
    const Parameters: Record<string, unknown> = {};
    const Fields: Record<string, unknown> = {};
    for (const input of inputs) {
      const text = values[input.key] ?? '';
      if (text.trim() === '') {
        if (!input.optional) found[input.key] = `Enter ${input.name}.`;
        continue;
      }
      const parsed = parseInput(input, text);
      if ('problem' in parsed) found[input.key] = parsed.problem;
      else if (input.kind === 'parameter') Parameters[input.name] = parsed.value;
      else Fields[input.name] = parsed.value;
    }
    const pages = Number(maxPages);
    if (method.Paging && (!Number.isInteger(pages) || pages < 1 || pages > 50))
      found.maxPages = 'Enter a whole number from 1 to 50.';
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(form.current);
    setBusy(true);
    setFailure(null);
    setResult(null);
    const started = performance.now();
    try {
      const response = await api.request<unknown>(
        'POST',
        `/v1.0/account/connectors/${segment(accountConnector.Id)}/methods/${segment(method.MethodUniqueIdentifier)}`,
        { account: accountId, body: { Parameters, Fields, ...(method.Paging ? { MaxPages: pages } : {}) } },
      );
      const fetched = response.headers.get('plugboard-pages-fetched');
      setResult({
        status: response.status,
        milliseconds: Math.round(performance.now() - started),
        body: response.data,
        pagesFetched: fetched === null ? null : Number(fetched),
        hasMore: response.headers.get('plugboard-has-more') === 'true',
      });
    } catch (error) {
      setFailure(runFailureMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const responseText = result ? (JSON.stringify(result.body, null, 2) ?? '') : '';
  const summary = result ? summaryOf(result.body) : null;
  return (
    <Section title="Run a method" id="method-runner">
      <p>Call the connector as your backend would, with this account's credentials.</p>
      {!authenticated && (
        <Notice kind="info">
          <span id="method-runner-needs-auth">
            {AUTHENTICATE_FIRST} Run method needs the connector's credentials.
          </span>
        </Notice>
      )}
      {methods.status === 'loading' && !methods.data && <Loading what="methods" />}
      {methods.status === 'error' && <ErrorNotice message={methods.message} />}
      {methods.data && (
        <form ref={form} onSubmit={run} noValidate className="form">
          <SelectField label="Method" value={methodId} onChange={choose} error={errors.method}>
            <option value="">Choose a method…</option>
            {categories.map(([category, list]) => (
              <optgroup key={category} label={category}>
                {list.map((m) => (
                  <option key={m.MethodUniqueIdentifier} value={m.MethodUniqueIdentifier}>
                    {m.Name}
                  </option>
                ))}
              </optgroup>
            ))}
          </SelectField>
          {method && (
            <>
              <p className="method-call">
                <span className={`verb verb-${method.HttpMethod.toLowerCase()}`}>{method.HttpMethod}</span>{' '}
                <code>{method.EndPoint}</code> — {method.Description}
              </p>
              {inputs.length === 0 ? (
                <p className="hint">This method takes no parameters.</p>
              ) : (
                <fieldset className="inputs">
                  <legend>Parameters and fields</legend>
                  {inputs.map((input) => (
                    <InputControl
                      key={input.key}
                      input={input}
                      value={values[input.key] ?? ''}
                      error={errors[input.key]}
                      onChange={(value) => setValues((previous) => ({ ...previous, [input.key]: value }))}
                    />
                  ))}
                </fieldset>
              )}
              {method.Paging && (
                <TextField
                  label="Pages to fetch"
                  hint={`Plugboard follows the provider's pages (up to ${method.Paging.MaxPageSize} items each) and joins them; 1 to 50.`}
                  value={maxPages}
                  onChange={setMaxPages}
                  error={errors.maxPages}
                  inputMode="numeric"
                />
              )}
            </>
          )}
          <div className="form-actions">
            <Button
              type="submit"
              variant="primary"
              busy={busy}
              busyLabel="Running…"
              disabled={!authenticated}
              aria-describedby={authenticated ? undefined : 'method-runner-needs-auth'}
            >
              Run method
            </Button>
          </div>
          <ErrorNotice message={failure} title="The call failed" />
        </form>
      )}
      {result && (
        <section className="response" aria-label="Response">
          <p className="response-meta" role="status">
            <strong>{result.status}</strong> in {result.milliseconds} ms{summary ? ` · ${summary}` : ''}
            {result.pagesFetched !== null &&
              ` · ${result.pagesFetched} page${result.pagesFetched === 1 ? '' : 's'}${result.hasMore ? ', more available' : ''}`}
            <CopyButton value={responseText} label="Copy the response" />
          </p>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus so the keyboard can scroll it. */}
          <pre tabIndex={0} data-testid="method-response">
            {responseText}
          </pre>
        </section>
      )}
    </Section>
  );
}
