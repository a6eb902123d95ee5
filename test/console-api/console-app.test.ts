import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleBuildIsFresh } from '../../src/cli/console-build.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/console/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

describe('serving the built console', () => {
  let database: TestDatabase;
  let app: TestPlugboard;
  let missing: TestPlugboard;
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-console-'));

  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("hi")');
    writeFileSync(join(dir, 'secret.txt'), 'not served');
    database = await (testDatabaseKinds()[0] as { create(): Promise<TestDatabase> }).create();
    app = await startTestPlugboard(database, { consoleDir: dir });
    missing = await startTestPlugboard(database, { consoleDir: join(dir, 'nowhere') });
  });
  afterAll(async () => {
    await app.close();
    await missing.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /console and every path under it with index.html, never cached', async () => {
    for (const url of [
      '/console',
      '/console/',
      '/console/accounts/acme/connectors/4',
      '/console/settings?x=1',
    ]) {
      const response = await app.server.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toBe(INDEX);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });

  it('sends a strict content security policy and refuses framing', async () => {
    const response = await app.server.inject({ url: '/console' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves hashed assets for a year, and a missing asset is a 404, not the page', async () => {
    const asset = await app.server.inject({ url: '/console/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('max-age=31536000');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(String(asset.headers['content-type'])).toContain('javascript');
    const gone = await app.server.inject({ url: '/console/assets/index-old.js' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toHaveProperty('Message');
  });

  it('serves nothing outside the assets folder', async () => {
    for (const url of [
      '/console/assets/../secret.txt',
      '/console/assets/%2e%2e/secret.txt',
      '/console/secret.txt',
    ]) {
      const response = await app.server.inject({ url });
      expect(response.body, url).not.toContain('not served');
    }
  });

  it('explains a missing build with a clear page', async () => {
    const response = await missing.server.inject({ url: '/console/accounts' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('The console has not been built');
    expect(response.body).toContain('npm start');
  });
});

describe('the console build check', () => {
  const root = mkdtempSync(join(tmpdir(), 'plugboard-build-'));
  const source = join(root, 'console');
  const out = join(root, 'dist');
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);
  beforeAll(() => {
    mkdirSync(join(source, 'src'), { recursive: true });
    mkdirSync(out);
    writeFileSync(join(source, 'src', 'app.tsx'), 'x');
    writeFileSync(join(root, 'package.json'), '{}');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('builds when there is no build yet', () => {
    expect(consoleBuildIsFresh(source, out)).toBe(false);
  });

  it('skips the build when the output is newer than every source', () => {
    writeFileSync(join(out, 'index.html'), 'built');
    at(join(source, 'src', 'app.tsx'), 1000);
    at(join(source, 'src'), 1000);
    at(join(root, 'package.json'), 1000);
    at(join(out, 'index.html'), 2000);
    expect(consoleBuildIsFresh(source, out, [join(root, 'package.json')])).toBe(true);
  });

  it('builds again when a source or package.json changed', () => {
    at(join(source, 'src', 'app.tsx'), 3000);
    expect(consoleBuildIsFresh(source, out)).toBe(false);
    at(join(source, 'src', 'app.tsx'), 1000);
    at(join(root, 'package.json'), 3000);
    expect(consoleBuildIsFresh(source, out, [join(root, 'package.json')])).toBe(false);
  });
});
