import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type SchemaControllerOptions = NonNullable<FastifyServerOptions['schemaController']>;
type CompilersFactory = NonNullable<SchemaControllerOptions['compilersFactory']>;

/** A compiled validator or serializer, as Fastify calls it. */
type Compiled = ((data: unknown) => unknown) & { errors?: unknown };
/** What a compiler factory returns: one route part's schema in, its compiled function out. */
type Compiler = (routeSchema: unknown) => Compiled;
type CompilerFactory = (...factoryArgs: unknown[]) => Compiler;

// Fastify's own default compilers (Ajv and fast-json-stringify), resolved from where Fastify is.
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));

/**
 * Wraps a compiler so each route's schema is compiled on the route's first request instead of at
 * start-up. Compiling every route's validators and serializers at start took about a quarter of
 * start-up CPU, and the generated code stayed in memory for routes that are never called.
 */
function compiledOnFirstUse(factory: CompilerFactory): CompilerFactory {
  return (...factoryArgs) => {
    const compile = factory(...factoryArgs);
    return (routeSchema) => {
      let compiled: Compiled | undefined;
      const lazy: Compiled = (data) => {
        compiled ??= compile(routeSchema);
        return compiled(data);
      };
      // Fastify reads a failed validation's `errors` from the function it called.
      Object.defineProperty(lazy, 'errors', { get: () => compiled?.errors });
      return lazy;
    };
  };
}

/** Fastify's `schemaController` option: its default compilers, each route's compiled on first use. */
export function lazySchemaController(): SchemaControllerOptions {
  const validators = fromFastify('@fastify/ajv-compiler') as () => CompilerFactory;
  const serializers = fromFastify('@fastify/fast-json-stringify-compiler') as () => CompilerFactory;
  return {
    compilersFactory: {
      // Typed as Ajv's and fast-json-stringify's own results; Fastify only calls them (and reads `errors`).
      buildValidator: compiledOnFirstUse(validators()) as unknown as NonNullable<
        CompilersFactory['buildValidator']
      >,
      buildSerializer: compiledOnFirstUse(serializers()) as unknown as NonNullable<
        CompilersFactory['buildSerializer']
      >,
    },
  };
}
