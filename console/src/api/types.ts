/** The shapes the console reads from the API (PascalCase, as Cyclr's). */

export interface SessionInfo {
  readonly SignedIn: boolean;
  readonly SetupRequired: boolean;
  readonly Username?: string;
  readonly CsrfToken?: string;
  readonly ExpiresAtUtc?: string;
}

export interface Settings {
  readonly ServiceDomain: string;
  readonly CallbackUrl: string;
  readonly AllowedOrigins: string[];
  readonly ConsoleOriginAdded: boolean;
}

export interface ApiClientInfo {
  readonly ClientId: string;
  readonly Name: string;
  readonly CreatedAtUtc: string;
  readonly Revoked: boolean;
  readonly RevokedAtUtc: string | null;
}

export interface NewApiClient extends ApiClientInfo {
  readonly ClientSecret: string;
}

export type DataType =
  | 'Text'
  | 'Integer'
  | 'Float'
  | 'Decimal'
  | 'Boolean'
  | 'DateTime'
  | 'Date'
  | 'Object'
  | 'Array'
  | string;

export interface Connector {
  readonly Id: number;
  readonly Name: string;
  readonly Version: string;
  readonly Description: string;
  readonly Icon: string;
  readonly AuthType: string;
  readonly Categories: string[];
  readonly MethodCount?: number;
}

export interface MethodParameter {
  readonly Id: number;
  readonly Name: string;
  readonly Description: string;
  readonly TargetType: string;
  readonly DataType: DataType;
  readonly IsOptional: boolean;
  readonly AllowMultiple?: boolean;
  readonly Values: string[];
}

export interface MethodField {
  readonly Name: string;
  readonly DisplayName: string;
  readonly Description: string | null;
  readonly DataType: DataType;
  readonly IsOptional: boolean;
  readonly Values: string[];
}

export interface ConnectorMethod {
  readonly Id: number;
  readonly MethodUniqueIdentifier: string;
  readonly Name: string;
  readonly Description: string;
  readonly Category: string;
  readonly HttpMethod: string;
  readonly EndPoint: string;
  readonly Parameters: MethodParameter[];
  readonly RequestFormat: { readonly Fields: MethodField[] } | null;
  readonly ResponseFormat?: { readonly Fields: MethodField[] } | null;
  /** Set for list methods that page; `MaxPages` then makes Plugboard follow the pages. */
  readonly Paging: { readonly Style: string; readonly MaxPageSize: number } | null;
}

export interface ConnectorSetup {
  readonly ConnectorId: number;
  readonly ClientId: string | null;
  readonly HasClientSecret: boolean;
  readonly AuthoriseUrl: string;
  readonly AccessTokenUrl: string;
  readonly ApiBaseUrl: string;
  readonly Scopes: string | null;
  readonly TokenAuthMethod: string;
  readonly Issuer: string | null;
  readonly RequestsPerHour: number;
  readonly CallbackUrl: string;
  readonly UpdatedAtUtc: string | null;
}

export interface SandboxPreset {
  readonly ConnectorName: string;
  readonly ConnectorVersion: string;
  readonly ClientId: string;
  readonly ClientSecret: string;
  readonly AuthoriseUrl: string;
  readonly AccessTokenUrl: string;
  readonly ApiBaseUrl: string;
  readonly Scopes: string | null;
}

export interface SandboxInfo {
  readonly Enabled: boolean;
  readonly Presets: SandboxPreset[];
}

export interface Account {
  readonly Id: string;
  readonly Name: string;
  readonly Description: string | null;
  readonly Timezone: string | null;
  readonly CreatedDate: string;
}

export type AuthStatus =
  | 'Unauthenticated'
  | 'Authenticated'
  | 'Refreshing'
  | 'NeedsReauthentication'
  | 'Degraded';

export interface AccountConnector {
  readonly Id: number;
  readonly Name: string;
  readonly Description: string | null;
  readonly Authenticated: boolean;
  readonly AuthStatus: AuthStatus;
  readonly Connector: Connector;
  readonly AuthenticatedAtUtc?: string | null;
  readonly TokenExpiresAtUtc?: string | null;
  readonly LastRefreshedAtUtc?: string | null;
  readonly LastError?: string | null;
  readonly LastErrorAtUtc?: string | null;
}

export interface SignInToken {
  readonly Token: string;
  readonly ExpiresAtUtc: string;
}

/** Cyclr's template object (`GET /v1.0/templates`). */
export interface Template {
  readonly Id: string;
  readonly Name: string;
  readonly Description: string | null;
  readonly Tags: string[];
  readonly ReleaseNumber: number;
  readonly Connectors: { readonly Key: string; readonly Name: string; readonly Version: string }[];
  readonly Variables: {
    readonly SystemName: string;
    readonly DisplayName: string | null;
    readonly Value: unknown;
    readonly IsLaunchVisible: boolean;
  }[];
  readonly CreatedOnUtc: string;
  readonly ModifiedOnUtc: string;
}

/** One step of a template document (only what the console draws). */
export interface TemplateStepDocument {
  readonly Key: string;
  readonly Name?: string;
  readonly Kind: string;
  readonly Connector?: string;
  readonly Method?: string;
  readonly Condition?: string;
}

/** The portable template document (export and import). */
export interface TemplateDocument {
  readonly Name: string;
  readonly Steps: TemplateStepDocument[];
  readonly Edges?: { readonly From: string; readonly To: string; readonly EdgeType?: string }[];
  readonly [field: string]: unknown;
}

export interface Cycle {
  readonly Id: string;
  readonly Name: string;
  readonly Description: string | null;
  readonly Status: 'Paused' | 'Active' | 'Stopped' | 'Error';
  readonly TemplateId: string;
  readonly ReleaseNumber: number;
  readonly Interval: number;
  readonly RunOnce: boolean;
  readonly Connectors: {
    readonly Key: string;
    readonly Name: string;
    readonly Version: string;
    readonly AccountConnectorId: number;
    readonly Authenticated: boolean;
  }[];
  readonly ActivatedOnUtc: string | null;
  readonly LastRunOnUtc: string | null;
  readonly NextRunOnUtc: string | null;
}

/** Whether a cycle takes a generic webhook URL and since when its working one was issued (never the URL). */
export interface CycleWebhookUrlStatus {
  readonly Available: boolean;
  readonly Issued: boolean;
  readonly IssuedOnUtc: string | null;
}

/** Why a cycle cannot be activated yet (Cyclr's ReasonCode 20, 40, 41). */
export interface Prerequisite {
  readonly ReasonCode: number;
  readonly Reason: string;
  readonly ObjectType: string;
  readonly ObjectId: number | string;
  readonly Description: string;
}

export interface CycleVariable {
  readonly SystemName: string;
  readonly DisplayName: string | null;
  readonly Value: unknown;
  readonly IsLaunchVisible: boolean;
}

/** A partner's event endpoint (`/v1.0/webhooks/endpoints`). */
export interface WebhookEndpoint {
  readonly Id: string;
  readonly Url: string;
  readonly EventTypes: string[];
  readonly Enabled: boolean;
  readonly Description: string | null;
  readonly Secret?: string;
}

/** One event sent (or being sent) to an endpoint, with its attempts. */
export interface WebhookDelivery {
  readonly Id: number;
  readonly EventType: string;
  readonly Status: string;
  readonly Attempts: number;
  readonly LastResponseStatus: number | null;
  readonly LastError: string | null;
  readonly CreatedOnUtc: string;
  readonly AttemptLog: {
    readonly AttemptedOnUtc: string;
    readonly DurationMs: number;
    readonly ResponseStatus: number | null;
    readonly Response: string | null;
    readonly Error: string | null;
  }[];
}

/** A transaction: one item's run through a cycle's steps. */
export interface Transaction {
  readonly Id: string;
  readonly CycleId: string;
  readonly Status: 'Queued' | 'Running' | 'Waiting' | 'Completed' | 'Errored' | 'Stopped';
  readonly CreatedOnUtc: string;
  readonly StartedOnUtc: string | null;
  readonly CompletedOnUtc: string | null;
  readonly CurrentStepKey: string | null;
  readonly Message: string | null;
  readonly ReleaseNumber: number;
}

/** A transaction with what each step sent and received (secrets redacted by the server). */
export interface TransactionDetail extends Transaction {
  readonly Steps: {
    readonly StepId: string | null;
    readonly StepKey: string;
    readonly StepName: string;
    readonly Attempt: number;
    readonly Status: string;
    readonly Request: unknown;
    readonly Response: unknown;
    readonly Message: string | null;
    readonly StartedOnUtc: string;
    readonly CompletedOnUtc: string;
  }[];
}

export interface Incident {
  readonly Id: number;
  readonly CycleId: string;
  readonly CycleName: string;
  readonly IncidentLevel: string;
  readonly ShortMessage: string;
  readonly FullMessage: string;
  readonly StepName: string | null;
  readonly TransactionId: string | null;
  readonly CreatedOnUtc: string;
}
