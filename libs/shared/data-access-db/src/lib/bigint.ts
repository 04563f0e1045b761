import type { ValueTransformer } from 'typeorm';

/** pg returns `bigint` columns as strings (typeorm#2400): convert once, at the repository edge. */
export function toBigInt(value: string | number | bigint | null | undefined): bigint {
  if (value === null || value === undefined) throw new TypeError('expected a bigint value');
  return BigInt(value);
}

export const bigintTransformer: ValueTransformer = {
  to: (value?: bigint | null) => (value === null || value === undefined ? value : value.toString()),
  from: (value?: string | null) => (value === null || value === undefined ? value : BigInt(value)),
};
