import { describe, expect, it } from 'vitest';
import { LogError } from '@sigstead/data-access-tlog';
import { CtError } from '@sigstead/util-ct';
import { classifyCtError } from './ct-log.module.js';
import { CtLogError } from './error.js';

describe('classifyCtError', () => {
  it.each([
    ['a bad request', new CtLogError('BAD_REQUEST', 'x'), 400],
    ['an untrusted chain', new CtLogError('UNTRUSTED_CHAIN', 'x'), 400],
    ['an unknown hash', new CtLogError('NOT_FOUND', 'x'), 404],
    ['a malformed certificate', new CtError('MALFORMED', 'x'), 400],
    ['log back-pressure', new LogError('PUSHBACK', 'x'), 503],
    ['a log closing at shutdown', new LogError('CLOSED', 'x'), 503],
    ['a missing entry', new LogError('NOT_FOUND', 'x'), 404],
  ])('maps %s', (_name, error, status) => {
    expect(classifyCtError(error)?.status).toBe(status);
  });

  it('asks clients to retry when the log pushes back', () => {
    expect(classifyCtError(new LogError('PUSHBACK', 'x'))?.headers).toEqual({ 'Retry-After': '1' });
  });

  it('leaves storage failures to the generic 500', () => {
    expect(classifyCtError(new LogError('STORAGE', 'x'))).toBeUndefined();
    expect(classifyCtError(new Error('x'))).toBeUndefined();
  });
});
