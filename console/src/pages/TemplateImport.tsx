import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.ts';
import type { Template, TemplateStepDocument } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { TextAreaField } from '../components/Field.tsx';
import { ErrorNotice } from '../components/Notice.tsx';
import { useApi } from '../lib/session.tsx';

interface StepProblems {
  readonly step: TemplateStepDocument;
  readonly messages: string[];
}

/** Splits the import's 400 message into the problems of each step (by key) and the rest. */
export function problemsByStep(message: string, steps: readonly TemplateStepDocument[]) {
  const sentences = message.split(/(?<=\.)\s+(?=[A-Z'])/).filter(Boolean);
  const byStep: StepProblems[] = steps.map((step) => ({ step, messages: [] }));
  const general: string[] = [];
  for (const sentence of sentences) {
    const owner = byStep.find((entry) => sentence.includes(`'${entry.step.Key}'`));
    if (owner) owner.messages.push(sentence);
    else general.push(sentence);
  }
  return { byStep: byStep.filter((entry) => entry.messages.length > 0), general };
}

/** Imports a template document pasted or read from a file; the import's problems are shown by step. */
export function TemplateImport({ onImported }: { readonly onImported: (template: Template) => void }) {
  const api = useApi();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [stepProblems, setStepProblems] = useState<StepProblems[]>([]);

  const readFile = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setStepProblems([]);
    let document: { Steps?: TemplateStepDocument[] };
    try {
      document = JSON.parse(text);
    } catch {
      setFailure('This is not JSON: paste a template document, or choose its file.');
      return;
    }
    setBusy(true);
    try {
      onImported(await api.send<Template>('POST', '/v1.0/templates/import', { body: document }));
      setText('');
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && Array.isArray(document.Steps)) {
        const split = problemsByStep(error.message, document.Steps);
        setStepProblems(split.byStep);
        setFailure(
          split.general.length > 0 ? split.general.join(' ') : 'The import was refused; nothing was changed.',
        );
      } else setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="form panel" aria-label="Import a template">
      <ErrorNotice message={failure} title="The template was not imported" />
      {stepProblems.length > 0 && (
        <ul className="step-problems" aria-label="Problems by step">
          {stepProblems.map(({ step, messages }) => (
            <li key={step.Key}>
              <strong>
                {step.Name ?? step.Key} <code>{step.Key}</code>
              </strong>
              <ul>
                {messages.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      <TextAreaField
        label="Template document (JSON)"
        hint="Importing a Name that exists makes a new release of that template."
        value={text}
        onChange={setText}
        rows={10}
        spellCheck={false}
      />
      <div className="field">
        <label htmlFor="template-file">Or read it from a file</label>
        <input
          id="template-file"
          type="file"
          accept="application/json,.json"
          onChange={(event) => void readFile(event.target.files?.[0])}
        />
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy} busyLabel="Importing…">
          Import
        </Button>
      </div>
    </form>
  );
}
