// Hive's SHOW … LIKE / metastore name pattern: * is any run of characters and |
// separates alternatives; matching ignores case.
export function hivePattern(p: string): RegExp {
  const alts = p.split('|').map((a) => a.trim().replace(/[.+?^${}()[\]\\]/g, '\\$&').replace(/\*/g, '.*'));
  return new RegExp(`^(${alts.join('|')})$`, 'i');
}
