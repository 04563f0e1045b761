import { describe, expect, it } from 'vitest';
import { parseTemplate } from './template.js';

// Cases re-expressed from sigstore/fulcio pkg/identity/ciprovider/principal_test.go (TestApplyTemplateOrReplace)
// plus the constructs used by config/identity/config.yaml (if/else with eq, index with dotted keys).
const data = new Map(
  Object.entries({
    url: 'https://github.com',
    repository: 'sigstore/fulcio',
    run_id: '42',
    run_attempt: '1',
    ref_type: 'branch',
    ref_type_tag: 'tag',
    ref: 'main',
    html_claim: '<alert()/>',
    'with.dot.and/slash': 'cat',
    aud: 'sigstore',
    empty_value: '',
    'oidc.circleci.com/ssh-rerun': 'true',
  }),
);

describe('parseTemplate', () => {
  it.each([
    [
      'fields in literal text',
      '{{ .url }}/{{ .repository }}/actions/runs/{{ .run_id }}/attempts/{{ .run_attempt }}',
      'https://github.com/sigstore/fulcio/actions/runs/42/attempts/1',
    ],
    ['fields without spaces', '{{.url}}/{{.repository}}', 'https://github.com/sigstore/fulcio'],
    ['HTML without escaping', '{{ .html_claim }}', '<alert()/>'],
    [
      'if/else taking the if branch',
      'refs/{{if eq .ref_type "branch"}}heads/{{ else }}tags/{{end}}{{ .ref }}',
      'refs/heads/main',
    ],
    [
      'if/else taking the else branch',
      'refs/{{if eq .ref_type_tag "branch"}}heads/{{ else }}tags/{{end}}{{ .ref }}',
      'refs/tags/main',
    ],
    ['else if', '{{ if eq .ref "x" }}x{{ else if eq .ref "main" }}m{{ else }}o{{ end }}', 'm'],
    [
      'index with a dotted, slashed key',
      '{{ .aud }}/{{(index . "with.dot.and/slash")}}',
      'sigstore/cat',
    ],
    ['index of a missing key (zero value, as Go)', '[{{ index . "nope" }}]', '[]'],
    [
      'eq over an index expression',
      '{{ if eq (index . "oidc.circleci.com/ssh-rerun") "true" }}ssh-rerun{{ else }}""{{ end }}',
      'ssh-rerun',
    ],
    ['an empty value', '{{ .empty_value }}/123', '/123'],
    [
      'ne, not, and, or',
      '{{ if ne .ref "x" }}a{{ end }}{{ if not .empty_value }}b{{ end }}{{ and .ref .url }}{{ or .empty_value "d" }}',
      'abhttps://github.comd',
    ],
    ['trim markers', 'a {{- .ref -}} b', 'amainb'],
    ['a comment', 'a{{/* ignored */}}b', 'ab'],
    ['a raw string literal', '{{ `x"y` }}', 'x"y'],
    ['a quoted string with escapes', '{{ "a\\"b" }}', 'a"b'],
    ['no actions', 'plain', 'plain'],
  ])('renders %s', (_name, src, expected) => {
    expect(parseTemplate(src).execute(data)).toBe(expected);
  });

  it.each([
    ['an empty action', '{{}}'],
    ['an unclosed action', '{{ .url '],
    ['an unknown function', '{{ printf "%s" .url }}'],
    ['a pipe', '{{ .url | html }}'],
    ['a variable', '{{ $x := .url }}'],
    ['range', '{{ range . }}x{{ end }}'],
    ['a missing end', '{{ if .url }}x'],
    ['a stray end', 'x{{ end }}'],
    ['an argument to a non-function', '{{ .url .ref }}'],
    ['an unclosed paren', '{{ (index . "a" }}'],
    ['a number', '{{ 3 }}'],
  ])('rejects %s at parse time', (_name, src) => {
    expect(() => parseTemplate(src)).toThrow(expect.objectContaining({ code: 'INVALID_TEMPLATE' }));
  });

  it.each([
    ['a missing key', '{{ .foo }}', 'MISSING_CLAIM'],
    ['a missing key inside if', '{{ if eq .foo "x" }}a{{ end }}', 'MISSING_CLAIM'],
    ['a comparison with the whole map', '{{if eq . ""}}foo{{else}}bar{{end}}', 'INVALID_TEMPLATE'],
    ['a comparison of a string with a bool', '{{ if eq .ref true }}x{{ end }}', 'INVALID_TEMPLATE'],
    ['a field of a string', '{{ .ref.x }}', 'INVALID_TEMPLATE'],
  ])('fails at execution on %s', (_name, src, code) => {
    expect(() => parseTemplate(src).execute(data)).toThrow(expect.objectContaining({ code }));
  });
});
