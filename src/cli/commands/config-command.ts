import { CONFIG_OPTIONS } from '../../config/config-options.ts';
import type { CliCommand } from '../cli-io.ts';
import { loadCliConfig } from '../load-cli-config.ts';
import { withoutPassword } from '../startup-errors.ts';
import { wrapText } from '../text-wrap.ts';
import { expectNoArguments } from './arguments.ts';

/** The option table as aligned text: variable, default, meaning. */
export function formatConfigTable(): string {
  const width = Math.max(...CONFIG_OPTIONS.map((o) => o.variable.length));
  return CONFIG_OPTIONS.map(
    (o) =>
      `  ${o.variable.padEnd(width)}  ${wrapText(o.description, width + 4)}\n  ${' '.repeat(width)}  ${wrapText(`default: ${o.defaultText}`, width + 4)}`,
  ).join('\n');
}

export const configCommand: CliCommand = {
  words: ['config'],
  usage: 'plugboard config',
  summary: 'print every option with its default, and the values this environment gives (secrets hidden)',
  async run(args, io) {
    expectNoArguments(args, 'config');
    io.out(`Options (environment variables):\n${formatConfigTable()}\n`);
    const config = loadCliConfig(io);
    const effective = {
      PLUGBOARD_PORT: config.port,
      PLUGBOARD_HOST: config.host,
      PLUGBOARD_PUBLIC_URL: config.publicUrl,
      CallbackUrl: config.callbackUrl,
      PLUGBOARD_DATABASE_URL:
        config.database.kind === 'sqlite' ? config.databaseUrl : withoutPassword(config.databaseUrl),
      PLUGBOARD_ENCRYPTION_KEYS: config.encryptionKeys
        ? `${config.encryptionKeys.length} key(s), active "${config.encryptionKeys[0]?.kid}"`
        : 'key file next to the SQLite database',
      PLUGBOARD_SANDBOX: io.env.PLUGBOARD_SANDBOX?.trim()
        ? config.sandbox
          ? 'on'
          : 'off'
        : 'on for plugboard start (npm start) while the public URL is loopback, off for plugboard serve',
      PLUGBOARD_LOG_LEVEL: config.logLevel,
      PLUGBOARD_LOG_FORMAT: config.logFormat,
      PLUGBOARD_API_RATE_LIMIT: config.apiRateLimitPerMinute,
      PLUGBOARD_TOKEN_RATE_LIMIT: config.tokenRateLimitPerMinute,
      PLUGBOARD_TRUSTED_PROXIES: config.trustedProxies.join(',') || '(none)',
      PLUGBOARD_SHUTDOWN_GRACE_SECONDS: config.shutdownGraceSeconds,
    };
    io.out(`Effective values:\n${JSON.stringify(effective, null, 2)}`);
    return 0;
  },
};
