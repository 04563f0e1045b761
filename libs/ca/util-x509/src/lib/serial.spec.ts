import { describe, expect, it } from 'vitest';
import { randomSerial, serialInteger } from './serial.js';

describe('serial numbers', () => {
  it('are 20 random bytes with the top bit clear and never zero-led', () => {
    // Enough to draw from the random pool several times over.
    const serials = Array.from({ length: 1000 }, randomSerial);
    for (const s of serials) {
      expect(s).toHaveLength(20);
      expect(s[0]).toBeGreaterThan(0);
      expect(s[0]).toBeLessThan(0x80);
      expect(serialInteger(s)).toHaveLength(22);
    }
    expect(new Set(serials.map((s) => s.toString('hex'))).size).toBe(1000);
    // Each serial is its own copy: nothing later drawn from the pool changes it.
    const first = Buffer.from(serials[0]!);
    Array.from({ length: 500 }, randomSerial);
    expect(serials[0]).toEqual(first);
  });

  it.each([
    ['zero', '00', 'must be positive'],
    ['all-zero bytes', '000000', 'must be positive'],
    ['21 octets once encoded', 'ff'.repeat(20), 'at most 20 octets'],
    ['21 bytes', '01'.repeat(21), 'at most 20 octets'],
    ['200 bytes', '01'.repeat(200), 'at most 20 octets'],
  ])('rejects %s', (_name, magnitude, message) => {
    expect(() => serialInteger(Buffer.from(magnitude, 'hex'))).toThrow(message);
  });

  it('strips leading zero bytes', () => {
    expect(serialInteger(Buffer.from('000102', 'hex')).toString('hex')).toBe('02020102');
  });
});
