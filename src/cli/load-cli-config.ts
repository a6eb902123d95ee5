import { type ConfigDefaults, ConfigError, loadConfig, type PlugboardConfig } from '../config/load-config.ts';
import { CliError, type CliIo } from './cli-io.ts';

/** Loads the configuration for a command; a bad variable becomes a CLI error naming it. */
export function loadCliConfig(io: CliIo, defaults: ConfigDefaults = {}): PlugboardConfig {
  try {
    return loadConfig(io.env, defaults);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`Invalid configuration: ${error.message}`);
    throw error;
  }
}
