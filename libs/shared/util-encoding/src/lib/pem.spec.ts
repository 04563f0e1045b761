import { describe, expect, it } from 'vitest';
import { encodePem } from './pem.js';

describe('encodePem', () => {
  it('wraps base64 at 64 columns and ends with a newline, as Go does', () => {
    const pem = encodePem('PUBLIC KEY', Buffer.alloc(49, 0xff));
    expect(pem).toBe(
      `-----BEGIN PUBLIC KEY-----\n${'/'.repeat(64)}\n/w==\n-----END PUBLIC KEY-----\n`,
    );
  });
});
