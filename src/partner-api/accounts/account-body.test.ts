import { describe, expect, it } from 'vitest';
import { normaliseWebhookUrl } from '../../domain/accounts/webhook-url.ts';
import { readAccountChanges, readNewAccount } from './account-body.ts';

describe('account input', () => {
  it('prepends https:// to a webhook URL without a scheme and keeps the rest exactly', () => {
    expect(normaliseWebhookUrl('staging.cyclr.com/api/webhook/1')).toEqual({
      ok: true,
      url: 'https://staging.cyclr.com/api/webhook/1',
    });
    expect(normaliseWebhookUrl('http://hooks.example.com')).toEqual({
      ok: true,
      url: 'http://hooks.example.com',
    });
    expect(normaliseWebhookUrl(' ')).toEqual({ ok: false, message: 'https://  is not a valid URL' });
    expect(normaliseWebhookUrl('not a url')).toEqual({
      ok: false,
      message: 'https://not a url is not a valid URL',
    });
    expect(normaliseWebhookUrl('mailto://x')).toEqual({
      ok: false,
      message: 'mailto://x is not a valid URL',
    });
  });

  it('caps retention at 744, rounds fractions down and ignores values that are not numbers', () => {
    expect(readAccountChanges({ StepDataSuccessRetentionHours: 800.5 })).toEqual({
      stepDataSuccessRetentionHours: 744,
    });
    expect(readAccountChanges({ StepDataSuccessRetentionHours: 12.9 })).toEqual({
      stepDataSuccessRetentionHours: 12,
    });
    expect(readAccountChanges({ StepDataErroredRetentionHours: '48' })).toEqual({});
    expect(readAccountChanges({ StepDataErroredRetentionHours: null })).toEqual({
      stepDataErroredRetentionHours: null,
    });
    expect(() => readAccountChanges({ StepDataErroredRetentionHours: -0.5 })).toThrow(
      'StepDataErroredRetentionHours (-0.5): must be non negative',
    );
  });

  it('refuses a Name that is not text instead of storing it as text', () => {
    expect(() => readNewAccount({ Name: 123 })).toThrow('Name must be a string, not a number.');
    expect(() => readAccountChanges({ name: true })).toThrow('Name must be a string, not true or false.');
    expect(() => readNewAccount({ Name: ['a'] })).toThrow('Name must be a string, not an array.');
  });

  it('checks Name before the other fields, as Cyclr does', () => {
    expect(() => readNewAccount({ StepDataSuccessRetentionHours: -1 })).toThrow('Name is required');
  });

  it('refuses a chosen Id that would not fit a URL path, and takes a number as its text', () => {
    expect(() => readNewAccount({ Id: 'a/b', Name: 'x' })).toThrow(/^Id must be 1 to 100 characters/);
    expect(() => readNewAccount({ Id: 'x'.repeat(101), Name: 'x' })).toThrow(/^Id must be/);
    expect(readNewAccount({ Id: 'x'.repeat(100), Name: 'x' }).id).toHaveLength(100);
    expect(() => readNewAccount({ Id: 'has space', Name: 'x' })).toThrow(/^Id must be/);
    expect(readNewAccount({ Id: 42, Name: 'x' }).id).toBe('42');
    expect(readNewAccount({ Id: '', Name: 'x' }).id).toBeNull();
  });

  it('refuses a webhook flag that is not a boolean', () => {
    expect(() => readAccountChanges({ TransactionErrorWebhookIncludeWarnings: 'yes' })).toThrow(
      'TransactionErrorWebhookIncludeWarnings must be true, false or null.',
    );
  });
});
