import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { testBackends, type TestDatabase } from '@sigstead/data-access-db';
import { byteaArray, int4Array, int8Array, textArray } from './binary-array.js';

describe('binary arrays: the layout', () => {
  it('writes the header, the dimension and each element with its length', () => {
    expect(int4Array([7, -1]).toString('hex')).toBe(
      [
        '00000001', // one dimension
        '00000000', // no NULLs
        '00000017', // int4
        '00000002', // two elements
        '00000001', // lower bound 1
        '00000004',
        '00000007',
        '00000004',
        'ffffffff',
      ].join(''),
    );
  });

  it('flags NULLs and writes them as length -1', () => {
    expect(byteaArray([Buffer.from([0xab]), null]).toString('hex')).toBe(
      '00000001' + '00000001' + '00000011' + '00000002' + '00000001' + '00000001ab' + 'ffffffff',
    );
  });

  it('writes an empty array with no dimensions', () => {
    expect(textArray([]).toString('hex')).toBe('00000000' + '00000000' + '00000019');
  });
});

describe.each(testBackends())('binary arrays on $name', (backend) => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await backend.open([]);
    ds = db.dataSource;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const roundTrip = async (param: Buffer, type: string) => {
    const rows = await ds.query<{ v: unknown; n: number }[]>(
      `SELECT $1::${type} AS v, cardinality($1::${type}) AS n`,
      [param],
    );
    return rows[0]!;
  };

  it('bytea[]: any bytes, empty values and NULLs', async () => {
    const values = [Buffer.alloc(0), Buffer.from([0, 1, 255]), null, Buffer.alloc(9000, 7)];
    const { v, n } = await roundTrip(byteaArray(values), 'bytea[]');
    expect(n).toBe(4);
    expect(v).toEqual(values);
  });

  it('bigint[]: the whole signed 64-bit range, from bigints and numbers', async () => {
    const values = [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 1_763_769_600_000n];
    const { v } = await roundTrip(int8Array(values), 'bigint[]');
    expect(v).toEqual(values.map(String));
    expect((await roundTrip(int8Array([42, 2 ** 53 - 1]), 'bigint[]')).v).toEqual([
      '42',
      '9007199254740991',
    ]);
  });

  it('int[] and text[], with characters beyond ASCII', async () => {
    expect((await roundTrip(int4Array([0, -5, 2 ** 31 - 1]), 'int[]')).v).toEqual([
      0,
      -5,
      2 ** 31 - 1,
    ]);
    const text = ['sha256:ab', 'ünïcødé — ✓', ''];
    expect((await roundTrip(textArray(text), 'text[]')).v).toEqual(text);
  });

  it('empty arrays of each type', async () => {
    for (const [param, type] of [
      [byteaArray([]), 'bytea[]'],
      [int8Array([]), 'bigint[]'],
      [int4Array([]), 'int[]'],
      [textArray([]), 'text[]'],
    ] as const) {
      const { v, n } = await roundTrip(param, type);
      expect(v).toEqual([]);
      expect(n).toBe(0);
    }
  });

  it('the server refuses an array of another element type', async () => {
    await expect(roundTrip(int4Array([1]), 'bigint[]')).rejects.toThrow(
      /array element type 23 \(integer\) instead of expected 20/,
    );
  });
});
