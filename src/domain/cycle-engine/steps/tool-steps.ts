/** The tools: Decision, Delay, WaitUntil and Map. They call nothing outside Plugboard. */
import { decide } from '../../mapping/decision.ts';
import { resolveMapping, resolveMappings } from '../../mapping/resolve-mapping.ts';
import type { Condition } from '../../templates/template-document.ts';
import { failed, type StepExecutor } from './step-outcome.ts';

export const runDecision: StepExecutor = async ({ step, mapping }) => {
  const left = await resolveMapping(step.Left, mapping);
  const right = await resolveMapping(step.Right, mapping);
  const result = decide(left, step.Condition as Condition, right);
  return {
    kind: 'completed',
    output: { Result: result },
    request: { Left: left ?? null, Condition: step.Condition, Right: right ?? null },
    response: { Result: result },
    branch: result ? 'True' : 'False',
  };
};

export const runDelay: StepExecutor = async ({ step, now }) => {
  const until = now + (step.Seconds ?? 0) * 1000;
  return {
    kind: 'completed',
    output: null,
    request: { Seconds: step.Seconds },
    response: { Until: new Date(until).toISOString() },
    nextAt: until,
  };
};

export const runWaitUntil: StepExecutor = async ({ step, mapping }) => {
  const value = await resolveMapping(step.Until, mapping);
  const at = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at))
    return failed('permanent', `Until is not a date: ${JSON.stringify(value ?? null)}.`, {
      Until: value ?? null,
    });
  return {
    kind: 'completed',
    output: null,
    request: { Until: value },
    response: { Until: new Date(at).toISOString() },
    nextAt: at,
  };
};

export const runMap: StepExecutor = async ({ step, mapping }) => {
  const output = await resolveMappings(step.Fields, mapping);
  return { kind: 'completed', output, request: null, response: output };
};
