import { describe, expect, it } from 'vitest';
import { derTlv } from './der.js';

describe('derTlv', () => {
  it.each([
    ['a short form length', 3, '0403010203'],
    ['a one-byte long form length', 200, `0481c8${'01'.repeat(200)}`],
    ['a two-byte long form length', 300, `0482012c${'01'.repeat(300)}`],
  ])('writes %s', (_name, size, hex) => {
    const body = Buffer.alloc(size, 1);
    if (size === 3) body.set([1, 2, 3]);
    expect(derTlv(0x04, body).toString('hex')).toBe(hex);
  });

  it('concatenates its parts', () => {
    expect(derTlv(0x30, Buffer.from([5, 0]), Buffer.from([1, 1, 0xff])).toString('hex')).toBe(
      '300505000101ff',
    );
  });
});
