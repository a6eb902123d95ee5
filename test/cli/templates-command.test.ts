import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { exampleTemplate } from '../support/example-template.ts';
import { fakeCliIo } from '../support/fake-cli-io.ts';

const dir = mkdtempSync(join(tmpdir(), 'plugboard-templates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { PLUGBOARD_DATABASE_URL: `sqlite:${join(dir, 'plugboard.db')}`, PLUGBOARD_LOG_LEVEL: 'silent' };

describe('plugboard templates push / pull', () => {
  it('pushes documents as releases and pulls the latest back unchanged', async () => {
    const file = join(dir, 'contacts.json');
    writeFileSync(file, JSON.stringify(exampleTemplate()));
    const first = fakeCliIo(env);
    expect(await main(['templates', 'push', file, file], first)).toBe(0);
    const lines = first.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.ReleaseNumber)).toEqual([1, 2]);
    expect(lines[0].Id).toBe(lines[1].Id);
    const out = join(dir, 'pulled.json');
    const pull = fakeCliIo(env);
    expect(await main(['templates', 'pull', lines[0].Id, '--release', '1', '--out', out], pull)).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(exampleTemplate());
  });

  it('reports an invalid document by file and step, and fails', async () => {
    const bad = exampleTemplate({ Name: 'Bad' });
    (bad.Steps[1] as { Condition: string }).Condition = 'Maybe';
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const io = fakeCliIo(env);
    expect(await main(['templates', 'push', file], io)).toBe(1);
    expect(io.stderr).toContain(`${file}: The template is not valid`);
    expect(io.stderr).toContain("Step 'hasEmail'");
    const missing = fakeCliIo(env);
    expect(await main(['templates', 'pull', 'no-such-id'], missing)).toBe(1);
    expect(missing.stderr).toContain('Template no-such-id was not found.');
    expect(await main(['templates', 'push'], fakeCliIo(env))).toBe(2);
  });
});
