import { readFileSync, statSync } from 'node:fs';
import { UsageError } from './args';

/** Files larger than this are refused: nobody selects 8 MB of model code. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export function readSource(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  if (size > MAX_FILE_BYTES) throw new UsageError(`${file} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
}
