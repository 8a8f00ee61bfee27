import { availableParallelism } from 'node:os';

/** Most threads a computation spreads over: more rarely pays on the small problems checks run. */
const MOST_THREADS = 4;

/** How many threads to spread numeric work over: as many as cores, at most four. */
export function coreCount(): number {
  return Math.max(1, Math.min(MOST_THREADS, availableParallelism()));
}
