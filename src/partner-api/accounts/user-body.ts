import { invalid } from '../../domain/errors.ts';
import { checkUsername } from '../../domain/sign-in-tokens/sign-in-token-service.ts';
import { asInputObject, readField } from '../cross-cutting/input-fields.ts';

const MAX_PASSWORD_LENGTH = 256;

/** Reads `Username` from a request body: required and text, then checked as every account user's name is. */
export function readUsername(body: unknown): string {
  const field = readField(asInputObject(body), 'Username');
  const value = field.present ? field.value : undefined;
  if (value === undefined || value === null) throw invalid('Username is required');
  if (typeof value !== 'string') throw invalid('Username must be a string.');
  return checkUsername(value);
}

/**
 * Reads Cyclr's `{UserName, Password}` user body. The password is checked for shape only and never
 * kept: account users sign in with one-time sign-in tokens, not passwords.
 */
export function readUserBody(body: unknown): string {
  const username = readUsername(body);
  const password = readField(asInputObject(body), 'Password');
  if (password.present && password.value !== null) {
    if (typeof password.value !== 'string') throw invalid('Password must be a string.');
    if (password.value.length > MAX_PASSWORD_LENGTH)
      throw invalid(`Password must be at most ${MAX_PASSWORD_LENGTH} characters.`);
  }
  return username;
}
