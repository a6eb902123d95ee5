import type { Kysely } from 'kysely';
import { type SqlDialect, withSerialId } from './column-types.ts';

/** Every table of the first release. Times are epoch milliseconds (bigint). */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  const schema = db.schema;

  await schema
    .createTable('api_clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();

  await schema
    .createTable('api_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('api_clients.id').onDelete('cascade'))
    .addColumn('account_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await schema.createIndex('api_tokens_client').on('api_tokens').column('client_id').execute();

  await schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('timezone', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('next_bill_date', 'bigint', (c) => c.notNull())
    .addColumn('audit_info', 'text')
    .addColumn('task_audit_info', 'text')
    .addColumn('step_data_success_retention_hours', 'integer')
    .addColumn('step_data_errored_retention_hours', 'integer')
    .addColumn('transaction_error_webhook_enabled', 'integer')
    .addColumn('transaction_error_webhook_url', 'text')
    .addColumn('transaction_error_webhook_include_warnings', 'integer')
    .execute();
  await schema.createIndex('accounts_created').on('accounts').columns(['created_at', 'id']).execute();

  await schema
    .createTable('account_users')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_users_pk', ['account_id', 'username'])
    .execute();

  await schema
    .createTable('sign_in_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await schema.createIndex('sign_in_tokens_expiry').on('sign_in_tokens').column('expires_at').execute();

  await schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await schema
    .createTable('connector_setups')
    .addColumn('connector_id', 'integer', (c) => c.primaryKey())
    .addColumn('client_id', 'text')
    .addColumn('client_secret_ct', 'text')
    .addColumn('authorise_url', 'text')
    .addColumn('access_token_url', 'text')
    .addColumn('api_base_url', 'text')
    .addColumn('scopes', 'text')
    .addColumn('token_auth_method', 'text')
    .addColumn('issuer', 'text')
    .addColumn('requests_per_hour', 'integer')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await withSerialId(schema.createTable('account_connectors'), dialect)
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('connector_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('auth_status', 'text', (c) => c.notNull())
    .addColumn('credentials_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('access_token_ct', 'text')
    .addColumn('refresh_token_ct', 'text')
    .addColumn('token_type', 'text')
    .addColumn('token_expires_at', 'bigint')
    .addColumn('refresh_expires_at', 'bigint')
    .addColumn('token_scope', 'text')
    .addColumn('token_metadata', 'text')
    .addColumn('authenticated_at', 'bigint')
    .addColumn('last_refresh_at', 'bigint')
    .addColumn('last_used_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'bigint')
    .addColumn('refresh_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refresh_blocked_until', 'bigint')
    .addColumn('rate_limited_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema
    .createIndex('account_connectors_account')
    .on('account_connectors')
    .column('account_id')
    .execute();
  await schema
    .createIndex('account_connectors_expiry')
    .on('account_connectors')
    .columns(['token_expires_at'])
    .execute();

  await withSerialId(schema.createTable('account_connector_properties'), dialect)
    .addColumn('account_connector_id', 'bigint', (c) =>
      c.notNull().references('account_connectors.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('account_connector_properties_name', ['account_connector_id', 'name'])
    .execute();

  await schema
    .createTable('oauth_flows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('state_hash', 'text', (c) => c.unique())
    .addColumn('account_connector_id', 'bigint', (c) =>
      c.notNull().references('account_connectors.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('connector_id', 'integer', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('browser_binding_hash', 'text', (c) => c.notNull())
    .addColumn('code_verifier_ct', 'text')
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('target_origin', 'text', (c) => c.notNull())
    .addColumn('redirect_url', 'text')
    .addColumn('callback_message', 'text')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('authorise_url', 'text', (c) => c.notNull())
    .addColumn('access_token_url', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('authorization_started_at', 'bigint')
    .addColumn('consumed_at', 'bigint')
    .addColumn('outcome', 'text')
    .execute();
  await schema.createIndex('oauth_flows_expiry').on('oauth_flows').column('expires_at').execute();

  await withSerialId(schema.createTable('refresh_attempts'), dialect)
    .addColumn('account_connector_id', 'bigint', (c) =>
      c.notNull().references('account_connectors.id').onDelete('cascade'),
    )
    .addColumn('credentials_version', 'integer', (c) => c.notNull())
    .addColumn('refresh_token_hash', 'text', (c) => c.notNull())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('outcome', 'text')
    .execute();
  await schema
    .createIndex('refresh_attempts_connector')
    .on('refresh_attempts')
    .columns(['account_connector_id', 'finished_at'])
    .execute();

  await schema
    .createTable('idempotency_keys')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_ct', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['client_id', 'key'])
    .execute();

  await schema
    .createTable('rate_limit_counters')
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limit_counters_pk', ['bucket', 'window_start'])
    .execute();

  await withSerialId(schema.createTable('admins'), dialect)
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_failed_login_at', 'bigint')
    .execute();

  await schema
    .createTable('admin_sessions')
    .addColumn('session_hash', 'text', (c) => c.primaryKey())
    .addColumn('admin_id', 'bigint', (c) => c.notNull().references('admins.id').onDelete('cascade'))
    .addColumn('csrf_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await withSerialId(schema.createTable('jobs'), dialect)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema.createIndex('jobs_due').on('jobs').columns(['run_at']).execute();

  await schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('fence', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await schema
    .createTable('encryption_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('check_ct', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('retired_at', 'bigint')
    .execute();

  await withSerialId(schema.createTable('audit_events'), dialect)
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('account_connector_id', 'bigint')
    .addColumn('detail', 'text')
    .execute();
  await schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
}
