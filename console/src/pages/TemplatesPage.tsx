import { useState } from 'react';
import type { Template } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { EmptyState, ErrorNotice, Loading, Notice } from '../components/Notice.tsx';
import { Page, Section } from '../components/Page.tsx';
import { Link, segment } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';
import { TemplateImport } from './TemplateImport.tsx';

/** The partner's templates, and importing one. */
export function TemplatesPage() {
  const api = useApi();
  const templates = useLoad('templates', (signal) =>
    api.get<Template[]>('/v1.0/templates', { signal, query: { pageSize: 1000 } }),
  );
  const [importing, setImporting] = useState(false);
  const [imported, setImported] = useState<Template | null>(null);
  return (
    <Page
      title="Templates"
      lead="Integrations designed once and installed in each customer's account as cycles."
      actions={
        !importing && (
          <Button variant="primary" onClick={() => setImporting(true)}>
            Import a template
          </Button>
        )
      }
    >
      {imported && (
        <Notice kind="success">
          Imported “{imported.Name}”, release {imported.ReleaseNumber}.
        </Notice>
      )}
      {importing && (
        <Section title="Import a template" id="import-template">
          <TemplateImport
            onImported={(template) => {
              setImported(template);
              setImporting(false);
              void templates.reload();
            }}
          />
        </Section>
      )}
      {templates.status === 'loading' && !templates.data && <Loading what="templates" />}
      {templates.status === 'error' && <ErrorNotice message={templates.message} />}
      {templates.data && templates.data.length === 0 && (
        <EmptyState title="No templates yet.">
          <p>Import a template document to offer your first integration.</p>
        </EmptyState>
      )}
      {templates.data && templates.data.length > 0 && (
        <ul className="rows" aria-label="Templates">
          {templates.data.map((template) => (
            <li key={template.Id} className="row">
              <div className="row-main">
                <Link className="row-link" to={`/templates/${segment(template.Id)}`}>
                  {template.Name}
                </Link>
                <span className="meta">
                  Release {template.ReleaseNumber}
                  {template.Tags.length > 0 ? ` · ${template.Tags.join(', ')}` : ''} ·{' '}
                  {template.Connectors.map((c) => `${c.Name} ${c.Version}`).join(', ')}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
