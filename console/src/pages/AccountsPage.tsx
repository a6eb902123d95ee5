import { useEffect, useState } from 'react';
import type { Account } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { EmptyState, ErrorNotice, Loading, Notice } from '../components/Notice.tsx';
import { Page } from '../components/Page.tsx';
import { Pager } from '../components/Pager.tsx';
import { formatDateTime } from '../lib/format.ts';
import { Link, segment, useRouter } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';
import { AccountForm, type AccountInput } from './AccountForm.tsx';

const PAGE_SIZE = 20;

interface AccountList {
  readonly accounts: Account[];
  readonly totalPages: number;
  readonly totalRecords: number;
}

/** Accounts: the partner's customers, paged and searchable. */
export function AccountsPage() {
  const api = useApi();
  const { location, navigate } = useRouter();
  const page = Math.max(1, Number(location.query.get('page')) || 1);
  const query = location.query.get('query') ?? '';
  const deleted = location.query.get('deleted');
  const [search, setSearch] = useState(query);
  const [creating, setCreating] = useState(false);
  useEffect(() => setSearch(query), [query]);

  const list = useLoad(`accounts?${page}&${query}`, async (signal): Promise<AccountList> => {
    const result = await api.request<Account[]>('GET', '/v1.0/accounts', {
      signal,
      query: { page, pageSize: PAGE_SIZE, query: query || undefined },
    });
    return {
      accounts: result.data,
      totalPages: Number(result.headers.get('total-pages') ?? 1),
      totalRecords: Number(result.headers.get('total-records') ?? result.data.length),
    };
  });

  const go = (next: { page?: number; query?: string }) => {
    const params = new URLSearchParams();
    const q = next.query ?? query;
    if (q) params.set('query', q);
    if ((next.page ?? 1) > 1) params.set('page', String(next.page));
    const search = params.toString();
    navigate(`/accounts${search ? `?${search}` : ''}`);
  };

  const create = async (input: AccountInput) => {
    const account = await api.send<Account>('POST', '/v1.0/accounts', { body: input });
    navigate(`/accounts/${segment(account.Id)}?created=1`);
  };

  return (
    <Page
      title="Accounts"
      lead="Your customers. Each account has its own installed connectors and credentials."
      actions={
        !creating && (
          <Button variant="primary" onClick={() => setCreating(true)}>
            Create account
          </Button>
        )
      }
    >
      {deleted && <Notice kind="success">Account “{deleted}” was deleted.</Notice>}
      {creating && (
        <section aria-labelledby="new-account">
          <h2 id="new-account">New account</h2>
          <AccountForm submitLabel="Create account" onSubmit={create} onCancel={() => setCreating(false)} />
        </section>
      )}
      <search className="search">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            go({ query: search.trim(), page: 1 });
          }}
        >
          <label htmlFor="account-search">Search accounts</label>
          <div className="search-row">
            <input
              id="account-search"
              type="search"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              placeholder="Name or id"
              autoComplete="off"
            />
            <Button type="submit">Search</Button>
          </div>
        </form>
      </search>
      {list.status === 'loading' && !list.data && <Loading what="accounts" />}
      {list.status === 'error' && <ErrorNotice message={list.message} />}
      {list.data && list.data.accounts.length === 0 && (
        <EmptyState title={query ? `No account matches “${query}”.` : 'No accounts yet.'}>
          {!query && <p>Create one for each of your customers, here or with POST /v1.0/accounts.</p>}
        </EmptyState>
      )}
      {list.data && list.data.accounts.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="table" aria-busy={list.status === 'loading'}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Id</th>
                  <th scope="col">Description</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {list.data.accounts.map((account) => (
                  <tr key={account.Id}>
                    <td data-label="Name">
                      <Link to={`/accounts/${segment(account.Id)}`}>{account.Name}</Link>
                    </td>
                    <td data-label="Id">
                      <code>{account.Id}</code>
                    </td>
                    <td data-label="Description">{account.Description ?? '—'}</td>
                    <td data-label="Created">{formatDateTime(account.CreatedDate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            page={page}
            totalPages={list.data.totalPages}
            totalRecords={list.data.totalRecords}
            noun="account"
            onPage={(next) => go({ page: next })}
          />
        </>
      )}
    </Page>
  );
}
