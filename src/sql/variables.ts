// Hive CLI variable substitution: ${var}, ${hivevar:var}, ${hiveconf:key}, ${env:VAR},
// ${system:prop}. An unknown variable is left as written, as Hive leaves it.

export interface VariableSources {
  hivevar: Record<string, string>;
  hiveconf: (key: string) => string | undefined;
  env: Record<string, string | undefined>;
}

export function substituteVariables(text: string, vars: VariableSources): string {
  // Hive substitutes up to 40 levels deep so a variable may name another.
  for (let depth = 0; depth < 40; depth++) {
    const next = text.replace(/\$\{(?:(hivevar|hiveconf|env|system):)?([^}:]+)\}/g, (whole, ns: string | undefined, name: string) => {
      let v: string | undefined;
      switch (ns) {
        case 'hivevar': v = vars.hivevar[name]; break;
        case 'hiveconf': v = vars.hiveconf(name); break;
        case 'env': v = vars.env[name]; break;
        case 'system': v = name === 'user.name' ? vars.env.USER : undefined; break;
        default: v = vars.hivevar[name] ?? vars.hiveconf(name);
      }
      return v ?? whole;
    });
    if (next === text) return next;
    text = next;
  }
  return text;
}
