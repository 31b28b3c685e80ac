// Heap measurements for the memory-bound tests: a full garbage collection, then the heap in use.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// `--expose-gc` set at run time exposes `gc` to contexts created afterwards.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage (twice, so that weak references and finalizers settle) and returns heapUsed. */
export function collectGarbage(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
