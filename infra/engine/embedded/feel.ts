import { evaluate } from 'feelin';

/** A FEEL expression failed: the message names the expression and what went wrong. */
export class FeelError extends Error {
  constructor(readonly expression: string, message: string) {
    super(`FEEL expression ${expression} failed: ${message}`);
    this.name = 'FeelError';
  }
}

/** Turns FEEL's temporal values into what the rest of the engine reads: ISO strings. */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    const v = value as { toISO?: () => string; constructor?: { name?: string } };
    if (typeof v.toISO === 'function') return v.toISO();
    if (v.constructor === Object) return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, plain(x)]));
    return String(value);
  }
  return value;
}

/** `=expr` is FEEL (Camunda 8's convention); anything else is a literal. */
export function isFeel(text: unknown): text is string {
  return typeof text === 'string' && text.trimStart().startsWith('=');
}

/** Evaluates a Camunda 8 style value: `=expr` as FEEL over the variables, anything else as given. */
export function feelValue(text: string, variables: Record<string, unknown>): unknown {
  if (!isFeel(text)) return text;
  const expression = text.trimStart().slice(1);
  let result;
  try {
    result = evaluate(expression, variables);
  } catch (err) {
    throw new FeelError(text, (err as Error).message);
  }
  return plain(result.value);
}

/** The expressions handler bpmn-engine calls for conditions and timer values, reading one instance's variables. */
export function feelExpressions(variables: () => Record<string, unknown>) {
  return {
    resolveExpression(expression: unknown) {
      return isFeel(expression) ? feelValue(expression, variables()) : expression;
    },
    isExpression: isFeel,
    hasExpression: isFeel,
  };
}
