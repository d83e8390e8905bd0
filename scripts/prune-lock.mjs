// The registry this project installs from serves only some platforms' builds of packages
// with per-platform optional dependencies (rollup, duckdb bindings). `npm install` then
// leaves those names out of package-lock.json while still listing them as optional, and
// `npm ci` refuses the lock. Run this after `npm install` to drop optional dependencies
// that have no lock entry, so `npm ci` accepts the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const removed = [];
for (const [path, pkg] of Object.entries(lock.packages)) {
  for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
    if (!lock.packages[`node_modules/${dep}`] && !lock.packages[`${path}/node_modules/${dep}`]) {
      delete pkg.optionalDependencies[dep];
      removed.push(dep);
    }
  }
}
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`removed ${removed.length} unresolvable optional dependencies from package-lock.json`);
