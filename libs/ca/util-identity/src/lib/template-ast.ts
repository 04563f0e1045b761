// Syntax tree of the Go text/template subset (see template.ts).

export type Expr =
  | { readonly t: 'dot' }
  | { readonly t: 'field'; readonly path: readonly [string, ...string[]] }
  | { readonly t: 'lit'; readonly v: string | boolean }
  | { readonly t: 'call'; readonly fn: Fn; readonly args: readonly Expr[] };
export type Fn = 'eq' | 'ne' | 'index' | 'not' | 'and' | 'or';
export const FUNCTIONS: readonly string[] = [
  'eq',
  'ne',
  'index',
  'not',
  'and',
  'or',
] satisfies Fn[];

export type TemplateNode =
  | { readonly t: 'text'; readonly s: string }
  | { readonly t: 'print'; readonly e: Expr }
  | {
      readonly t: 'if';
      readonly branches: readonly { readonly cond: Expr; readonly body: readonly TemplateNode[] }[];
      readonly otherwise: readonly TemplateNode[];
    };
