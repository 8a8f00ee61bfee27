// Re-analysis after a keystroke in a notebook cell against the same after a keystroke in a
// .py file of the same 1,000 lines, in the same run: a notebook is read as one program, so
// it should cost what the file costs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as source from '../src/core/index';
import { generateModel } from './analysis';

const bundle = join(__dirname, '../dist/core.js');
const core = (existsSync(bundle) ? require(bundle) : source) as typeof source;
const wasmDir = existsSync(bundle) ? join(__dirname, '../dist') : undefined;

const LINES = 1000;
const CELLS = 50;
const WARM_MS = 600;
const MEASURE_MS = 1500;
const PROCESSES = 3;

/** The 1,000-line model cut into 50 code cells of 20 lines. */
function notebookCells(): source.NotebookCell[] {
  const lines = generateModel(LINES).trimEnd().split('\n');
  const per = Math.ceil(lines.length / CELLS);
  return Array.from({ length: CELLS }, (_, i) => ({ kind: 'code', language: 'python', text: lines.slice(i * per, (i + 1) * per).join('\n') }));
}

/** The text after the k-th keystroke: a comment in the middle grows by one character. */
const typed = (text: string, k: number) => `${text}\n# edited${'x'.repeat(k % 40)}`;

async function time(kind: 'notebook' | 'file'): Promise<number> {
  const cells = notebookCells();
  const text = generateModel(LINES);
  const middle = CELLS / 2;
  let k = 0;
  const run =
    kind === 'notebook'
      ? () => core.analyzeNotebook(cells.map((c, i) => (i === middle ? { ...c, text: typed(c.text, ++k) } : c)), { wasmDir })
      : () => core.analyze(typed(text, ++k), { language: 'python', wasmDir });
  const t0 = performance.now();
  while (performance.now() - t0 < WARM_MS) await run();
  let runs = 0;
  const start = performance.now();
  while (runs < 5 || performance.now() - start < MEASURE_MS) {
    await run();
    runs++;
  }
  return (performance.now() - start) / runs;
}

function timeInOwnProcess(kind: 'notebook' | 'file'): number {
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--time', kind], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`timing the ${kind} failed: ${child.stderr}`);
  return Number(child.stdout.trim().split('\n').pop());
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

export async function benchNotebook(): Promise<Record<string, number>> {
  const round = (x: number) => Number(x.toFixed(2));
  // Alternated, so both see the machine in the same state.
  const file: number[] = [];
  const notebook: number[] = [];
  for (let i = 0; i < PROCESSES; i++) {
    file.push(timeInOwnProcess('file'));
    notebook.push(timeInOwnProcess('notebook'));
  }
  const f = median(file);
  const n = median(notebook);
  return {
    notebook_keystroke_ms_1000_lines_50_cells: round(n),
    notebook_reference_keystroke_ms_1000_line_py: round(f),
    notebook_over_py_ratio: round(n / f),
  };
}

const at = process.argv.indexOf('--time');
if (require.main === module && at > 0) {
  time(process.argv[at + 1] as 'notebook' | 'file').then((ms) => process.stdout.write(`${ms}\n`));
}
