// A small subset of Go's text/template, enough for Fulcio's CI extension templates
// (fulcio `config/identity/config.yaml` ci-issuer-metadata; `pkg/identity/ciprovider/principal.go`).
// Executed over a flat string map with `missingkey=error`, like upstream. Supported:
//   text, {{ .name }}, {{ . }}, {{ "lit" }}, {{ index . "dotted.key/with-slash" }}, (parenthesised calls),
//   {{ if X }}…{{ else if Y }}…{{ else }}…{{ end }}, eq / ne / not / and / or, {{- -}} trim markers, {{/* */}}.
// Anything else (pipes, variables, range, with, numbers, printf…) is rejected at parse time so a config
// using it fails at load instead of at issuance.
import { IdentityError } from './error.js';
import { FUNCTIONS, type Expr, type Fn, type TemplateNode } from './template-ast.js';
import { render } from './template-exec.js';

/** A parsed template; `execute` renders it over a flat string map. */
export interface CompiledTemplate {
  execute(data: ReadonlyMap<string, string>): string;
}

function fail(message: string): never {
  throw new IdentityError('INVALID_TEMPLATE', `template: ${message}`);
}

// ---------- lexing of one action body ----------

type Tok =
  | { k: '(' | ')' }
  | { k: 'str'; v: string }
  | { k: 'field'; path: string[] }
  | { k: 'word'; v: string };

function lexAction(body: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      toks.push({ k: c });
      i++;
    } else if (c === '"') {
      const m = /^"(?:[^"\\\n]|\\.)*"/.exec(body.slice(i));
      if (!m) fail('unterminated quoted string');
      try {
        toks.push({ k: 'str', v: JSON.parse(m[0]) as string });
      } catch {
        fail('invalid escape in quoted string');
      }
      i += m[0].length;
    } else if (c === '`') {
      const end = body.indexOf('`', i + 1);
      if (end < 0) fail('unterminated raw string');
      toks.push({ k: 'str', v: body.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '.') {
      const m = /^(?:\.[A-Za-z_][A-Za-z0-9_]*)+|^\./.exec(body.slice(i))!;
      const path = m[0] === '.' ? [] : m[0].slice(1).split('.');
      toks.push({ k: 'field', path });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(body.slice(i))!;
      toks.push({ k: 'word', v: m[0] });
      i += m[0].length;
    } else {
      fail(`unsupported syntax ${JSON.stringify(c)} in action`);
    }
  }
  return toks;
}

// ---------- parsing of expressions ----------

function parseCommand(toks: Tok[], pos: { i: number }, inParens: boolean): Expr {
  const first = toks[pos.i];
  if (!first || first.k === ')') fail('missing value for command');
  if (first.k === 'word' && FUNCTIONS.includes(first.v)) {
    pos.i++;
    const args: Expr[] = [];
    while (pos.i < toks.length && toks[pos.i]!.k !== ')') args.push(parseOperand(toks, pos));
    if (first.v === 'index' && args.length < 1) fail('wrong number of args for index');
    if ((first.v === 'eq' || first.v === 'ne') && args.length < 2)
      fail(`wrong number of args for ${first.v}`);
    if (first.v === 'ne' && args.length !== 2) fail('wrong number of args for ne');
    if (first.v === 'not' && args.length !== 1) fail('wrong number of args for not');
    if ((first.v === 'and' || first.v === 'or') && args.length < 1)
      fail(`wrong number of args for ${first.v}`);
    return { t: 'call', fn: first.v as Fn, args };
  }
  const operand = parseOperand(toks, pos);
  const next = toks[pos.i];
  if (next && !(inParens && next.k === ')')) fail("can't give argument to non-function");
  return operand;
}

function parseOperand(toks: Tok[], pos: { i: number }): Expr {
  const tok = toks[pos.i++];
  if (!tok) fail('missing operand');
  switch (tok.k) {
    case 'str':
      return { t: 'lit', v: tok.v };
    case 'field': {
      const [head, ...rest] = tok.path;
      return head === undefined ? { t: 'dot' } : { t: 'field', path: [head, ...rest] };
    }
    case '(': {
      const inner = parseCommand(toks, pos, true);
      if (toks[pos.i]?.k !== ')') fail('unclosed left paren');
      pos.i++;
      return inner;
    }
    case ')':
      return fail('unexpected right paren');
    case 'word':
      if (tok.v === 'true' || tok.v === 'false') return { t: 'lit', v: tok.v === 'true' };
      return fail(`function ${JSON.stringify(tok.v)} not supported`);
  }
}

function parseExpr(body: string): Expr {
  const toks = lexAction(body);
  const pos = { i: 0 };
  const e = parseCommand(toks, pos, false);
  if (pos.i !== toks.length) fail('unexpected tokens after expression');
  return e;
}

// ---------- parsing of the template text ----------

type Action = { kind: 'text'; s: string } | { kind: 'action'; body: string };

function splitActions(src: string): Action[] {
  const out: Action[] = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let text = open < 0 ? src.slice(i) : src.slice(i, open);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (open < 0) {
      if (text) out.push({ kind: 'text', s: text });
      break;
    }
    let start = open + 2;
    if (/^-[ \t\r\n]/.test(src.slice(start))) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    if (text) out.push({ kind: 'text', s: text });
    const close = findClose(src, start);
    let end = close;
    trimNext = false;
    if (/[ \t\r\n]-$/.test(src.slice(start, close))) {
      trimNext = true;
      end = close - 1;
    }
    const body = src.slice(start, end).trim();
    if (!(body.startsWith('/*') && body.endsWith('*/'))) out.push({ kind: 'action', body });
    i = close + 2;
  }
  return out;
}

function findClose(src: string, from: number): number {
  let i = from;
  let quote: string | undefined;
  for (; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === '`') {
      quote = c;
    } else if (c === '}' && src[i + 1] === '}') {
      return i;
    }
  }
  return fail('unclosed action');
}

function parseNodes(
  actions: Action[],
  pos: { i: number },
  nested: boolean,
): { nodes: TemplateNode[]; stop?: string } {
  const nodes: TemplateNode[] = [];
  while (pos.i < actions.length) {
    const a = actions[pos.i++]!;
    if (a.kind === 'text') {
      nodes.push({ t: 'text', s: a.s });
      continue;
    }
    const keyword = /^([a-z]+)\b/.exec(a.body)?.[1];
    if (keyword === 'end' || keyword === 'else') {
      if (!nested) fail(`unexpected {{${keyword}}}`);
      return { nodes, stop: a.body };
    }
    if (keyword === 'if') {
      nodes.push(parseIf(a.body.slice(2), actions, pos));
      continue;
    }
    if (
      keyword &&
      ['range', 'with', 'define', 'template', 'block', 'break', 'continue'].includes(keyword)
    ) {
      fail(`{{${keyword}}} is not supported`);
    }
    nodes.push({ t: 'print', e: parseExpr(a.body) });
  }
  if (nested) fail('unexpected EOF: missing {{end}}');
  return { nodes };
}

function parseIf(condSrc: string, actions: Action[], pos: { i: number }): TemplateNode {
  const branches: { cond: Expr; body: TemplateNode[] }[] = [];
  let cond = parseExpr(condSrc);
  for (;;) {
    const { nodes, stop } = parseNodes(actions, pos, true);
    branches.push({ cond, body: nodes });
    if (stop === 'end') return { t: 'if', branches, otherwise: [] };
    if (stop === 'else') {
      const rest = parseNodes(actions, pos, true);
      if (rest.stop !== 'end') fail('expected {{end}} after {{else}}');
      return { t: 'if', branches, otherwise: rest.nodes };
    }
    const elseIf = /^else\s+if\b([\s\S]*)$/.exec(stop ?? '');
    if (!elseIf) fail(`unexpected {{${stop}}}`);
    cond = parseExpr(elseIf[1]!);
  }
}

export function parseTemplate(src: string): CompiledTemplate {
  const { nodes } = parseNodes(splitActions(src), { i: 0 }, false);
  return { execute: (data) => render(nodes, data) };
}

/** True when Fulcio would treat the string as a template rather than a bare claim name. */
export function isTemplate(src: string): boolean {
  return src.includes('{{');
}
