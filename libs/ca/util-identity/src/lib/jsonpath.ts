// The JSONPath subset fulcio's `issuer-claim` needs (upstream example: `$.federated_claims.connector_id`):
// a root `$` followed by `.name` or `["name"]` / `['name']` member steps.
import { IdentityError } from './error.js';

export type JsonPath = readonly string[];

const STEP =
  /^(?:\.([A-Za-z_$][A-Za-z0-9_$-]*)|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*'((?:[^'\\]|\\.)*)'\s*\])/;

/** Parses `$.a.b`; throws IdentityError(INVALID_CONFIG) for anything outside the subset. */
export function parseJsonPath(src: string): JsonPath {
  if (!src.startsWith('$')) throw invalid(src);
  const steps: string[] = [];
  let rest = src.slice(1);
  while (rest) {
    const m = STEP.exec(rest);
    if (!m) throw invalid(src);
    steps.push(
      m[1] ??
        (m[2] !== undefined ? (JSON.parse(`"${m[2]}"`) as string) : m[3]!.replace(/\\(.)/g, '$1')),
    );
    rest = rest.slice(m[0].length);
  }
  if (steps.length === 0) throw invalid(src);
  return steps;
}

/** The value at `path`, or undefined when a step is missing or not an object member. */
export function evaluateJsonPath(path: JsonPath, value: unknown): unknown {
  let cur = value;
  for (const step of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, step))
      return undefined;
    cur = (cur as Record<string, unknown>)[step];
  }
  return cur;
}

function invalid(src: string): IdentityError {
  return new IdentityError(
    'INVALID_CONFIG',
    `unsupported JSONPath ${JSON.stringify(src)} (expected $.a.b)`,
  );
}
