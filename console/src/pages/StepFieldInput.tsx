import { useId } from 'react';
import type { ConnectorMethod, TemplateDocument } from '../api/types.ts';
import { TextField } from '../components/Field.tsx';
import { segment } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';

/** The connector and method a Method step calls, by the document's connector keys. */
function methodOf(document: TemplateDocument, stepKey: string) {
  const step = document.Steps.find((s) => s.Key === stepKey);
  if (step?.Kind !== 'Method' || !step.Connector || !step.Method) return null;
  const connectors =
    (document.Connectors as { Key: string; Name: string; Version: string }[] | undefined) ?? [];
  const connector = connectors.find((c) => c.Key === step.Connector);
  return connector ? { name: connector.Name, version: connector.Version, method: step.Method } : null;
}

/**
 * The field of a previous step a StepData mapping reads: picked from that step's response fields (a
 * Method step's, from the connector's catalogue) or typed as a path into its output.
 */
export function StepFieldInput({
  document,
  fromStep,
  value,
  onChange,
}: {
  readonly document: TemplateDocument;
  readonly fromStep: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  const api = useApi();
  const listId = useId();
  const source = methodOf(document, fromStep);
  const path = source ? `/v1.0/connectors/${segment(source.name)}/${segment(source.version)}/methods` : '';
  const methods = useLoad(path, (signal) =>
    path ? api.get<ConnectorMethod[]>(path, { signal }) : Promise.resolve([] as ConnectorMethod[]),
  );
  const fields =
    methods.data?.find((m) => m.MethodUniqueIdentifier === source?.method)?.ResponseFormat?.Fields ?? [];
  return (
    <>
      <TextField
        label="Field"
        hint={
          fields.length > 0
            ? `Pick one of the ${fields.length} response fields of that step, or type a path into one, such as emailAddresses[0].address.`
            : "A path into that step's output, such as emailAddresses[0].address."
        }
        value={value}
        onChange={onChange}
        list={fields.length > 0 ? listId : undefined}
        autoComplete="off"
        spellCheck={false}
      />
      {fields.length > 0 && (
        <datalist id={listId}>
          {fields.map((field) => (
            <option key={field.Name} value={field.Name}>
              {field.DisplayName}
            </option>
          ))}
        </datalist>
      )}
    </>
  );
}
