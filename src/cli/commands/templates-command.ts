import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConnectorCatalog } from '../../connectors/catalog.ts';
import { systemClock } from '../../domain/clock.ts';
import { TemplateService } from '../../domain/templates/template-service.ts';
import { type CliCommand, CliError } from '../cli-io.ts';
import { loadCliConfig } from '../load-cli-config.ts';
import { withStorage } from '../with-storage.ts';

function parse(args: readonly string[], command: string, options: Record<string, { type: 'string' }>) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new CliError(`plugboard ${command}: ${error instanceof Error ? error.message : String(error)}`, 2);
  }
}

async function readDocument(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliError(`${file}: cannot be read.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${file}: is not valid JSON.`);
  }
}

export const templatesPushCommand: CliCommand = {
  words: ['templates', 'push'],
  usage: 'plugboard templates push FILE…',
  summary:
    'imports template documents (JSON), each as a new release of the template with its Name; prints {File,Id,Name,ReleaseNumber} per file',
  async run(args, io) {
    const { positionals } = parse(args, 'templates push', {});
    if (positionals.length === 0) throw new CliError('plugboard templates push needs at least one FILE', 2);
    const documents = await Promise.all(
      positionals.map(async (file) => ({ file, raw: await readDocument(file) })),
    );
    return withStorage(loadCliConfig(io), async (storage) => {
      const templates = new TemplateService(storage.stores, new ConnectorCatalog(), systemClock);
      let failed = 0;
      for (const { file, raw } of documents) {
        try {
          const { template, release } = await templates.import(raw);
          io.out(
            JSON.stringify({
              File: file,
              Id: template.id,
              Name: template.name,
              ReleaseNumber: release.releaseNumber,
            }),
          );
        } catch (error) {
          failed++;
          io.err(`${file}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return failed === 0 ? 0 : 1;
    });
  },
};

export const templatesPullCommand: CliCommand = {
  words: ['templates', 'pull'],
  usage: 'plugboard templates pull ID [--release N] [--out FILE]',
  summary: 'prints a template document (the latest release unless --release) or writes it to --out',
  async run(args, io) {
    const { positionals, values } = parse(args, 'templates pull', {
      release: { type: 'string' },
      out: { type: 'string' },
    });
    const id = positionals[0];
    if (positionals.length !== 1 || !id)
      throw new CliError('plugboard templates pull needs exactly one template ID', 2);
    const release = values.release === undefined ? undefined : Number(values.release);
    if (release !== undefined && !(Number.isInteger(release) && release >= 1))
      throw new CliError('plugboard templates pull: --release must be a whole number from 1', 2);
    return withStorage(loadCliConfig(io), async (storage) => {
      const templates = new TemplateService(storage.stores, new ConnectorCatalog(), systemClock);
      const text = `${JSON.stringify((await templates.release(id, release)).document, null, 2)}\n`;
      if (typeof values.out === 'string') await writeFile(values.out, text);
      else io.out(text.trimEnd());
      return 0;
    });
  },
};
