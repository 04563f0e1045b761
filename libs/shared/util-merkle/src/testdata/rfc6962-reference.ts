// The RFC 6962 reference tree of 8 leaves used across Go CT/Merkle code, transcribed as data from
// github.com/transparency-dev/merkle proof/verify_test.go (`leaves`, `roots`, `inclusionProofs`,
// `consistencyProofs`) at commit 9ca563d3ac2bab915317cf153ed4f952f6e74c07 (the same vectors as
// certificate-transparency-go merkletree tests), and the proof node plans from
// proof/proof_test.go (TestInclusion, TestConsistency) at the same commit.
// Licensed Apache-2.0 by the transparency-dev authors. Hashes are hex.

/** Leaf inputs D[0..7]. */
export const leaves: readonly string[] = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];

/** roots[n - 1] is MTH(D[0:n]). */
export const roots: readonly string[] = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** `leaf` is 1-based, as in the source. */
export const inclusionProofs: readonly { leaf: number; size: number; proof: readonly string[] }[] =
  [
    {
      leaf: 1,
      size: 8,
      proof: [
        '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
      ],
    },
    {
      leaf: 6,
      size: 8,
      proof: [
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
        'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      ],
    },
    {
      leaf: 3,
      size: 3,
      proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'],
    },
    {
      leaf: 2,
      size: 5,
      proof: [
        '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      ],
    },
  ];

export const consistencyProofs: readonly {
  size1: number;
  size2: number;
  proof: readonly string[];
}[] = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    size1: 6,
    size2: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

/**
 * A node plan as the source states it: node IDs `[level, index]` in proof order, except that the
 * nodes `ids[rehash[0]:rehash[1]]` (lowest level first) hash together into one ephemeral node.
 */
export interface NodePlanVector {
  readonly ids: readonly (readonly [number, number])[];
  readonly rehash?: readonly [number, number];
}

export const inclusionPlans: readonly ({ size: number; index: number } & NodePlanVector)[] = [
  { size: 1, index: 0, ids: [] },
  { size: 2, index: 0, ids: [[0, 1]] },
  { size: 2, index: 1, ids: [[0, 0]] },
  {
    size: 3,
    index: 1,
    ids: [
      [0, 0],
      [0, 2],
    ],
    rehash: [1, 2],
  },
  {
    size: 7,
    index: 0,
    ids: [
      [0, 1],
      [1, 1],
      [0, 6],
      [1, 2],
    ],
    rehash: [2, 4],
  },
  {
    size: 7,
    index: 1,
    ids: [
      [0, 0],
      [1, 1],
      [0, 6],
      [1, 2],
    ],
    rehash: [2, 4],
  },
  {
    size: 7,
    index: 2,
    ids: [
      [0, 3],
      [1, 0],
      [0, 6],
      [1, 2],
    ],
    rehash: [2, 4],
  },
  {
    size: 7,
    index: 3,
    ids: [
      [0, 2],
      [1, 0],
      [0, 6],
      [1, 2],
    ],
    rehash: [2, 4],
  },
  {
    size: 7,
    index: 4,
    ids: [
      [0, 5],
      [0, 6],
      [2, 0],
    ],
    rehash: [1, 2],
  },
  {
    size: 7,
    index: 5,
    ids: [
      [0, 4],
      [0, 6],
      [2, 0],
    ],
    rehash: [1, 2],
  },
  {
    size: 7,
    index: 6,
    ids: [
      [1, 2],
      [2, 0],
    ],
  },
  {
    size: 4,
    index: 2,
    ids: [
      [0, 3],
      [1, 0],
    ],
  },
  {
    size: 5,
    index: 3,
    ids: [
      [0, 2],
      [1, 0],
      [0, 4],
    ],
    rehash: [2, 3],
  },
  {
    size: 6,
    index: 3,
    ids: [
      [0, 2],
      [1, 0],
      [1, 2],
    ],
    rehash: [2, 3],
  },
  {
    size: 6,
    index: 4,
    ids: [
      [0, 5],
      [2, 0],
    ],
  },
  {
    size: 15,
    index: 10,
    ids: [
      [0, 11],
      [1, 4],
      [0, 14],
      [1, 6],
      [3, 0],
    ],
    rehash: [2, 4],
  },
  {
    size: 31,
    index: 24,
    ids: [
      [0, 25],
      [1, 13],
      [0, 30],
      [1, 14],
      [3, 2],
      [4, 0],
    ],
    rehash: [2, 4],
  },
  {
    size: 95,
    index: 81,
    ids: [
      [0, 80],
      [1, 41],
      [2, 21],
      [0, 94],
      [1, 46],
      [2, 22],
      [4, 4],
      [6, 0],
    ],
    rehash: [3, 6],
  },
];

export const consistencyPlans: readonly ({ size1: number; size2: number } & NodePlanVector)[] = [
  { size1: 1, size2: 2, ids: [[0, 1]] },
  {
    size1: 1,
    size2: 4,
    ids: [
      [0, 1],
      [1, 1],
    ],
  },
  {
    size1: 1,
    size2: 6,
    ids: [
      [0, 1],
      [1, 1],
      [1, 2],
    ],
    rehash: [2, 3],
  },
  { size1: 2, size2: 3, ids: [[0, 2]], rehash: [0, 1] },
  {
    size1: 2,
    size2: 8,
    ids: [
      [1, 1],
      [2, 1],
    ],
  },
  {
    size1: 3,
    size2: 7,
    ids: [
      [0, 2],
      [0, 3],
      [1, 0],
      [0, 6],
      [1, 2],
    ],
    rehash: [3, 5],
  },
  {
    size1: 4,
    size2: 7,
    ids: [
      [0, 6],
      [1, 2],
    ],
    rehash: [0, 2],
  },
  {
    size1: 5,
    size2: 7,
    ids: [
      [0, 4],
      [0, 5],
      [0, 6],
      [2, 0],
    ],
    rehash: [2, 3],
  },
  {
    size1: 6,
    size2: 7,
    ids: [
      [1, 2],
      [0, 6],
      [2, 0],
    ],
    rehash: [1, 2],
  },
  {
    size1: 7,
    size2: 8,
    ids: [
      [0, 6],
      [0, 7],
      [1, 2],
      [2, 0],
    ],
  },
  { size1: 1, size2: 1, ids: [] },
  { size1: 8, size2: 8, ids: [] },
  { size1: 2, size2: 4, ids: [[1, 1]] },
  {
    size1: 3,
    size2: 5,
    ids: [
      [0, 2],
      [0, 3],
      [1, 0],
      [0, 4],
    ],
    rehash: [3, 4],
  },
  {
    size1: 3,
    size2: 6,
    ids: [
      [0, 2],
      [0, 3],
      [1, 0],
      [1, 2],
    ],
    rehash: [3, 4],
  },
  { size1: 4, size2: 6, ids: [[1, 2]], rehash: [0, 1] },
  {
    size1: 1,
    size2: 7,
    ids: [
      [0, 1],
      [1, 1],
      [0, 6],
      [1, 2],
    ],
    rehash: [2, 4],
  },
  {
    size1: 10,
    size2: 15,
    ids: [
      [1, 4],
      [1, 5],
      [0, 14],
      [1, 6],
      [3, 0],
    ],
    rehash: [2, 4],
  },
  {
    size1: 24,
    size2: 31,
    ids: [
      [3, 2],
      [0, 30],
      [1, 14],
      [2, 6],
      [4, 0],
    ],
    rehash: [1, 4],
  },
  {
    size1: 81,
    size2: 95,
    ids: [
      [0, 80],
      [0, 81],
      [1, 41],
      [2, 21],
      [0, 94],
      [1, 46],
      [2, 22],
      [4, 4],
      [6, 0],
    ],
    rehash: [4, 7],
  },
];
