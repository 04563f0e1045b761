// fulcio `config.MetaRegex`: quote every regex metacharacter, let each `*` match one run of
// `[-_a-zA-Z0-9]` (so never a `.` or `/`), and anchor both ends (GHSA-59jp-pj84-45mr).

export function metaRegex(pattern: string): RegExp {
  const quoted = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  return new RegExp(`^${quoted.join('[-_a-zA-Z0-9]+')}$`);
}
