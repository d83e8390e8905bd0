// s.f on a struct value: a scalar function made per field. It records how it was made
// (`madeBy`), so a plan holding it can be shipped to a TaskExecutor and rebuilt there.
import type { DataType } from '../types/dataType.js';
import type { ScalarFunction } from './functionDefinition.js';

export type MadeBy = { factory: 'structField'; args: [string, number, DataType] };

export function structFieldFunction(name: string, index: number, type: DataType): ScalarFunction & { madeBy: MadeBy } {
  return {
    kind: 'scalar', name: `field.${name}`,
    resolve: (args) => ({ args, result: type }),
    make: () => (v: unknown[]) => v[index],
    madeBy: { factory: 'structField', args: [name, index, type] },
  };
}
