/**
 * The connector definition format. A definition is plain typed data — no functions — that the connector
 * runtime (`src/runtime/`) interprets: how to authenticate, where the API lives, each method's HTTP call
 * and shapes, how lists page, how fast the provider may be called, what to retry and how to read errors.
 * Capsule v2 is the first definition; nothing in the runtime names Capsule.
 */
export interface ConnectorDefinition {
  /** Stable catalog id (Cyclr's numeric connector Id). */
  readonly id: number;
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /** `data:image/…` URI. */
  readonly icon: string;
  readonly categories: readonly string[];
  readonly auth: OAuth2Settings;
  readonly api: ApiSettings;
  /** Connector parameters an account connector may set as properties (Cyclr's `IsAccountConnectorProperty`). */
  readonly properties: readonly ConnectorPropertyDefinition[];
  readonly rateLimits: RateLimitSettings;
  readonly retry: RetrySettings;
  readonly errors: ErrorMapping;
  readonly methods: readonly MethodDefinition[];
  /** Events the provider pushes to Plugboard, and how to subscribe to them; absent when it has none. */
  readonly webhooks?: WebhookSettings;
  /**
   * How a polled record says who it is and when it last changed. A cycle's poll makes one transaction
   * per (record id, change stamp) and moves its high-water mark to the newest change stamp it saw.
   */
  readonly changeTracking?: ChangeTracking;
}

export interface ChangeTracking {
  /** The record's id field (Capsule: `id`). */
  readonly recordId: string;
  /** The record's last-changed field, an ISO-8601 date and time (Capsule: `updatedAt`). */
  readonly changeStamp: string;
}

/**
 * A provider's webhooks as data: the events it can send, how a delivery is read and how Plugboard
 * subscribes through the account connector (the methods named here go through the ordinary connector
 * call path: the account's credentials, rate budget and retries).
 */
export interface WebhookSettings {
  readonly events: readonly WebhookEventDefinition[];
  readonly delivery: WebhookDeliveryFormat;
  readonly subscription: WebhookSubscriptionSettings;
}

export interface WebhookEventDefinition {
  /** The provider's event name (Capsule: `party/created`). */
  readonly event: string;
  readonly name: string;
  readonly description: string;
  /** The fields of one record in a delivery (as the provider's `GET` shows the record). */
  readonly fields: readonly FieldDefinition[];
}

/** How a delivery's body is read. Paths are dot-separated. */
export interface WebhookDeliveryFormat {
  /** Where the event name is (Capsule: `event`). */
  readonly eventPath: string;
  /** Where the records are: an array is split into one item per record (Capsule: `payload`). */
  readonly itemsPath: string;
  /** A record's id field (Capsule: `id`). */
  readonly recordIdField: string;
  /** A record's change stamp (Capsule: `updatedAt`); with the event and id it identifies a repeat. */
  readonly changeStampField?: string;
}

export interface WebhookSubscriptionSettings {
  /** `uniqueIdentifier` of the method that subscribes. */
  readonly subscribeMethod: string;
  /** `uniqueIdentifier` of the method that unsubscribes. */
  readonly unsubscribeMethod: string;
  /** The subscribe method's field that takes the event name. */
  readonly eventField: string;
  /** The subscribe method's field that takes the URL deliveries go to. */
  readonly targetUrlField: string;
  /** Further fields sent as given (Capsule: a description, `embed: "fields,tags"`). */
  readonly fields?: Readonly<Record<string, string>>;
  /** Dot path of the provider's hook id in the subscribe answer (Capsule: `restHook.id`). */
  readonly hookIdPath: string;
  /** The unsubscribe method's parameter that takes the hook id. */
  readonly hookIdParameter: string;
  /** The provider's limit of subscriptions per account (Capsule: 20). */
  readonly maxPerAccount: number;
  /** Statuses of an unsubscribe that mean the hook is already gone. */
  readonly goneStatuses: readonly number[];
  /** The status that makes the provider drop a hook when a delivery is answered with it (Capsule: 410). */
  readonly unsubscribeStatus?: number;
}

export interface OAuth2Settings {
  readonly type: 'OAuth2';
  readonly grant: 'AuthorisationCode';
  /** Defaults offered by the connector setup; the partner may override them. */
  readonly authoriseUrl: string;
  readonly accessTokenUrl: string;
  /**
   * Token revocation endpoints (RFC 7009), tried in order on deauthentication. Relative references are
   * resolved against the setup's Access Token URL, so a partner who points the setup elsewhere (a sandbox,
   * a regional host) revokes there too.
   */
  readonly revocationUrls: readonly string[];
  readonly defaultScopes: string | null;
  readonly tokenAuthMethod: 'client_secret_post' | 'client_secret_basic';
  /** Always S256 unless a provider is known to break with it. */
  readonly pkce: 'S256' | 'disabled';
  /**
   * The provider announces RFC 9207 (`authorization_response_iss_parameter_supported`): an authorization
   * response without `iss` is then refused.
   */
  readonly issParameterSupported: boolean;
  /** Non-secret fields of the token response kept as metadata (e.g. Capsule's `subdomain`). */
  readonly tokenMetadataFields: readonly string[];
  /** Refresh this long before the access token expires. */
  readonly refreshMarginSeconds: number;
  /** Refresh an idle connection at least this often, so refresh tokens that die when unused stay alive. */
  readonly keepAliveSeconds: number;
}

export interface ApiSettings {
  /** Default API base URL offered by the connector setup. */
  readonly baseUrl: string;
  /** Headers sent on every call (e.g. `Accept: application/json`). */
  readonly headers: Readonly<Record<string, string>>;
}

export interface ConnectorPropertyDefinition {
  readonly name: string;
  readonly description: string;
  readonly isAccountConnectorProperty: boolean;
  readonly isOptional: boolean;
  readonly isSensitive: boolean;
}

export type ParameterLocation = 'path' | 'query' | 'header' | 'body';

/** Cyclr's data types. */
export type DataType =
  | 'Text'
  | 'Integer'
  | 'Float'
  | 'Decimal'
  | 'Boolean'
  | 'DateTime'
  | 'Date'
  | 'Object'
  | 'Array';

export interface ParameterDefinition {
  /** The name callers use in `Parameters`. */
  readonly name: string;
  readonly location: ParameterLocation;
  /** The provider's name when it differs from `name`. */
  readonly targetName?: string;
  readonly dataType: DataType;
  readonly required: boolean;
  readonly description: string;
  /** Allowed values; a comma list when `multiple` is set. */
  readonly values?: readonly string[];
  /**
   * A comma-separated list (e.g. `embed=tags,fields`, task `status=open,completed`, show-many ids). Callers
   * may send a comma string or an array; each item is checked against `dataType` and `values`. In a path,
   * items are percent-encoded one by one and joined with literal commas (`/parties/1,2,3`).
   */
  readonly multiple?: { readonly maxItems?: number };
  readonly minimum?: number;
  readonly maximum?: number;
  /** Percent-encode the value (RFC 3986) before sending it: for header values that may hold any text. */
  readonly percentEncode?: true;
}

export interface FieldDefinition {
  /** The resource's own top-level field name (`firstName`, `emailAddresses`). */
  readonly name: string;
  readonly displayName: string;
  readonly dataType: DataType;
  readonly required?: boolean;
  readonly description?: string;
  readonly values?: readonly string[];
}

export interface RequestFormat {
  /** The key the provider expects the fields wrapped in (Capsule: `party`, `opportunity`, `filter`). */
  readonly wrapKey?: string;
  readonly fields: readonly FieldDefinition[];
  /**
   * The body is a file, not JSON: callers send its bytes base64-encoded in the field `contentField`
   * and its media type in `contentTypeField`, and the runtime sends the decoded bytes as they are.
   */
  readonly binary?: { readonly contentField: string; readonly contentTypeField: string };
}

export interface ResponseFormat {
  /** The key the provider wraps the result in (`party`, `parties`); absent for an empty response. */
  readonly wrapKey?: string;
  readonly isList: boolean;
  readonly fields: readonly FieldDefinition[];
  /**
   * For a list that may come back as one record under this key instead (Capsule's show-many with a
   * single id reaches show-one and answers `{"party":{…}}`): the runtime returns it as a one-item list
   * under `wrapKey`, so callers always get the declared shape.
   */
  readonly singleRecordKey?: string;
  /**
   * The provider may answer 202 Accepted and finish the work in the background, naming the job in the
   * `Location` header (Capsule: deleting a tag that records still use). The runtime then answers 202
   * with `{ [wrapKey]: { "id": <the Location's last path segment>, "location": <Location> } }`, and
   * the caller follows the job with the method whose GUID is `followWith`.
   */
  readonly acceptedJob?: { readonly wrapKey: string; readonly followWith: string };
  /**
   * The body is a file, not JSON: the runtime answers `{ [wrapKey]: { "filename", "contentType",
   * "size", "content" } }` with the bytes base64-encoded and the name from `Content-Disposition`.
   */
  readonly binary?: true;
}

/** How a list method pages. */
export type PagingStyle =
  | {
      readonly style: 'page-number';
      readonly pageParameter: string;
      readonly pageSizeParameter: string;
      readonly maxPageSize: number;
      /** Where the next page is announced: an RFC 8288 `Link` header with `rel="next"`. */
      readonly next: 'link-header';
    }
  | { readonly style: 'none' };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface MethodDefinition {
  /** Numeric id of this release's method (Cyclr's `Id`; may change between releases). */
  readonly id: number;
  /** GUID that stays stable across releases (Cyclr's `MethodUniqueIdentifier`). */
  readonly uniqueIdentifier: string;
  readonly name: string;
  readonly description: string;
  readonly category: string;
  readonly httpMethod: HttpMethod;
  /** Path template relative to the API base URL, with `{name}` for path parameters. */
  readonly endpoint: string;
  readonly parameters: readonly ParameterDefinition[];
  /** The JSON body's shape. Every POST, PUT or PATCH has one unless `noRequestBody` says it sends none. */
  readonly request?: RequestFormat;
  /** Set on a POST, PUT or PATCH that sends no body (Capsule's "add party to opportunity"). */
  readonly noRequestBody?: true;
  /**
   * Overrides `RetrySettings.idempotentMethods` for this method: `true` for a POST that only reads
   * (Capsule's filter queries), `false` for a method that must never be sent twice.
   */
  readonly idempotent?: boolean;
  readonly response: ResponseFormat;
  readonly paging: PagingStyle;
}

export interface RateLimitSettings {
  /** Default proactive budget per account connector (the setup's `RequestsPerHour` overrides it; 0 = none). */
  readonly requestsPerHour: number;
  /** Response headers the provider uses to report its own limit. */
  readonly headers: {
    readonly limit?: string;
    readonly remaining?: string;
    /** When the window resets. */
    readonly reset?: string;
    readonly resetFormat?: 'epoch-seconds' | 'seconds-from-now';
    readonly retryAfter?: string;
  };
  /** Wait this long after a 429 that says nothing about when to come back. */
  readonly defaultBackoffSeconds: number;
}

export interface RetrySettings {
  /** Total attempts for one call, including the first (retries are bounded at this one layer). */
  readonly maxAttempts: number;
  /** Statuses worth retrying for idempotent methods. */
  readonly retryStatuses: readonly number[];
  /**
   * HTTP methods that are safe to send twice with this provider. A method outside this list is retried
   * only when the connection failed before the request was sent. Capsule's PUT appends nested items
   * (a repeated update adds a second e-mail address), so only GET and DELETE are listed for it.
   */
  readonly idempotentMethods: readonly HttpMethod[];
  readonly retryNetworkErrors: boolean;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface ErrorMapping {
  /** JSON path (dot-separated) of the provider's error message in an error body. */
  readonly messagePath: string;
  /** JSON path of per-field error details, passed through to the caller (Capsule's `errors`). */
  readonly detailsPath?: string;
  /** Statuses meaning "the access token was refused" (refresh once and retry). */
  readonly unauthorizedStatuses: readonly number[];
}
