// Execution of the Go text/template subset over a flat string map, with `missingkey=error` semantics
// for fields and Go's zero-value semantics for `index` (fulcio ciprovider applyTemplateOrReplace).
import { IdentityError } from './error.js';
import type { Expr, Fn, TemplateNode } from './template-ast.js';

const DOT = Symbol('dot');
type Value = string | boolean | typeof DOT;

function fail(message: string): never {
  throw new IdentityError('INVALID_TEMPLATE', `template: ${message}`);
}

function evaluate(e: Expr, data: ReadonlyMap<string, string>): Value {
  switch (e.t) {
    case 'dot':
      return DOT;
    case 'lit':
      return e.v;
    case 'field': {
      const [head, ...rest] = e.path;
      const v = data.get(head);
      if (v === undefined) {
        throw new IdentityError(
          'MISSING_CLAIM',
          `template: map has no entry for key ${JSON.stringify(head)}`,
        );
      }
      if (rest.length > 0) fail(`can't evaluate field ${rest[0]} in type string`);
      return v;
    }
    case 'call':
      return call(e.fn, e.args, data);
  }
}

function call(fn: Fn, args: readonly Expr[], data: ReadonlyMap<string, string>): Value {
  switch (fn) {
    case 'index': {
      const [target, ...keys] = args;
      if (!target) fail('wrong number of args for index');
      let item = evaluate(target, data);
      for (const keyExpr of keys) {
        const key = evaluate(keyExpr, data);
        if (item !== DOT) fail(`can't index item of type ${typeof item}`);
        if (typeof key !== 'string') fail('index of map must be a string');
        // Go's index yields the zero value for a missing map key (missingkey does not apply).
        item = data.get(key) ?? '';
      }
      return item;
    }
    case 'eq':
    case 'ne': {
      const [first, ...others] = args.map((a) => evaluate(a, data));
      if (first === undefined) fail(`wrong number of args for ${fn}`);
      const equal = others.some((o) => compare(first, o));
      return fn === 'eq' ? equal : !equal;
    }
    case 'not': {
      const [operand] = args;
      if (!operand) fail('wrong number of args for not');
      return !truth(evaluate(operand, data));
    }
    case 'and':
    case 'or': {
      let v: Value = false;
      for (const a of args) {
        v = evaluate(a, data);
        if (fn === 'and' ? !truth(v) : truth(v)) return v;
      }
      return v;
    }
  }
}

function compare(a: Value, b: Value): boolean {
  if (a === DOT || b === DOT) fail('invalid type for comparison');
  if (typeof a !== typeof b) fail('incompatible types for comparison');
  return a === b;
}

function truth(v: Value): boolean {
  if (v === DOT) return true; // a non-empty map; claims always include iss/sub
  return typeof v === 'boolean' ? v : v !== '';
}

export function render(nodes: readonly TemplateNode[], data: ReadonlyMap<string, string>): string {
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text') out += n.s;
    else if (n.t === 'print') out += show(evaluate(n.e, data), data);
    else {
      const hit = n.branches.find((b) => truth(evaluate(b.cond, data)));
      out += render(hit ? hit.body : n.otherwise, data);
    }
  }
  return out;
}

function show(v: Value, data: ReadonlyMap<string, string>): string {
  if (v === DOT) {
    const keys = [...data.keys()].sort();
    return `map[${keys.map((k) => `${k}:${data.get(k)}`).join(' ')}]`;
  }
  return String(v);
}

/** Parses a template (Go text/template subset); throws IdentityError(INVALID_TEMPLATE) on bad syntax. */
