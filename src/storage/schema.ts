import type { Generated } from 'kysely';
import type { WebhookTables } from './schema-webhooks.ts';

/**
 * Row types of every table, as Kysely sees them. Times are epoch milliseconds. Columns named `*_ct`
 * hold ciphertexts sealed by the key ring (see `encrypted-columns.ts`); `*_hash` columns hold SHA-256
 * lookup hashes of random secrets that are never stored.
 */
export interface DatabaseSchema extends WebhookTables {
  api_clients: ApiClientRow;
  api_tokens: ApiTokenRow;
  accounts: AccountRow;
  account_users: AccountUserRow;
  sign_in_tokens: SignInTokenRow;
  settings: SettingRow;
  connector_setups: ConnectorSetupRow;
  account_connectors: AccountConnectorRow;
  account_connector_properties: AccountConnectorPropertyRow;
  oauth_flows: OAuthFlowRow;
  refresh_attempts: RefreshAttemptRow;
  idempotency_keys: IdempotencyKeyRow;
  rate_limit_counters: RateLimitCounterRow;
  admins: AdminRow;
  admin_sessions: AdminSessionRow;
  account_sessions: AccountSessionRow;
  admin_setup_codes: AdminSetupCodeRow;
  login_failures: LoginFailureRow;
  jobs: JobRow;
  leases: LeaseRow;
  encryption_keys: EncryptionKeyRow;
  audit_events: AuditEventRow;
  row_counts: RowCountRow;
  change_log: ChangeLogRow;
  templates: TemplateRow;
  template_releases: TemplateReleaseRow;
  cycles: CycleRow;
  cycle_steps: CycleStepRow;
  cycle_transactions: CycleTransactionRow;
  cycle_step_runs: CycleStepRunRow;
  cycle_incidents: CycleIncidentRow;
}

export interface ApiClientRow {
  id: string;
  name: string;
  secret_hash: string;
  created_at: number;
  revoked_at: number | null;
}

export interface ApiTokenRow {
  token_hash: string;
  client_id: string;
  /** Set for an account-restricted token (`scope=account:{id}`). */
  account_id: string | null;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export interface AccountRow {
  id: string;
  name: string;
  description: string | null;
  timezone: string | null;
  created_at: number;
  next_bill_date: number;
  audit_info: string | null;
  task_audit_info: string | null;
  step_data_success_retention_hours: number | null;
  step_data_errored_retention_hours: number | null;
  transaction_error_webhook_enabled: number | null;
  transaction_error_webhook_url: string | null;
  transaction_error_webhook_include_warnings: number | null;
  /** How many account connectors the account has, kept by triggers. */
  connector_count: Generated<number>;
  /** Goes up whenever a connector is added to or removed from the account, kept by triggers. */
  connector_changes: Generated<number>;
}

export interface AccountUserRow {
  account_id: string;
  username: string;
  created_at: number;
}

export interface SignInTokenRow {
  token_hash: string;
  account_id: string;
  username: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  /** What a LAUNCH token asks the LAUNCH page to show (JSON); `null` for an ordinary sign-in token. */
  launch_options: string | null;
}

export interface SettingRow {
  key: string;
  /** JSON text. */
  value: string;
  updated_at: number;
}

export interface ConnectorSetupRow {
  connector_id: number;
  client_id: string | null;
  client_secret_ct: string | null;
  authorise_url: string | null;
  access_token_url: string | null;
  api_base_url: string | null;
  scopes: string | null;
  token_auth_method: string | null;
  issuer: string | null;
  requests_per_hour: number | null;
  updated_at: number;
}

export interface AccountConnectorRow {
  id: Generated<number>;
  account_id: string;
  connector_id: number;
  name: string;
  description: string | null;
  auth_status: string;
  /** Bumped on every credentials change; refreshes compare-and-set on it. */
  credentials_version: number;
  access_token_ct: string | null;
  refresh_token_ct: string | null;
  token_type: string | null;
  token_expires_at: number | null;
  refresh_expires_at: number | null;
  token_scope: string | null;
  /** JSON of non-secret token metadata, e.g. Capsule's `subdomain`. */
  token_metadata: string | null;
  authenticated_at: number | null;
  last_refresh_at: number | null;
  last_used_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  refresh_failures: number;
  /** While set and in the future, refreshes wait (backoff after a transient failure). */
  refresh_blocked_until: number | null;
  /** While set and in the future, the provider said the rate limit is exhausted. */
  rate_limited_until: number | null;
  created_at: number;
  updated_at: number;
  /** When the refresh sweep should look at this connection next; `null`: never (nothing to refresh). */
  next_refresh_at: number | null;
  /** Set when the stored credentials could not be decrypted; the sweep then leaves the row alone. */
  credentials_unreadable_at: number | null;
}

export interface AccountConnectorPropertyRow {
  id: Generated<number>;
  account_connector_id: number;
  name: string;
  value: string | null;
  created_at: number;
}

/**
 * One end-user authorisation, from the sign-in link to the callback. The browser that started it holds
 * the secret whose hash is `browser_binding_hash`; `state_hash` is set when the provider redirect is made.
 */
export interface OAuthFlowRow {
  id: string;
  state_hash: string | null;
  account_connector_id: number;
  account_id: string;
  connector_id: number;
  username: string;
  browser_binding_hash: string;
  code_verifier_ct: string | null;
  redirect_uri: string;
  /** The exact allowed origin the result is posted to (or whose URL is redirected to). */
  target_origin: string;
  /** Redirect mode: the URL to send the browser to on success. */
  redirect_url: string | null;
  callback_message: string | null;
  client_id: string;
  authorise_url: string;
  access_token_url: string;
  issuer: string | null;
  created_at: number;
  expires_at: number;
  authorization_started_at: number | null;
  consumed_at: number | null;
  outcome: string | null;
}

export interface RefreshAttemptRow {
  id: Generated<number>;
  account_connector_id: number;
  credentials_version: number;
  refresh_token_hash: string;
  holder: string;
  started_at: number;
  finished_at: number | null;
  outcome: string | null;
}

export interface IdempotencyKeyRow {
  client_id: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response_ct: string | null;
  created_at: number;
  completed_at: number | null;
}

export interface RateLimitCounterRow {
  bucket: string;
  window_start: number;
  count: number;
}

export interface AdminRow {
  id: Generated<number>;
  username: string;
  password_hash: string;
  created_at: number;
  failed_logins: number;
  last_failed_login_at: number | null;
}

export interface AdminSessionRow {
  session_hash: string;
  admin_id: number;
  csrf_hash: string;
  created_at: number;
  expires_at: number;
}

/** A one-time code printed in the log at start while no admin exists; only its hash is kept. */
export interface AdminSetupCodeRow {
  code_hash: string;
  created_at: number;
  expires_at: number;
}

/** Failed console sign-ins per subject: `ip:{address}` or `user:{unknown username}`. */
export interface LoginFailureRow {
  subject: string;
  failures: number;
  last_failed_at: number;
}

/** One piece of durable work (migration 0003); see docs/work-queue.md. */
export interface JobRow {
  id: Generated<number>;
  kind: string;
  /** JSON text, validated against the kind's schema. */
  payload: string;
  /** queued | running | succeeded | failed | dead */
  status: string;
  priority: Generated<number>;
  run_at: number;
  /** Unique per kind among unfinished jobs. */
  unique_key: string | null;
  account_id: string | null;
  concurrency_key: string | null;
  concurrency_limit: Generated<number>;
  attempts: Generated<number>;
  max_attempts: number;
  /** Bumped on every claim; finishes carry it (fencing). */
  epoch: Generated<number>;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  /** JSON array of { at, attempt, message }, newest last. */
  errors: Generated<string>;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

/**
 * Named leases of the previous release's token refresh. Nothing writes them now (the refresh lease is
 * held on the connection's own row); the table stays so that processes of that release keep working
 * during a rolling upgrade, and a later migration drops it.
 */
export interface LeaseRow {
  name: string;
  holder: string;
  /** Fencing token: grows every time the lease changes hands. */
  fence: number;
  expires_at: number;
}

export interface EncryptionKeyRow {
  kid: string;
  /** A known plaintext sealed with this key: proves at start-up that the configured key is the right one. */
  check_ct: string;
  created_at: number;
  retired_at: number | null;
}

export interface AuditEventRow {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  account_id: string | null;
  account_connector_id: number | null;
  detail: string | null;
}

/** A browser session of an account user (the embedded account page or LAUNCH); only hashes are kept. */
export interface AccountSessionRow {
  session_hash: string;
  account_id: string;
  username: string;
  csrf_hash: string;
  launch_options: string | null;
  created_at: number;
  expires_at: number;
}

/** Row counts kept by triggers, so lists report `Total-Records` without counting. */
export interface RowCountRow {
  name: string;
  count: number;
  /** Goes up whenever the counted rows change in a way that moves them in a list (adds, removals, renames). */
  changes: Generated<number>;
}

/** SQLite only: changed rows of the cached tables, written by triggers, read by every process's cache. */
export interface ChangeLogRow {
  id: Generated<number>;
  table_name: string;
  key: string;
}

export interface TemplateRow {
  id: string;
  name: string;
  description: string | null;
  /** JSON array of text. */
  tags: string;
  latest_release: number;
  created_at: number;
  updated_at: number;
}

export interface TemplateReleaseRow {
  template_id: string;
  release_number: number;
  /** The template document (JSON). */
  document: string;
  created_at: number;
}

export interface CycleRow {
  id: string;
  account_id: string;
  template_id: string;
  release_number: number;
  name: string;
  description: string | null;
  status: string;
  /** The cycle's working copy of its release's document (JSON), with its variable and mapping edits. */
  document: string;
  /** JSON object: template connector Key → account connector id. */
  connectors: string;
  interval_minutes: number;
  start_time: number | null;
  run_once: number;
  /** Bumped on every activation and deactivation; a poll of an older generation does nothing. */
  generation: number;
  next_run_at: number | null;
  /** The newest change stamp a successful poll has seen (epoch ms). */
  high_water_mark: number | null;
  last_run_at: number | null;
  activated_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface CycleStepRow {
  id: string;
  cycle_id: string;
  step_key: string;
  position: number;
}

export interface CycleTransactionRow {
  id: string;
  cycle_id: string;
  account_id: string;
  status: string;
  /** Unique per cycle: (record id, change stamp) for polled items, (parent, index) for split children. */
  dedupe_key: string | null;
  parent_id: string | null;
  split_index: number | null;
  /** The trigger's item (JSON). */
  item: string | null;
  /** The next step to run; null when the transaction is finished. */
  current_step: string | null;
  step_attempt: number;
  reason_code: number | null;
  message: string | null;
  release_number: number;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  updated_at: number;
}

export interface CycleStepRunRow {
  id: Generated<number>;
  transaction_id: string;
  step_key: string;
  attempt: number;
  status: string;
  request: string | null;
  response: string | null;
  /** What later steps read from this step (JSON). */
  output: string | null;
  message: string | null;
  started_at: number;
  finished_at: number;
}

export interface CycleIncidentRow {
  id: Generated<number>;
  cycle_id: string;
  account_id: string;
  level: string;
  short_message: string;
  full_message: string;
  step_key: string | null;
  transaction_id: string | null;
  created_at: number;
}
