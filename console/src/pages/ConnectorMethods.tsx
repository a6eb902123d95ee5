import { useMemo, useState } from 'react';
import type { Connector, ConnectorMethod } from '../api/types.ts';
import { EmptyState, ErrorNotice, Loading } from '../components/Notice.tsx';
import { Section } from '../components/Page.tsx';
import { plural } from '../lib/format.ts';
import { segment } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';

/** One method: what it calls and what it takes. */
function MethodDetails({ method }: { readonly method: ConnectorMethod }) {
  return (
    <details className="method">
      <summary>
        <span className="method-name">{method.Name}</span>
        <span className="http">
          <span className={`verb verb-${method.HttpMethod.toLowerCase()}`}>{method.HttpMethod}</span>{' '}
          <code>{method.EndPoint}</code>
        </span>
      </summary>
      <p>{method.Description}</p>
      <p className="meta">
        MethodUniqueIdentifier <code>{method.MethodUniqueIdentifier}</code>
      </p>
      {method.Parameters.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact">
            <caption>Parameters</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">In</th>
                <th scope="col">Type</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {method.Parameters.map((parameter) => (
                <tr key={parameter.Name}>
                  <td data-label="Name">
                    <code>{parameter.Name}</code>
                    {!parameter.IsOptional && <span className="required"> required</span>}
                  </td>
                  <td data-label="In">{parameter.TargetType}</td>
                  <td data-label="Type">{parameter.DataType}</td>
                  <td data-label="Description">
                    {parameter.Description}
                    {parameter.Values.length > 0 && <> One of: {parameter.Values.join(', ')}.</>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {method.RequestFormat && method.RequestFormat.Fields.length > 0 && (
        <p className="meta">
          Body fields: {method.RequestFormat.Fields.map((field) => field.Name).join(', ')}
        </p>
      )}
    </details>
  );
}

/** Connector › Methods: everything the connector can call, searchable by name and category. */
export function ConnectorMethods({ connector }: { readonly connector: Connector }) {
  const api = useApi();
  const methods = useLoad(`methods/${connector.Id}`, (signal) =>
    api.get<ConnectorMethod[]>(`/v1.0/connectors/${segment(connector.Id)}/methods`, { signal }),
  );
  const [text, setText] = useState('');
  const [category, setCategory] = useState('');
  const categories = useMemo(
    () => [...new Set((methods.data ?? []).map((m) => m.Category))].sort((a, b) => a.localeCompare(b)),
    [methods.data],
  );
  const shown = (methods.data ?? []).filter(
    (m) =>
      (!category || m.Category === category) &&
      (!text.trim() || `${m.Name} ${m.Description}`.toLowerCase().includes(text.trim().toLowerCase())),
  );
  return (
    <Section title="Methods" id="methods">
      {methods.status === 'loading' && !methods.data && <Loading what="methods" />}
      {methods.status === 'error' && <ErrorNotice message={methods.message} />}
      {methods.data && (
        <>
          <search className="filters">
            <div className="field">
              <label htmlFor="method-search">Search methods</label>
              <input
                id="method-search"
                type="search"
                value={text}
                onChange={(e) => setText(e.target.value)}
                autoComplete="off"
              />
            </div>
            <div className="field">
              <label htmlFor="method-category">Category</label>
              <select id="method-category" value={category} onChange={(e) => setCategory(e.target.value)}>
                <option value="">All categories</option>
                {categories.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
          </search>
          <p className="result-count" role="status">
            {plural(shown.length, 'method')}
          </p>
          {shown.length === 0 ? (
            <EmptyState title="No method matches." />
          ) : (
            <div className="method-list">
              {shown.map((method) => (
                <MethodDetails key={method.MethodUniqueIdentifier} method={method} />
              ))}
            </div>
          )}
        </>
      )}
    </Section>
  );
}
