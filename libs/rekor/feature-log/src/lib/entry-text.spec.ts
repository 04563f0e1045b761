import { describe, expect, it } from 'vitest';
import { asciiJsonString, logEntryText } from './entry-text.js';
import { keyed, type LogEntryJson, type RenderedEntry } from './log-entry.js';

const checkpoint =
  'rekor.example - 2605736670972794746\n5\nq83vq83vq83vq83vq83vq83vq83vq83vq83vq83vq8=\n\n' +
  '\u2014 rekor.example wNI9ajBFAiEA2vZ0Q3Yz2q0Yk3s9Y=\n';

const entry = (id: string, logIndex: number, hashes: string[]): RenderedEntry => ({
  id,
  entry: {
    body: 'eyJhcGlWZXJzaW9uIjoiMC4wLjEifQ==',
    integratedTime: 1_700_000_000,
    logID: 'c0'.repeat(32),
    logIndex,
    verification: {
      inclusionProof: {
        checkpoint,
        hashes,
        logIndex,
        rootHash: 'ab'.repeat(32),
        treeSize: 5,
      },
      signedEntryTimestamp: 'MEUCIQDx/+a=',
    },
  },
});

describe('logEntryText', () => {
  it('writes the document JSON.stringify writes, in ASCII', () => {
    for (const entries of [
      [entry('24296fb24b8ad77a' + 'cd'.repeat(32), 3, ['01'.repeat(32), '02'.repeat(32)])],
      [entry('x', 0, [])],
      [entry('a', 1, ['03'.repeat(32)]), entry('b', 2, [])],
    ]) {
      const value = Object.assign({}, ...entries.map(keyed)) as LogEntryJson;
      const text = logEntryText(entries);
      expect(JSON.parse(text)).toEqual(value);
      expect(text).toBe(JSON.stringify(value).replaceAll('\u2014', '\\u2014'));
      expect(/^[\x20-\x7e]*$/.test(text)).toBe(true);
    }
  });

  it('uses the literal the caller gives for the checkpoint', () => {
    const text = logEntryText([entry('x', 0, [])], () => '"memo"');
    expect((JSON.parse(text) as LogEntryJson).x!.verification.inclusionProof.checkpoint).toBe(
      'memo',
    );
  });
});

describe('asciiJsonString', () => {
  it('escapes every character outside ASCII, and what JSON escapes anyway', () => {
    for (const s of [
      '',
      'plain',
      'aB9+/=_-',
      'a"b\\c\n\t\u0001',
      '\u2014 dash',
      'é',
      '\u{1f600} pair',
      '\u007f',
    ]) {
      const literal = asciiJsonString(s);
      expect(JSON.parse(literal)).toBe(s);
      expect(literal).toBe(
        JSON.stringify(s).replace(
          /[^\x00-\x7f]/g,
          (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
        ),
      );
      expect(/^[\x00-\x7f]*$/.test(literal)).toBe(true);
    }
    expect(asciiJsonString('\u2014')).toBe('"\\u2014"');
    expect(asciiJsonString('\u{1f600}')).toBe('"\\ud83d\\ude00"');
  });
});
