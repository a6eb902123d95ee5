import { useEffect, useState } from 'react';
import type { Connector } from '../api/types.ts';
import { EmptyState, ErrorNotice, Loading } from '../components/Notice.tsx';
import { Page } from '../components/Page.tsx';
import { plural } from '../lib/format.ts';
import { Link, segment, useRouter } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';

/** Waits until typing pauses before searching. */
function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Connectors › Connector Library: every connector this Plugboard can talk to. */
export function ConnectorLibraryPage() {
  const api = useApi();
  const { location, navigate } = useRouter();
  const [search, setSearch] = useState(location.query.get('query') ?? '');
  const query = useDebounced(search.trim(), 250);
  const inUrl = location.query.get('query') ?? '';
  useEffect(() => {
    // Keep the search in the address, so it survives a reload and the back button.
    if (query !== inUrl)
      navigate(query ? `/connectors?query=${encodeURIComponent(query)}` : '/connectors', { replace: true });
  }, [query, inUrl, navigate]);
  const connectors = useLoad(`connectors?${query}`, (signal) =>
    api.get<Connector[]>('/v1.0/connectors', { signal, query: { query, pageSize: 1000 } }),
  );

  return (
    <Page
      title="Connector library"
      lead="Set up a connector with your OAuth app once; then install it in your accounts."
    >
      <search className="search">
        <form onSubmit={(event) => event.preventDefault()}>
          <label htmlFor="connector-search">Search connectors</label>
          <input
            id="connector-search"
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            placeholder="Name or description"
            autoComplete="off"
          />
        </form>
      </search>
      {connectors.status === 'loading' && !connectors.data && <Loading what="connectors" />}
      {connectors.status === 'error' && <ErrorNotice message={connectors.message} />}
      {connectors.data && connectors.data.length === 0 && (
        <EmptyState
          title={query ? `No connector matches “${query}”.` : 'There are no connectors in this build.'}
        />
      )}
      {connectors.data && connectors.data.length > 0 && (
        <>
          <p className="result-count" role="status">
            {plural(connectors.data.length, 'connector')}
          </p>
          <ul className="cards" aria-label="Connectors">
            {connectors.data.map((connector) => (
              <li key={connector.Id} className="card">
                <div className="card-title">
                  <img src={connector.Icon} alt="" width="40" height="40" />
                  <h2>
                    <Link to={`/connectors/${segment(connector.Id)}`}>
                      {connector.Name} {connector.Version}
                    </Link>
                  </h2>
                </div>
                <p>{connector.Description}</p>
                <p className="meta">
                  {connector.AuthType} · {connector.Categories.join(', ')}
                  {connector.MethodCount !== undefined && ` · ${plural(connector.MethodCount, 'method')}`}
                </p>
                <p className="card-links">
                  <Link
                    to={`/connectors/${segment(connector.Id)}/setup`}
                    aria-label={`Set up ${connector.Name} ${connector.Version}`}
                  >
                    Setup
                  </Link>
                  <Link
                    to={`/connectors/${segment(connector.Id)}/methods`}
                    aria-label={`Methods of ${connector.Name} ${connector.Version}`}
                  >
                    Methods
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}
