// npm run bench: prints each figure, and with --json one JSON object on the last line.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { benchAnalysis } from './analysis';

type Bench = { name: string; file: string; fn: string };

/** Benches owned by other parts of the code; each is skipped with a note when absent. */
const OPTIONAL: Bench[] = [
  { name: 'numeric', file: 'numeric.ts', fn: 'benchNumeric' },
  { name: 'derive', file: 'derive.ts', fn: 'benchDerive' },
  { name: 'robustness', file: 'robustness.ts', fn: 'benchRobustness' },
  { name: 'hints', file: 'hints.ts', fn: 'benchHints' },
  { name: 'editor', file: 'editor.ts', fn: 'benchEditor' },
  { name: 'notebook', file: 'notebook.ts', fn: 'benchNotebook' },
];

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const figures: Record<string, number | string> = {};
  const log = (k: string, v: number | string) => {
    figures[k] = v;
    process.stdout.write(`${k.padEnd(40)} ${v}\n`);
  };
  if (!only || only.includes('analysis')) for (const [k, v] of Object.entries(await benchAnalysis())) log(k, v);
  for (const b of OPTIONAL) {
    if (only && !only.includes(b.name)) continue;
    const path = join(__dirname, b.file);
    if (!existsSync(path)) continue;
    try {
      const mod = (await import(path)) as Record<string, () => Promise<Record<string, number | string>>>;
      for (const [k, v] of Object.entries(await mod[b.fn]())) log(k, v);
    } catch (err) {
      log(`${b.name}_error`, (err as Error).message.split('\n')[0]);
    }
  }
  if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${(err as Error).stack}\n`);
  process.exitCode = 1;
});
