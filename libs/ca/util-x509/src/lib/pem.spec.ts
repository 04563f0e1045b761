import { describe, expect, it } from 'vitest';
import { decodePem, encodePem } from './pem.js';

describe('PEM', () => {
  const der = Buffer.alloc(100, 0xa5);

  it('wraps base64 at 64 columns, ends with a newline and round-trips', () => {
    const pem = encodePem('CERTIFICATE', der);
    const lines = pem.split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines.slice(1, -2).map((l) => l.length)).toEqual([64, 64, 8]);
    expect(pem.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
    expect(decodePem(pem)).toEqual({ label: 'CERTIFICATE', der });
  });

  it('takes the first block and ignores surrounding text and CRLF line ends', () => {
    const two = `junk\r\n${encodePem('A', Buffer.from([1])).replaceAll('\n', '\r\n')}${encodePem('B', Buffer.from([2]))}`;
    expect(decodePem(two)).toEqual({ label: 'A', der: Buffer.from([1]) });
  });

  it.each([
    ['no block', 'hello'],
    ['mismatched labels', '-----BEGIN A-----\nAQ==\n-----END B-----\n'],
    ['bad base64', '-----BEGIN A-----\nA===\n-----END A-----\n'],
  ])('returns undefined for %s', (_name, text) => {
    expect(decodePem(text)).toBeUndefined();
  });
});
