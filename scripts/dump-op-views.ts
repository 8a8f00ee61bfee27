// Dumps every view over the op modules (op table, kernels, Jacobian rules, kinks, Python
// spellings, tfjs gradients) as sorted JSON, so that moving an op between files can be
// checked to change none of them: run before and after, and diff.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CALLS = join(__dirname, '../src/core/frontends/python/calls.ts');
const PROBE = join(__dirname, '../src/core/frontends/python/calls.dump-probe.ts');

function rule(r: { op: string; params: string; attrs?: unknown; special?: { name: string } }) {
  return { op: r.op, params: r.params, attrs: r.attrs ?? null, special: r.special?.name ?? null };
}

function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

async function main(): Promise<void> {
  // The call tables are module-private: a copy of calls.ts that exports them, removed afterwards.
  writeFileSync(PROBE, `${readFileSync(CALLS, 'utf8')}\nexport { FUNCTIONS as PROBE_FUNCTIONS, METHODS as PROBE_METHODS };\n`);
  try {
    const calls = await import(PROBE);
    const { OPS } = await import('../src/core/ir/ops');
    const { F64_KERNELS } = await import('../src/core/numeric/f64/kernels');
    const { TF_KERNELS } = await import('../src/core/numeric/tfjs/kernels');
    const { JACOBIAN_RULES } = await import('../src/core/jacobian/rules/index');
    const { KINKS } = await import('../src/core/numeric/f64/kinks');
    const { registerGradients } = await import('../src/core/numeric/tfjs/gradients/index');
    const gradients: string[] = [];
    registerGradients({ getGradient: () => undefined, unregisterGradient: () => undefined, registerGradient: (c: { kernelName: string }) => gradients.push(c.kernelName) } as never);
    const ops = Object.fromEntries(
      Object.entries(OPS as Record<string, { params: string[]; tensors: number; defaults?: unknown; label?: string; shape: { name: string } }>).map(([k, s]) => [
        k,
        { params: s.params, tensors: s.tensors, defaults: s.defaults ?? null, label: s.label ?? null, shape: s.shape.name },
      ]),
    );
    const dump = {
      ops: sorted(ops),
      f64: Object.keys(F64_KERNELS).sort(),
      tfjs: Object.keys(TF_KERNELS).sort(),
      jacobian: Object.keys(JACOBIAN_RULES).sort(),
      kinks: Object.keys(KINKS).sort(),
      tfjsGradients: gradients.sort(),
      pythonFunctions: sorted(Object.fromEntries(Object.entries(calls.PROBE_FUNCTIONS).map(([k, r]) => [k, rule(r as never)]))),
      pythonMethods: sorted(Object.fromEntries(Object.entries(calls.PROBE_METHODS).map(([k, r]) => [k, rule(r as never)]))),
    };
    process.stdout.write(`${JSON.stringify(dump, null, 1)}\n`);
  } finally {
    rmSync(PROBE, { force: true });
  }
}

void main();
