import jsonata from 'jsonata';
import { useEffect, useState } from 'react';
import type { TemplateDocument } from '../api/types.ts';
import { SelectField, TextAreaField, TextField } from '../components/Field.tsx';
import { MAPPING_TYPES, type Mapping, type MappingSlot, MERGE_FIELDS, slotsOf } from './mapping-slots.ts';
import { StepFieldInput } from './StepFieldInput.tsx';

/** Evaluates an expression against the sample, for the preview only (the server checks and runs it for real). */
function usePreview(expression: string, sample: string): { value: string; error: boolean } {
  const [preview, setPreview] = useState({ value: '', error: false });
  useEffect(() => {
    let current = true;
    const run = async () => {
      try {
        const data = JSON.parse(sample || '{}');
        const result = await jsonata(expression).evaluate(data);
        if (current)
          setPreview({ value: result === undefined ? '(no value)' : JSON.stringify(result), error: false });
      } catch (error) {
        const message =
          (error as { message?: string }).message ?? 'The expression or the sample is not valid.';
        if (current) setPreview({ value: message, error: true });
      }
    };
    const timer = setTimeout(() => void run(), 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [expression, sample]);
  return preview;
}

function ExpressionPreview({ expression, sample }: { readonly expression: string; readonly sample: string }) {
  const preview = usePreview(expression, sample);
  return (
    <p className={preview.error ? 'preview preview-error' : 'preview'} aria-live="polite">
      Result on the sample data: <code>{preview.value}</code>
    </p>
  );
}

/** One mapping's editor: its type, then the value that type needs. */
function SlotEditor({
  slot,
  document,
  stepKey,
  sample,
  onChange,
}: {
  readonly slot: MappingSlot;
  readonly document: TemplateDocument;
  readonly stepKey: string;
  readonly sample: string;
  readonly onChange: (mapping: Mapping) => void;
}) {
  const { mapping } = slot;
  const earlier = document.Steps.slice(
    0,
    document.Steps.findIndex((s) => s.Key === stepKey),
  );
  const variables = ((document.Variables as { SystemName: string }[] | undefined) ?? []).map(
    (v) => v.SystemName,
  );
  const value =
    typeof mapping.Value === 'string'
      ? mapping.Value
      : mapping.Value === undefined
        ? ''
        : JSON.stringify(mapping.Value);
  const setType = (type: string) => {
    if (type === 'StepData') onChange({ MappingType: type, Step: earlier[0]?.Key ?? '', Field: '' });
    else if (type === 'Ignore') onChange({ MappingType: type });
    else if (type === 'MergeField') onChange({ MappingType: type, Value: MERGE_FIELDS[0] });
    else if (type === 'Variable') onChange({ MappingType: type, Value: variables[0] ?? '' });
    else onChange({ MappingType: type, Value: '' });
  };
  return (
    <fieldset className="slot">
      <legend>{slot.label}</legend>
      <SelectField label="Mapping" value={mapping.MappingType} onChange={setType}>
        {MAPPING_TYPES.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </SelectField>
      {mapping.MappingType === 'StaticValue' && (
        <TextField label="Value" value={value} onChange={(v) => onChange({ ...mapping, Value: v })} />
      )}
      {mapping.MappingType === 'Variable' && (
        <SelectField label="Variable" value={value} onChange={(v) => onChange({ ...mapping, Value: v })}>
          {variables.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </SelectField>
      )}
      {mapping.MappingType === 'MergeField' && (
        <SelectField label="Merge field" value={value} onChange={(v) => onChange({ ...mapping, Value: v })}>
          {MERGE_FIELDS.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </SelectField>
      )}
      {mapping.MappingType === 'StepData' && (
        <>
          <SelectField
            label="From step"
            value={mapping.Step ?? ''}
            onChange={(v) => onChange({ ...mapping, Step: v })}
          >
            {earlier.map((s) => (
              <option key={s.Key} value={s.Key}>
                {s.Name ?? s.Key}
              </option>
            ))}
          </SelectField>
          <StepFieldInput
            document={document}
            fromStep={mapping.Step ?? ''}
            value={mapping.Field ?? ''}
            onChange={(v) => onChange({ ...mapping, Field: v })}
          />
        </>
      )}
      {mapping.MappingType === 'Expression' && (
        <>
          <TextAreaField
            label="Expression (JSONata)"
            rows={2}
            spellCheck={false}
            value={value}
            onChange={(v) => onChange({ ...mapping, Value: v })}
          />
          <ExpressionPreview expression={value} sample={sample} />
        </>
      )}
    </fieldset>
  );
}

/** Edits the mappings of one step of a document; the caller publishes the result as a new release. */
export function StepEditor({
  document,
  stepKey,
  problems,
  onChange,
}: {
  readonly document: TemplateDocument;
  readonly stepKey: string;
  readonly problems: readonly string[];
  readonly onChange: (path: readonly string[], mapping: Mapping) => void;
}) {
  const step = document.Steps.find((s) => s.Key === stepKey);
  const [sample, setSample] = useState(() =>
    JSON.stringify(
      Object.fromEntries([
        ...document.Steps.map((s) => [s.Key, { id: 11, firstName: 'Ada', lastName: 'Lovelace' }]),
        ['variables', {}],
        ['account', { Id: 'acme' }],
      ]),
      null,
      2,
    ),
  );
  if (!step) return null;
  const slots = slotsOf(step as unknown as Record<string, unknown>);
  return (
    <div className="step-editor">
      {problems.length > 0 && (
        <div role="alert" aria-label={`Problems in ${step.Name ?? step.Key}`}>
          <ul className="step-problems">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {slots.length === 0 && <p className="muted">This step has no parameters or fields to map.</p>}
      {slots.map((slot) => (
        <SlotEditor
          key={slot.path.join('.')}
          slot={slot}
          document={document}
          stepKey={stepKey}
          sample={sample}
          onChange={(mapping) => onChange(slot.path, mapping)}
        />
      ))}
      {slots.some((s) => s.mapping.MappingType === 'Expression') && (
        <TextAreaField
          label="Sample data for the preview (JSON)"
          hint="Each step's output under its key, plus variables and account."
          rows={6}
          spellCheck={false}
          value={sample}
          onChange={setSample}
        />
      )}
    </div>
  );
}
