import { describe, expect, it } from 'vitest';
import { StatementNames } from './statements.js';

describe('StatementNames', () => {
  it('names a text the same way every time, and different texts differently', () => {
    const names = new StatementNames('tlog_batch');
    const a = names.nameOf('SELECT 1');
    expect(a).toMatch(/^tlog_batch_[0-9a-f]{24}$/);
    expect(names.nameOf('SELECT 1')).toBe(a);
    expect(names.nameOf('SELECT 2')).not.toBe(a);
    // Derived from the text alone: another engine (or process) names it the same.
    expect(new StatementNames('tlog_batch').nameOf('SELECT 1')).toBe(a);
  });

  it('names only the first texts, and leaves any further ones unnamed', () => {
    const names = new StatementNames('s', 2);
    expect(names.nameOf('SELECT 1')).toBeDefined();
    expect(names.nameOf('SELECT 2')).toBeDefined();
    expect(names.nameOf('SELECT 3')).toBeUndefined();
    expect(names.nameOf('SELECT 1')).toBeDefined();
  });
});
