/**
 * Counts up from 1: the ids that name armed faults and scripted failures, so that one of them
 * can be disarmed (`DELETE /__mock/faults/{id}`) without touching the others.
 */
export function idCounter(): () => number {
  let last = 0;
  return () => ++last;
}
