// Run by threaded.test.ts in a process of its own (a process has one tfjs backend):
// `node --import tsx threaded-run.ts FOLDER THREADS` loads tfjs from FOLDER, differentiates
// examples/seed.py at N = 64 and prints one JSON line: what loaded, a hash of each gradient's
// bytes, and the CPU time each thread of the process spent on repeated gradients.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../../src/core/analyze';
import type { NodeId } from '../../../../src/core/ir/graph';
import { NumericEnv } from '../../../../src/core/numeric/env';
import { ancestors } from '../../../../src/core/numeric/graph-walk';
import { leafValues } from '../../../../src/core/numeric/leaves';
import { gradientsTf } from '../../../../src/core/numeric/tfjs/autodiff';
import { uploadLeaves } from '../../../../src/core/numeric/tfjs/evaluate';
import { loadTf } from '../../../../src/core/numeric/tfjs/load';

/** CPU clock ticks per thread of this process (Linux's /proc), by thread id. */
function threadTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(tid, Number(fields[11]) + Number(fields[12])); // utime + stime
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return ticks;
}

async function main(): Promise<void> {
  const [folder, threads] = process.argv.slice(2);
  const before = new Set(threadTicks().keys());
  const rt = await loadTf(folder, { threads: Number(threads) });
  const started = [...threadTicks().keys()].filter((t) => !before.has(t));

  const seed = readFileSync(join(__dirname, '../../../../examples/seed.py'), 'utf8').replace('N = 8', 'N = 64');
  const { graph } = await analyze(seed, { language: 'python' });
  const id = (name: string) => graph.names.get(name) as NodeId;
  const env = new NumericEnv({});
  const targets = [id('C'), id('B'), id('A')];
  const needed = ancestors(graph, [id('E')]);
  const tensors = uploadLeaves(rt, graph, leafValues(graph, env, needed, 0), needed);
  const grads = () => gradientsTf(rt, graph, env, tensors, id('E'), targets).grads;

  const hashes = [...grads().values()].map((g) => createHash('sha256').update(new Uint8Array(g.data.buffer)).digest('hex'));
  const t0 = threadTicks();
  for (let i = 0; i < 30; i++) grads();
  const t1 = threadTicks();
  const main = t1.get(String(process.pid)) ?? 0;
  const spent = (tid: string) => (t1.get(tid) ?? 0) - (t0.get(tid) ?? 0);
  process.stdout.write(
    `${JSON.stringify({
      backend: rt.backend,
      threads: rt.threads,
      note: rt.note ?? null,
      hashes,
      mainTicks: main - (t0.get(String(process.pid)) ?? 0),
      startedTicks: started.map(spent),
    })}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exitCode = 1;
});
