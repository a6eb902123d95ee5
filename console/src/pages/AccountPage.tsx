import { useState } from 'react';
import { errorMessage } from '../api/client.ts';
import type { Account } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorNotice, Loading, Notice } from '../components/Notice.tsx';
import { Page, Section } from '../components/Page.tsx';
import { formatDateTime } from '../lib/format.ts';
import { segment, useRouter } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';
import { AccountConnectorList } from './AccountConnectorList.tsx';
import { AccountCycleList } from './AccountCycleList.tsx';
import { AccountForm, type AccountInput } from './AccountForm.tsx';

/** One account: its details (edit, delete) and its installed connectors. */
export function AccountPage({ accountId }: { readonly accountId: string }) {
  const api = useApi();
  const { location, navigate } = useRouter();
  const path = `/v1.0/accounts/${segment(accountId)}`;
  const account = useLoad(path, (signal) => api.get<Account>(path, { signal }));
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [deleteFailure, setDeleteFailure] = useState<string | null>(null);

  const save = async (input: AccountInput) => {
    const updated = await api.send<Account>('PUT', path, { body: input });
    account.setData(updated);
    setEditing(false);
    setSaved(true);
  };

  const remove = async () => {
    setDeleteBusy(true);
    setDeleteFailure(null);
    try {
      await api.send('DELETE', path);
      navigate(`/accounts?deleted=${encodeURIComponent(account.data?.Name ?? accountId)}`);
    } catch (error) {
      setDeleteFailure(errorMessage(error));
      setDeleteBusy(false);
    }
  };

  const data = account.data;
  return (
    <Page
      title={data?.Name ?? 'Account'}
      crumbs={[{ label: 'Accounts', to: '/accounts' }]}
      actions={
        data &&
        !editing && (
          <>
            <Button
              onClick={() => {
                setEditing(true);
                setSaved(false);
              }}
            >
              Edit
            </Button>
            <Button variant="danger" onClick={() => setDeleting(true)}>
              Delete
            </Button>
          </>
        )
      }
    >
      {account.status === 'loading' && !data && <Loading what="the account" />}
      {account.status === 'error' && <ErrorNotice message={account.message} />}
      {location.query.get('created') && !saved && data && (
        <Notice kind="success">Account “{data.Name}” was created.</Notice>
      )}
      {saved && <Notice kind="success">Changes saved.</Notice>}
      {data && editing && (
        <Section title="Edit account" id="edit-account">
          <AccountForm
            account={data}
            submitLabel="Save changes"
            onSubmit={save}
            onCancel={() => setEditing(false)}
          />
        </Section>
      )}
      {data && !editing && (
        <dl className="details">
          <div>
            <dt>Id</dt>
            <dd>
              <code>{data.Id}</code>
            </dd>
          </div>
          <div>
            <dt>Description</dt>
            <dd>{data.Description ?? '—'}</dd>
          </div>
          <div>
            <dt>Time zone</dt>
            <dd>{data.Timezone ?? '—'}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatDateTime(data.CreatedDate)}</dd>
          </div>
        </dl>
      )}
      {data && <AccountConnectorList account={data} />}
      {data && <AccountCycleList account={data} />}
      <ConfirmDialog
        open={deleting}
        title="Delete this account?"
        confirmLabel="Delete account"
        busy={deleteBusy}
        error={deleteFailure}
        onConfirm={remove}
        onCancel={() => {
          setDeleting(false);
          setDeleteFailure(null);
        }}
      >
        <p>
          “{data?.Name}” and everything in it — its installed connectors and their credentials — are deleted.
          This cannot be undone.
        </p>
      </ConfirmDialog>
    </Page>
  );
}
