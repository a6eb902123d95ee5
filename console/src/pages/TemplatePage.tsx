import { useState } from 'react';
import type { Template, TemplateDocument } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { SelectField } from '../components/Field.tsx';
import { ErrorNotice, Loading } from '../components/Notice.tsx';
import { Page, Section } from '../components/Page.tsx';
import { StepGraph } from '../components/StepGraph.tsx';
import { formatDateTime } from '../lib/format.ts';
import { segment } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';

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
        </>
      )}
    </Page>
  );
}
