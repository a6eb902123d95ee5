// The JSONata sandbox: a child process with its own small heap, so a runaway expression is stopped
// by killing the process (a worker thread's heap limit does not survive one huge allocation: the
// whole server aborted). Plain JavaScript on purpose: it starts without the TypeScript loader. JSONata itself has no file, network or JavaScript access; `$eval`
// is replaced so an expression cannot build and run another one outside the checks of import.
import jsonata from 'jsonata';

const compiled = new Map();
const MAX_COMPILED = 500;
// JSONata's own cooperative limits; the thread's termination and heap limit back them up.
const GUARDRAILS = {
  timeout: Number(process.env.PLUGBOARD_EXPRESSION_TIMEOUT_MS ?? 1000),
  stack: 300,
  sequence: 100_000,
};
const BINDINGS = {
  eval: () => {
    throw new Error('$eval is not available in Plugboard expressions');
  },
};

function compile(expression) {
  let found = compiled.get(expression);
  if (!found) {
    found = jsonata(expression, GUARDRAILS);
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value);
    compiled.set(expression, found);
  }
  return found;
}

process.on('message', async ({ id, expression, input }) => {
  try {
    const result = await compile(expression).evaluate(input, BINDINGS);
    // Functions and sequences flatten to plain JSON; `undefined` (no match) is kept apart.
    const value = result === undefined ? undefined : JSON.parse(JSON.stringify(result) ?? 'null');
    process.send({ id, ok: true, undefined: result === undefined, value });
  } catch (error) {
    process.send({ id, ok: false, message: error?.message ?? String(error) });
  }
});

process.send({ ready: true });
