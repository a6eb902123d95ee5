import { describe, expect, it } from 'vitest';
import { REDACTED, redactStepData } from './step-data-redaction.ts';

describe('step data redaction', () => {
  it('redacts secret-named fields at any depth and secret URL parameters, keeping the rest', () => {
    expect(
      redactStepData({
        Url: 'https://app.example.com/in?token=abc&page=2',
        Body: { name: 'Ada', apiKey: 'k-1', nested: [{ password: 'p', email: 'a@b.c' }] },
        Authorization: 'Bearer x',
      }),
    ).toEqual({
      Url: `https://app.example.com/in?token=${encodeURIComponent(REDACTED)}&page=2`,
      Body: { name: 'Ada', apiKey: REDACTED, nested: [{ password: REDACTED, email: 'a@b.c' }] },
      Authorization: REDACTED,
    });
  });
});
