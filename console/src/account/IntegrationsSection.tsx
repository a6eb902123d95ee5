import { useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { accountApi, type Integration } from './account-api.ts';

const STATUS_TEXT: Readonly<Record<string, string>> = {
  Active: 'On',
  Paused: 'Off',
  Stopped: 'Off',
  Error: 'Stopped after an error',
};

/** One integration: its settings the user may fill, and its switch. */
function IntegrationCard({
  integration,
  onChanged,
  announce,
}: {
  readonly integration: Integration;
  readonly onChanged: (updated: Integration) => Promise<void>;
  readonly announce: (text: string) => void;
}) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(integration.Variables.map((v) => [v.SystemName, v.Value ?? ''])),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const on = integration.Cycle?.Status === 'Active';
  const headingId = `integration-${integration.TemplateId}`;
  const unmet = integration.Cycle && !on ? integration.Cycle.Prerequisites : [];

  async function flip(to: 'on' | 'off') {
    setBusy(true);
    setError(null);
    try {
      const updated = await accountApi.send<Integration>(
        'POST',
        `/account-api/integrations/${encodeURIComponent(integration.TemplateId)}/switch-${to}`,
        to === 'on' ? { body: { Variables: values } } : {},
      );
      await onChanged(updated);
      const nowOn = updated.Cycle?.Status === 'Active';
      announce(
        nowOn
          ? `${integration.Name} is on.`
          : to === 'on'
            ? `${integration.Name} is not on yet: ${updated.Cycle?.Prerequisites.map((p) => p.Message).join(' ')}`
            : `${integration.Name} is off.`,
      );
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="card" aria-labelledby={headingId}>
      <div className="card-body">
        <h3 id={headingId}>{integration.Name}</h3>
        {integration.Description && <p className="muted">{integration.Description}</p>}
        <p className={on ? 'status status-good' : 'status'}>
          {integration.Cycle ? (STATUS_TEXT[integration.Cycle.Status] ?? integration.Cycle.Status) : 'Off'}
          {integration.Apps.length > 0 && ` · uses ${integration.Apps.join(', ')}`}
        </p>
        {unmet.length > 0 && (
          <ul className="needs">
            {unmet.map((p) => (
              <li key={`${p.ReasonCode}-${p.Message}`}>{p.Message}</li>
            ))}
          </ul>
        )}
        {integration.Variables.map((variable) => {
          const id = `${integration.TemplateId}-${variable.SystemName}`;
          return (
            <div key={variable.SystemName}>
              <label htmlFor={id}>{variable.DisplayName}</label>
              <input
                id={id}
                type="text"
                value={values[variable.SystemName] ?? ''}
                disabled={on || busy}
                onChange={(event) => setValues({ ...values, [variable.SystemName]: event.target.value })}
              />
            </div>
          );
        })}
        {error && (
          <p className="message message-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <button
        type="button"
        className={on ? 'button button-secondary' : 'button'}
        disabled={busy}
        aria-label={`${on ? 'Switch off' : 'Switch on'} ${integration.Name}`}
        onClick={() => void flip(on ? 'off' : 'on')}
      >
        {busy ? 'Working…' : on ? 'Switch off' : 'Switch on'}
      </button>
    </li>
  );
}

/** The integrations the partner offers here, each with its switch. */
export function IntegrationsSection({
  integrations,
  onChanged,
  announce,
}: {
  readonly integrations: readonly Integration[];
  readonly onChanged: (updated: Integration) => Promise<void>;
  readonly announce: (text: string) => void;
}) {
  return (
    <section aria-labelledby="integrations-heading" className="section">
      <h2 id="integrations-heading">Integrations</h2>
      {integrations.length === 0 ? (
        <p className="muted">There are no integrations to set up here yet.</p>
      ) : (
        <ul className="cards">
          {integrations.map((integration) => (
            <IntegrationCard
              key={integration.TemplateId}
              integration={integration}
              onChanged={onChanged}
              announce={announce}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
