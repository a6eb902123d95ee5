import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.ts';
import type { Template, TemplateDocument } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { SelectField } from '../components/Field.tsx';
import { ErrorNotice, Loading, Notice } from '../components/Notice.tsx';
import { Page, Section } from '../components/Page.tsx';
import { StepGraph } from '../components/StepGraph.tsx';
import { formatDateTime } from '../lib/format.ts';
import { segment } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';
import { type Mapping, withMapping } from './mapping-slots.ts';
import { StepEditor } from './StepEditor.tsx';
import { problemsByStep } from './TemplateImport.tsx';

/** Offers `document` as a JSON file download. */
function download(document: TemplateDocument, releaseNumber: number) {
  const blob = new Blob([`${JSON.stringify(document, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = window.document.createElement('a');
  link.href = url;
  link.download = `${document.Name.replace(/[^A-Za-z0-9-]+/g, '-').toLowerCase()}-release-${releaseNumber}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** One template: its releases, the graph of a release's steps, and its export. */
export function TemplatePage({ templateId }: { readonly templateId: string }) {
  const api = useApi();
  const path = `/v1.0/templates/${segment(templateId)}`;
  const template = useLoad(path, (signal) => api.get<Template>(path, { signal }));
  const [release, setRelease] = useState<string>('');
  const shown = release || String(template.data?.ReleaseNumber ?? '');
  const document = useLoad(`${path}/export/${shown}`, (signal) =>
    shown
      ? api.get<TemplateDocument>(`${path}/export`, { signal, query: { releaseNumber: shown } })
      : Promise.resolve(null),
  );
  const data = template.data;
  const latest = data !== null && shown === String(data.ReleaseNumber);
  const [draft, setDraft] = useState<TemplateDocument | null>(null);
  const [stepKey, setStepKey] = useState('');
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const [publishFailure, setPublishFailure] = useState<string | null>(null);
  const [published, setPublished] = useState<number | null>(null);
  const [publishing, setPublishing] = useState(false);
  // The editor works on a copy of the latest release; a new release starts a new copy.
  useEffect(() => {
    if (latest && document.data) {
      setDraft(document.data);
      setStepKey((key) => key || document.data?.Steps[0]?.Key || '');
    }
  }, [latest, document.data]);
  const edit = (path: readonly string[], mapping: Mapping) => {
    if (draft) setDraft(withMapping(draft, stepKey, path, mapping));
  };
  const publish = async () => {
    if (!draft || !data) return;
    setPublishing(true);
    setPublishFailure(null);
    setProblems({});
    try {
      const imported = await api.send<Template>('POST', '/v1.0/templates/import', { body: draft });
      setPublished(imported.ReleaseNumber);
      setRelease('');
      await template.reload();
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const split = problemsByStep(error.message, draft.Steps);
        setProblems(Object.fromEntries(split.byStep.map((entry) => [entry.step.Key, entry.messages])));
        setPublishFailure(
          split.general.length > 0 ? split.general.join(' ') : 'The edit was refused; no release was made.',
        );
      } else setPublishFailure(errorMessage(error));
    } finally {
      setPublishing(false);
    }
  };
  return (
    <Page
      title={data?.Name ?? 'Template'}
      crumbs={[{ label: 'Templates', to: '/templates' }]}
      lead={data?.Description ?? undefined}
      actions={
        document.data && (
          <Button onClick={() => document.data && download(document.data, Number(shown))}>
            Export release {shown}
          </Button>
        )
      }
    >
      {template.status === 'loading' && !data && <Loading what="the template" />}
      {template.status === 'error' && <ErrorNotice message={template.message} />}
      {data && (
        <>
          <dl className="details">
            <div>
              <dt>Tags</dt>
              <dd>{data.Tags.length > 0 ? data.Tags.join(', ') : '—'}</dd>
            </div>
            <div>
              <dt>Connectors</dt>
              <dd>{data.Connectors.map((c) => `${c.Name} ${c.Version} (${c.Key})`).join(', ')}</dd>
            </div>
            <div>
              <dt>Latest release</dt>
              <dd>
                {data.ReleaseNumber}, {formatDateTime(data.ModifiedOnUtc)}
              </dd>
            </div>
          </dl>
          <Section title="Steps" id="template-steps">
            <SelectField
              label="Release"
              hint="Releases never change; a cycle keeps the release it was installed from until it is upgraded."
              value={shown}
              onChange={setRelease}
            >
              {Array.from({ length: data.ReleaseNumber }, (_, i) => data.ReleaseNumber - i).map((n) => (
                <option key={n} value={n}>
                  Release {n}
                  {n === data.ReleaseNumber ? ' (latest)' : ''}
                </option>
              ))}
            </SelectField>
            {document.status === 'error' && <ErrorNotice message={document.message} />}
            {document.data && <StepGraph document={document.data} />}
          </Section>
          {latest && draft && (
            <Section title="Edit a step" id="edit-step">
              {published && <Notice kind="success">Published release {published}.</Notice>}
              <ErrorNotice message={publishFailure} title="No release was published" />
              {Object.entries(problems)
                .filter(([key]) => key !== stepKey)
                .map(([key, messages]) => (
                  <Notice key={key} kind="warning" title={`Step ${key}`}>
                    {messages.join(' ')}
                  </Notice>
                ))}
              <SelectField label="Step" value={stepKey} onChange={setStepKey}>
                {draft.Steps.map((s) => (
                  <option key={s.Key} value={s.Key}>
                    {s.Name ?? s.Key} ({s.Kind})
                  </option>
                ))}
              </SelectField>
              <StepEditor
                document={draft}
                stepKey={stepKey}
                problems={problems[stepKey] ?? []}
                onChange={edit}
              />
              <div className="form-actions">
                <Button
                  variant="primary"
                  busy={publishing}
                  busyLabel="Publishing…"
                  onClick={() => void publish()}
                >
                  Publish release {data.ReleaseNumber + 1}
                </Button>
              </div>
            </Section>
          )}
        </>
      )}
    </Page>
  );
}
