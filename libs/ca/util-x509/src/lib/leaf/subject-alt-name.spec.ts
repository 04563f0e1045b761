import { describe, expect, it } from 'vitest';
import { subjectAltNameExtension, toUriString } from './subject-alt-name.js';

describe('toUriString', () => {
  it.each([
    [
      'an ASCII URI unchanged',
      'https://github.com/o/r/.github/workflows/ci.yml@refs/heads/main',
      null,
    ],
    [
      'non-ASCII as percent-encoded UTF-8',
      'https://github.com/o/r/.github/workflows/ci.yml@refs/heads/föö',
      'https://github.com/o/r/.github/workflows/ci.yml@refs/heads/f%C3%B6%C3%B6',
    ],
    ['a space', 'https://corp.example/a b', 'https://corp.example/a%20b'],
  ])('keeps %s', (_name, input, expected) => {
    expect(toUriString(input)).toBe(expected ?? input);
  });

  it('refuses text that is not valid Unicode', () => {
    expect(() => toUriString('https://x/\ud800')).toThrow(
      expect.objectContaining({ code: 'INVALID_PROFILE' }),
    );
  });
});

describe('subjectAltNameExtension', () => {
  it('still refuses a non-ASCII email address', () => {
    expect(() => subjectAltNameExtension({ kind: 'email', value: 'jürgen@example.com' })).toThrow(
      expect.objectContaining({ code: 'INVALID_PROFILE' }),
    );
  });

  it('encodes the URI as an IA5String', () => {
    const ext = subjectAltNameExtension({ kind: 'uri', value: 'https://corp.example/ü' });
    expect(ext.includes(Buffer.from('https://corp.example/%C3%BC'))).toBe(true);
  });
});
