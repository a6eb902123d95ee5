import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Guard rails for the layout the README describes: arrows point inward, and there are no import
 * cycles. The check reads the sources themselves, so a new file is covered the moment it exists.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

/** Folders whose code must know nothing of HTTP frameworks, SQL or the partner API. */
const INNER = ['src/domain/', 'src/runtime/', 'src/connectors/'];
const FORBIDDEN_PACKAGES = [/^fastify$/, /^@fastify\//, /^kysely$/, /^pg$/, /^better-sqlite3$/];
const FORBIDDEN_FOLDERS = [
  'src/partner-api/',
  'src/http/',
  'src/storage/',
  'src/console-api/',
  'src/browser-auth/',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports (static, dynamic and type-only alike). */
function importsOf(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1] as string);
  return found;
}

/**
 * Cyclr's request bodies are read at the edge: only `partner-api/` knows their PascalCase names and
 * Cyclr's case-insensitive binding, and domain services take typed, camelCase input. A domain service
 * method taking `unknown` is reading a raw body; the exceptions say why they are not one.
 */
const RAW_INPUT_ALLOWED: Readonly<Record<string, string>> = {
  'src/domain/templates/template-service.ts#import':
    'a template document is the domain’s own stored format, checked field by field by template-validation',
};
/** Functions that read a raw request body; they belong in `partner-api/`. */
const BODY_READER = /\bexport\s+(?:async\s+)?function\s+((?:read|parse)\w*Body|readField|asInputObject)\b/g;

/** The public methods of the classes in `text` that take a parameter typed `unknown`. */
function methodsTakingUnknown(text: string): string[] {
  const found: string[] = [];
  const method = /^[ \t]+(?:public\s+)?(?:async\s+)?(\w+)\(([^)]*)\)\s*:/gm;
  for (const match of text.matchAll(method)) {
    const [, name, parameters] = match as unknown as [string, string, string];
    if (/\bunknown\b/.test(parameters) && name !== 'constructor') found.push(name);
  }
  return found;
}

/** PascalCase members (Cyclr's JSON names) of the interfaces declared in `text`. */
function pascalCaseMembers(text: string): string[] {
  const found: string[] = [];
  for (const [, name, members] of text.matchAll(/\binterface\s+(\w+)[^{]*\{([^}]*)\}/g)) {
    for (const [, member] of (members as string).matchAll(/^\s*(?:readonly\s+)?([A-Z]\w*)\??\s*:/gm))
      found.push(`${name}.${member}`);
  }
  return found;
}

/** The body readers `text` exports (see {@link BODY_READER}). */
function bodyReaders(text: string): string[] {
  return [...text.matchAll(BODY_READER)].map((match) => match[1] as string);
}

const files = sourceFiles(SRC);
const rel = (path: string) => relative(ROOT, path).split('\\').join('/');
const graph = new Map<string, string[]>(
  files.map((file) => {
    const specifiers = importsOf(readFileSync(file, 'utf8'));
    return [rel(file), specifiers] as const;
  }),
);

function localTarget(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return rel(resolve(ROOT, dirname(from), specifier));
}

/** The import cycles among `src/` files, each as the list of files around it. */
function findCycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!edges.has(next)) continue;
      if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('the layout', () => {
  it('keeps Fastify, SQL drivers, Kysely and the outer layers out of domain, runtime and connector code', () => {
    const violations: string[] = [];
    for (const [file, specifiers] of graph) {
      if (!INNER.some((folder) => file.startsWith(folder))) continue;
      for (const specifier of specifiers) {
        const target = localTarget(file, specifier);
        if (target ? FORBIDDEN_FOLDERS.some((folder) => target.startsWith(folder)) : false) {
          violations.push(`${file} imports ${target}`);
        } else if (!target && FORBIDDEN_PACKAGES.some((pattern) => pattern.test(specifier))) {
          violations.push(`${file} imports ${specifier}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps the connector runtime and the definitions below the domain (the domain calls them, never the reverse)', () => {
    const upward: string[] = [];
    for (const [file, specifiers] of graph) {
      if (!file.startsWith('src/runtime/') && !file.startsWith('src/connectors/')) continue;
      for (const specifier of specifiers) {
        const target = localTarget(file, specifier);
        if (target?.startsWith('src/domain/') || target?.startsWith('src/jobs/'))
          upward.push(`${file} imports ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('reads Cyclr request bodies in partner-api only: domain services take typed input and return domain objects', () => {
    const readersOutside: string[] = [];
    const readersInside: string[] = [];
    const rawInputs: string[] = [];
    const cyclrShapes: string[] = [];
    for (const file of files) {
      const path = rel(file);
      const text = readFileSync(file, 'utf8');
      for (const reader of bodyReaders(text)) {
        if (path.startsWith('src/partner-api/')) readersInside.push(reader);
        else if (path.startsWith('src/domain/')) readersOutside.push(`${path}: ${reader}`);
      }
      if (path.startsWith('src/domain/') && path.endsWith('-service.ts')) {
        for (const method of methodsTakingUnknown(text)) {
          if (!RAW_INPUT_ALLOWED[`${path}#${method}`]) rawInputs.push(`${path}: ${method}(… unknown …)`);
        }
        for (const member of pascalCaseMembers(text)) cyclrShapes.push(`${path}: ${member}`);
      }
    }
    expect(readersOutside).toEqual([]);
    expect(rawInputs).toEqual([]);
    expect(cyclrShapes).toEqual([]);
    // The readers exist where they belong, so the check above is looking for something real.
    expect(readersInside).toEqual(expect.arrayContaining(['readField', 'asInputObject', 'readUserBody']));
  });

  it('has no import cycles', () => {
    const edges = new Map(
      [...graph].map(([file, specifiers]) => [
        file,
        specifiers.flatMap((specifier) => localTarget(file, specifier) ?? []),
      ]),
    );
    expect(findCycles(edges).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('finds a cycle and a forbidden import when there is one (the check itself works)', () => {
    const edges = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(findCycles(edges)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(importsOf("import type { X } from 'fastify';\nexport { y } from './y.ts';")).toEqual([
      'fastify',
      './y.ts',
    ]);
    const service = [
      'export class AccountService {',
      '  async create(body: unknown): Promise<Account> {}',
      '  async update(',
      '    id: string,',
      '    input: unknown,',
      '  ): Promise<Account> {}',
      '  async get(id: string): Promise<Account> {}',
      '}',
      'export function readAccountBody(body: unknown) {}',
    ].join('\n');
    expect(methodsTakingUnknown(service)).toEqual(['create', 'update']);
    expect(
      pascalCaseMembers(
        'export interface Link {\n  readonly AccountId: string;\n  token?: string;\n  Url?: string;\n}',
      ),
    ).toEqual(['Link.AccountId', 'Link.Url']);
    expect(bodyReaders(service)).toEqual(['readAccountBody']);
  });
});
