import type { Connector } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/Notice.tsx';
import { Page } from '../components/Page.tsx';
import { Link, segment } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';
import { ConnectorMethods } from './ConnectorMethods.tsx';
import { ConnectorSetupForm } from './ConnectorSetupForm.tsx';

const TABS = [
  { id: 'setup', label: 'Setup' },
  { id: 'methods', label: 'Methods' },
] as const;

/** Connectors › Connector Library › {connector}: its Setup and its Methods. */
export function ConnectorPage({
  connectorId,
  tab,
}: {
  readonly connectorId: string;
  readonly tab: 'setup' | 'methods';
}) {
  const api = useApi();
  const connector = useLoad(`connector/${connectorId}`, (signal) =>
    api.get<Connector>(`/v1.0/connectors/${segment(connectorId)}`, { signal }),
  );
  const title = connector.data ? `${connector.data.Name} ${connector.data.Version}` : 'Connector';
  return (
    <Page
      title={title}
      lead={connector.data?.Description}
      crumbs={[{ label: 'Connector library', to: '/connectors' }]}
    >
      {connector.status === 'loading' && !connector.data && <Loading what="the connector" />}
      {connector.status === 'error' && <ErrorNotice message={connector.message} />}
      {connector.data && (
        <>
          <nav className="tabs" aria-label={`${title} sections`}>
            {TABS.map((item) => (
              <Link
                key={item.id}
                className="tab"
                to={`/connectors/${segment(connectorId)}/${item.id}`}
                aria-current={tab === item.id ? 'page' : undefined}
              >
                {item.label}
              </Link>
            ))}
          </nav>
          {tab === 'setup' ? (
            <ConnectorSetupForm connector={connector.data} />
          ) : (
            <ConnectorMethods connector={connector.data} />
          )}
        </>
      )}
    </Page>
  );
}
