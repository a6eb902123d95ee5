/**
 * The template document: a partner's integration design as portable JSON (the import and export
 * format, kept in git and pushed with the API or `plugboard templates push`). Field names are
 * PascalCase as in Cyclr. This file holds the types only; `template-validation.ts` checks a raw value
 * against them and the connector catalog.
 */

/** Cyclr's mapping types, plus `Expression` (JSONata). */
export const MAPPING_TYPES = [
  'Ignore',
  'StaticValue',
  'ValueList',
  'Variable',
  'StepData',
  'MergeField',
  'Expression',
] as const;
export type MappingType = (typeof MAPPING_TYPES)[number];

/** Where one parameter or field takes its value from. */
export interface Mapping {
  readonly MappingType: MappingType;
  /** StaticValue / ValueList: the value; Variable: the variable's SystemName; MergeField: text with `{{…}}`; Expression: JSONata. */
  readonly Value?: unknown;
  /** StepData: the key of the step whose output is read. */
  readonly Step?: string;
  /** StepData: a path into that step's output item (`emailAddresses[0].address`). */
  readonly Field?: string;
}

export const STEP_KINDS = ['Method', 'Webhook', 'Http', 'Decision', 'Delay', 'WaitUntil', 'Map'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const SPLIT_TYPES = ['None', 'First', 'All'] as const;
export type CollectionSplitType = (typeof SPLIT_TYPES)[number];

export const ERROR_ACTIONS = ['Ignore', 'Retry', 'StopTransaction', 'StopIntegration'] as const;
export type StepErrorAction = (typeof ERROR_ACTIONS)[number];

export const CONDITIONS = [
  'Exists',
  'NotExists',
  'Equals',
  'NotEquals',
  'Contains',
  'GreaterThan',
  'LessThan',
  'IsEmpty',
] as const;
export type Condition = (typeof CONDITIONS)[number];

/** Conditions that compare with a `Right` operand. */
export const BINARY_CONDITIONS: ReadonlySet<Condition> = new Set([
  'Equals',
  'NotEquals',
  'Contains',
  'GreaterThan',
  'LessThan',
]);

export const HTTP_STEP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpStepMethod = (typeof HTTP_STEP_METHODS)[number];

/** One node of the graph. Which properties apply depends on `Kind`. */
export interface TemplateStep {
  readonly Key: string;
  readonly Name?: string;
  readonly Description?: string;
  readonly Kind: StepKind;
  /** Method and Webhook: the `Key` of one of the document's `Connectors`. */
  readonly Connector?: string;
  /** Method: the connector method's `MethodUniqueIdentifier`. */
  readonly Method?: string;
  /** Webhook: the provider event (`party/created`) or `Generic`. */
  readonly Event?: string;
  /** Method: parameters by `Parameters[].Name`. */
  readonly Parameters?: Readonly<Record<string, Mapping>>;
  /** Method: request fields by name; Http: the JSON body; Map: the new item. */
  readonly Fields?: Readonly<Record<string, Mapping>>;
  /** Http. */
  readonly HttpMethod?: HttpStepMethod;
  readonly Url?: Mapping;
  /** Decision. */
  readonly Left?: Mapping;
  readonly Condition?: Condition;
  readonly Right?: Mapping;
  /** Delay. */
  readonly Seconds?: number;
  /** WaitUntil: a mapping to a date. */
  readonly Until?: Mapping;
  /** Overrides the template's settings for this step. */
  readonly CollectionSplitType?: CollectionSplitType;
  readonly StepErrorAction?: StepErrorAction;
}

export const EDGE_TYPES = ['Forward', 'True', 'False'] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

export interface TemplateEdge {
  readonly From: string;
  readonly To: string;
  /** Default `Forward`; a Decision's edges are `True` or `False`. */
  readonly EdgeType?: EdgeType;
}

export interface TemplateConnector {
  /** The name steps use (`capsule`). */
  readonly Key: string;
  /** The catalog's connector Name and Version (`Capsule`, `v2`). */
  readonly Name: string;
  readonly Version: string;
}

export interface TemplateVariable {
  readonly SystemName: string;
  readonly DisplayName?: string;
  readonly Value?: unknown;
  /** Shown to the end user on the LAUNCH page. */
  readonly IsLaunchVisible?: boolean;
}

export interface TemplateSettings {
  /** Minutes between polls; one of Cyclr's intervals. Default 15. */
  readonly Interval?: number;
  readonly CollectionSplitType?: CollectionSplitType;
  readonly StepErrorAction?: StepErrorAction;
  /** Retry attempts (1–5) when `StepErrorAction` is Retry. Default 3. */
  readonly RetryAttempts?: number;
  /** The first poll reads everything, not only changes since activation. */
  readonly Backfill?: boolean;
  /** Keep each step's request and response (secrets redacted) on its transaction. Default true. */
  readonly LogStepDataRequests?: boolean;
}

export interface TemplateDocument {
  readonly Name: string;
  readonly Description?: string;
  readonly Tags?: readonly string[];
  readonly Connectors: readonly TemplateConnector[];
  readonly Settings?: TemplateSettings;
  readonly Variables?: readonly TemplateVariable[];
  readonly Steps: readonly TemplateStep[];
  readonly Edges?: readonly TemplateEdge[];
}

/** Cyclr's polling intervals, in minutes. */
export const INTERVALS: readonly number[] = [1, 5, 15, 30, 60, 120, 180, 240, 360, 480, 720, 1440, 10080];

/** The template's settings with defaults filled in. */
export interface EffectiveSettings {
  readonly Interval: number;
  readonly CollectionSplitType: CollectionSplitType;
  readonly StepErrorAction: StepErrorAction;
  readonly RetryAttempts: number;
  readonly Backfill: boolean;
  readonly LogStepDataRequests: boolean;
}

export function effectiveSettings(settings: TemplateSettings | undefined): EffectiveSettings {
  return {
    Interval: settings?.Interval ?? 15,
    CollectionSplitType: settings?.CollectionSplitType ?? 'All',
    StepErrorAction: settings?.StepErrorAction ?? 'StopTransaction',
    RetryAttempts: settings?.RetryAttempts ?? 3,
    Backfill: settings?.Backfill ?? false,
    LogStepDataRequests: settings?.LogStepDataRequests ?? true,
  };
}

/** The trigger: the one step no edge points at. Validation guarantees there is exactly one. */
export function triggerStep(document: TemplateDocument): TemplateStep {
  const targets = new Set((document.Edges ?? []).map((e) => e.To));
  const trigger = document.Steps.find((s) => !targets.has(s.Key));
  if (!trigger) throw new Error('the template has no trigger step');
  return trigger;
}
