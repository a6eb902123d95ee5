import {
  type AccountChanges,
  DEFAULT_TIMEZONE,
  MAX_RETENTION_HOURS,
  type NewAccountInput,
} from '../../domain/accounts/account.ts';
import { isKnownTimeZone } from '../../domain/accounts/time-zones.ts';
import { normaliseWebhookUrl } from '../../domain/accounts/webhook-url.ts';
import { invalid } from '../../domain/errors.ts';
import { hasControlCharacter } from '../../domain/text-rules.ts';
import { asInputObject, type InputObject, readField } from '../cross-cutting/input-fields.ts';

/**
 * A partner-chosen account Id: RFC 3986 path characters, so it fits a URL unescaped, and at most 100 of
 * them, the longest path segment the router accepts (`/v1.0/accounts/{id}` must reach every account).
 */
const ACCOUNT_ID = /^[A-Za-z0-9\-._~:@!$&'()*+,;=]{1,100}$/;
const MAX_NAME_LENGTH = 255;
const MAX_TEXT_LENGTH = 4000;

function readId(body: InputObject): string | null {
  const field = readField(body, 'Id');
  if (!field.present || field.value === null || field.value === '') return null;
  const value = Number.isSafeInteger(field.value) ? String(field.value) : field.value;
  if (typeof value !== 'string') throw invalid('Id must be a string.');
  if (!ACCOUNT_ID.test(value)) {
    throw invalid(
      "Id must be 1 to 100 characters: letters, digits and - . _ ~ : @ ! $ & ' ( ) * + , ; = (no spaces or slashes).",
    );
  }
  return value;
}

/** How a JSON value's type is named in a message (`a number`, `an array`). */
function describeJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'boolean') return 'true or false';
  return `a ${typeof value}`;
}

function readName(body: InputObject, required: boolean): string | undefined {
  const field = readField(body, 'Name');
  if (!field.present) {
    if (required) throw invalid('Name is required');
    return undefined;
  }
  const value = field.value;
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    throw invalid('Name is required');
  }
  // Not turned into text: `{"Name":123}` is a client's mistake, and storing "123" would hide it.
  if (typeof value !== 'string') throw invalid(`Name must be a string, not ${describeJsonType(value)}.`);
  if (value.length > MAX_NAME_LENGTH) throw invalid(`Name must be at most ${MAX_NAME_LENGTH} characters.`);
  if (hasControlCharacter(value)) throw invalid('Name must not contain control characters.');
  return value;
}

/** A nullable text field: absent → `undefined` (unchanged), `null` → `null`. */
function readText(body: InputObject, name: string): string | null | undefined {
  const field = readField(body, name);
  if (!field.present) return undefined;
  if (field.value === null) return null;
  if (typeof field.value !== 'string') throw invalid(`${name} must be a string or null.`);
  if (field.value.length > MAX_TEXT_LENGTH)
    throw invalid(`${name} must be at most ${MAX_TEXT_LENGTH} characters.`);
  return field.value;
}

function readTimezone(body: InputObject): string | null | undefined {
  const field = readField(body, 'Timezone');
  if (!field.present) return undefined;
  if (field.value === null) return null;
  if (typeof field.value !== 'string') throw invalid('Timezone must be a string or null.');
  if (!isKnownTimeZone(field.value)) {
    const shown = hasControlCharacter(field.value) ? 'the value' : `'${field.value.slice(0, 64)}'`;
    throw invalid(`Timezone ${shown} is not an IANA time zone name (such as Europe/London or UTC).`);
  }
  return field.value;
}

/**
 * Cyclr's retention rule: `null` and 0 are valid, a negative number is refused with Cyclr's exact
 * message, more than 744 is stored as 744, a fraction is rounded down, and a value that is not a
 * number (`"abc"`, `true`) is ignored — the stored value stays as it was.
 */
function readRetention(body: InputObject, name: string): number | null | undefined {
  const field = readField(body, name);
  if (!field.present) return undefined;
  if (field.value === null) return null;
  if (typeof field.value !== 'number' || !Number.isFinite(field.value)) return undefined;
  if (field.value < 0) throw invalid(`${name} (${field.value}): must be non negative`);
  return Math.floor(Math.min(field.value, MAX_RETENTION_HOURS));
}

function readFlag(body: InputObject, name: string): boolean | null | undefined {
  const field = readField(body, name);
  if (!field.present) return undefined;
  if (field.value === null || typeof field.value === 'boolean') return field.value;
  throw invalid(`${name} must be true, false or null.`);
}

/** `""` and `null` clear the URL; anything else must normalise to a valid URL. */
function readWebhookUrl(body: InputObject): string | null | undefined {
  const field = readField(body, 'TransactionErrorWebhookUrl');
  if (!field.present) return undefined;
  if (field.value === null || field.value === '') return null;
  if (typeof field.value !== 'string') throw invalid('TransactionErrorWebhookUrl must be a string or null.');
  const result = normaliseWebhookUrl(field.value);
  if (!result.ok) throw invalid(result.message);
  return result.url;
}

/**
 * Reads every changeable field of a create or update body, in Cyclr's order of checks; the first
 * problem is thrown as a 400 with Cyclr's wording where Cyclr has one. Unknown fields and the
 * read-only ones (`CreatedDate`, `NextBillDateUtc`) are ignored.
 */
function readChanges(body: InputObject, nameRequired: boolean): AccountChanges {
  const changes: { -readonly [K in keyof AccountChanges]: AccountChanges[K] } = {};
  const name = readName(body, nameRequired);
  if (name !== undefined) changes.name = name;
  const description = readText(body, 'Description');
  if (description !== undefined) changes.description = description;
  const timezone = readTimezone(body);
  if (timezone !== undefined) changes.timezone = timezone;
  const auditInfo = readText(body, 'AuditInfo');
  if (auditInfo !== undefined) changes.auditInfo = auditInfo;
  const taskAuditInfo = readText(body, 'TaskAuditInfo');
  if (taskAuditInfo !== undefined) changes.taskAuditInfo = taskAuditInfo;
  const success = readRetention(body, 'StepDataSuccessRetentionHours');
  if (success !== undefined) changes.stepDataSuccessRetentionHours = success;
  const errored = readRetention(body, 'StepDataErroredRetentionHours');
  if (errored !== undefined) changes.stepDataErroredRetentionHours = errored;
  const url = readWebhookUrl(body);
  if (url !== undefined) changes.transactionErrorWebhookUrl = url;
  const enabled = readFlag(body, 'TransactionErrorWebhookEnabled');
  // Cyclr checks the body alone: a body that turns the webhook on must carry the URL itself.
  if (enabled === true && !url) {
    throw invalid('Transaction Error Webhook enabled: Transaction Error Webhook URL must be defined');
  }
  if (enabled !== undefined) changes.transactionErrorWebhookEnabled = enabled;
  const warnings = readFlag(body, 'TransactionErrorWebhookIncludeWarnings');
  if (warnings !== undefined) changes.transactionErrorWebhookIncludeWarnings = warnings;
  return changes;
}

/** Reads the body of `POST /v1.0/accounts`; fields not sent get their defaults. */
export function readNewAccount(body: unknown): NewAccountInput {
  const input = asInputObject(body);
  const id = readId(input);
  const changes = readChanges(input, true);
  return {
    id,
    fields: {
      name: changes.name ?? '',
      description: changes.description ?? null,
      timezone: changes.timezone === undefined ? DEFAULT_TIMEZONE : changes.timezone,
      auditInfo: changes.auditInfo ?? null,
      taskAuditInfo: changes.taskAuditInfo ?? null,
      stepDataSuccessRetentionHours: changes.stepDataSuccessRetentionHours ?? null,
      stepDataErroredRetentionHours: changes.stepDataErroredRetentionHours ?? null,
      transactionErrorWebhookEnabled: changes.transactionErrorWebhookEnabled ?? null,
      transactionErrorWebhookUrl: changes.transactionErrorWebhookUrl ?? null,
      transactionErrorWebhookIncludeWarnings: changes.transactionErrorWebhookIncludeWarnings ?? null,
    },
  };
}

/** Reads the body of `PUT /v1.0/accounts/{id}`: only the fields sent change. An `Id` in the body is ignored. */
export function readAccountChanges(body: unknown): AccountChanges {
  return readChanges(asInputObject(body), false);
}
