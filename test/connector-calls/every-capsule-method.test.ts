import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { METHOD_CASES } from './capsule-methods/method-cases.ts';
import { startWorld, type World } from './capsule-methods/world.ts';

describe('the Capsule v2 method table', () => {
  it('has a case for every method of the definition and none for a method it lacks', () => {
    const defined = CAPSULE_V2.methods.map((m) => m.uniqueIdentifier).sort();
    expect(Object.keys(METHOD_CASES).sort()).toEqual(defined);
  });

  it('names each case after the method its GUID belongs to', () => {
    const mismatched = CAPSULE_V2.methods
      .filter((m) => METHOD_CASES[m.uniqueIdentifier]?.name !== m.name)
      .map((m) => `${m.uniqueIdentifier}: ${m.name} ≠ ${METHOD_CASES[m.uniqueIdentifier]?.name}`);
    expect(mismatched).toEqual([]);
  });
});

for (const kind of testDatabaseKinds()) {
  describe(`every Capsule v2 method through data on demand against the sandbox [${kind.kind}]`, () => {
    let database: TestDatabase;
    let world: World | undefined;
    beforeAll(async () => {
      database = await kind.create();
      world = await startWorld(database);
    });
    afterAll(async () => {
      await world?.close();
      await database?.drop();
    });

    for (const method of CAPSULE_V2.methods) {
      const testCase = METHOD_CASES[method.uniqueIdentifier];
      it(`${method.name}: ${testCase?.shows ?? 'has no case in the table'}`, async () => {
        if (!testCase) throw new Error(`No case for ${method.name} (${method.uniqueIdentifier})`);
        if (!world) throw new Error('the sandbox world did not start');
        await testCase.run(world);
      });
    }
  });
}
