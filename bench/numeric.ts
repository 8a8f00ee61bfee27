// Numeric figures: float32 autodiff of the seed network on wasm, the full gradient check, and PyTorch for reference.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import { analyze } from '../src/core/analyze';
import { checkGradients } from '../src/core/check/index';
import type { NodeId } from '../src/core/ir/graph';
import { NumericEnv } from '../src/core/numeric/env';
import { ancestors } from '../src/core/numeric/graph-walk';
import { leafValues } from '../src/core/numeric/leaves';
import { gradientsTf } from '../src/core/numeric/tfjs/autodiff';
import { uploadLeaves } from '../src/core/numeric/tfjs/evaluate';
import { loadTf, type TfRuntime } from '../src/core/numeric/tfjs/load';
import type { Tf } from '../src/core/numeric/tfjs/tf';

const SEED = readFileSync(join(__dirname, '../examples/seed.py'), 'utf8');
const TEN_GRADIENTS = readFileSync(join(__dirname, '../test/fixtures/check/ten_gradients.py'), 'utf8');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeIt(f: () => void, runs = 20, warmup = 3): number {
  for (let i = 0; i < warmup; i++) f();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

const round = (x: number) => Math.round(x * 100) / 100;

/** The seed's gradient with tfjs's own (flag-based) matmul gradient, as stock tf.grads would do. */
function stockSeed(tf: Tf, C: Tensor, B: Tensor, A: Tensor, Y: Tensor): () => void {
  const mm = tf.customGrad((a, b, save) => {
    (save as (t: Tensor[]) => void)([a as Tensor, b as Tensor]);
    return {
      value: tf.matMul(a as Tensor2D, b as Tensor2D),
      gradFunc: (dy: Tensor, [x, w]: Tensor[]) => [tf.matMul(dy as Tensor2D, w as Tensor2D, false, true), tf.matMul(x as Tensor2D, dy as Tensor2D, true, false)],
    };
  }) as (a: Tensor, b: Tensor) => Tensor;
  const f = (c: Tensor, b: Tensor, a: Tensor) => tf.neg(tf.sum(tf.mul(Y, tf.logSoftmax(mm(mm(c, b), a)))));
  return () => tf.tidy(() => tf.grads(f)([C, B, A]).forEach((g) => g.dataSync()));
}

function torchFigures(n: number): Record<string, number> | string {
  const script = `
import json, time, torch
torch.set_num_threads(2)
def median(f, runs=20, warm=3):
    for _ in range(warm): f()
    ts = []
    for _ in range(runs):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return sorted(ts)[runs // 2] * 1e3
N = ${n}
def make(dtype, n):
    g = torch.Generator().manual_seed(0)
    C = torch.randn(n, 1568, generator=g, dtype=dtype, requires_grad=True)
    B = (torch.randn(1568, 1024, generator=g, dtype=dtype) * 0.01).requires_grad_()
    A = (torch.randn(1024, 10, generator=g, dtype=dtype) * 0.01).requires_grad_()
    Y = torch.eye(10, dtype=dtype)[torch.randint(0, 10, (n,), generator=g)]
    return C, B, A, Y
def loss(C, B, A, Y):
    return -(Y * torch.log_softmax(C @ B @ A, dim=1)).sum()
# The order Grad Lens evaluates the chain in (the cheapest one, as numpy.linalg.multi_dot picks).
def loss_same_order(C, B, A, Y):
    return -(Y * torch.log_softmax(C @ (B @ A), dim=1)).sum()
C, B, A, Y = make(torch.float32, N)
def step(f):
    for t in (C, B, A): t.grad = None
    f(C, B, A, Y).backward()
a = torch.randn(64, 1568); b = torch.randn(1568, 1024)
mm = median(lambda: a @ b)
C8, B8, A8, Y8 = make(torch.float64, 8)
def gradcheck(f):
    return median(lambda: torch.autograd.gradcheck(lambda c, b_, a_: f(c, b_, a_, Y8), (C8, B8, A8), fast_mode=True), runs=5, warm=1)
out = {"autodiff": median(lambda: step(loss)), "autodiff_same_order": median(lambda: step(loss_same_order)), "gradcheck": gradcheck(loss), "gradcheck_same_order": gradcheck(loss_same_order), "threads": torch.get_num_threads(), "gflops": 2 * 64 * 1568 * 1024 / mm / 1e6}
# One thread as well: beside our single-threaded figures, and steadier than a pool when the cores are busy.
torch.set_num_threads(1)
out.update({"autodiff_1thread": median(lambda: step(loss)), "gradcheck_1thread": gradcheck(loss)})
print(json.dumps(out))
`;
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', script], { env, encoding: 'utf8', timeout: 300_000 });
    if (r.status === 0) return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Record<string, number>;
  }
  return 'python3-torch not available (apt-get install -y python3-torch libopenblas0-pthread)';
}

/** The bundles' folder: it holds the threaded build's files, which node_modules lacks. */
const DIST = join(__dirname, '../dist');

/** The seed network at N: its leaves uploaded, and one float32 gradient of A, B, C. */
async function seedGradient(rt: TfRuntime, n: number) {
  const a = await analyze(SEED.replace('N = 8', `N = ${n}`), { language: 'python' });
  const g = a.graph;
  const id = (name: string) => g.names.get(name) as NodeId;
  const env = new NumericEnv({});
  const loss = id('E');
  const targets = [id('C'), id('B'), id('A')];
  const needed = ancestors(g, [loss]);
  const tensors = uploadLeaves(rt, g, leafValues(g, env, needed, 0), needed);
  return { g, id, tensors, step: () => gradientsTf(rt, g, env, tensors, loss, targets) };
}

/** seed_autodiff_ms with an XNNPACK pool of `threads` threads, measured in a process of its own (tfjs loads once per process). */
function autodiffWithThreads(threads: number): number | string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, `--autodiff-threads=${threads}`], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) return `failed: ${r.stderr.trim().split('\n').pop()}`;
  return (JSON.parse(r.stdout.trim().split('\n').pop() as string) as { ms: number }).ms;
}

export async function benchNumeric(): Promise<Record<string, number | string>> {
  const rt = await loadTf(DIST);
  const { tf } = rt;
  // Timings on a shared machine say little without how busy it was: a load above the cores slows the threaded figures most.
  const out: Record<string, number | string> = { cores: availableParallelism(), load_average_at_start: round(loadavg()[0]), numeric_backend: `${rt.backend}${rt.simd ? '+simd' : ''}`, tfjs_threads: rt.threads };
  if (rt.note) out.tfjs_note = rt.note;

  // The seed network at N = 64: loss and gradients of A, B, C in float32.
  const n = 64;
  const { g, id, tensors, step } = await seedGradient(rt, n);
  out.seed_autodiff_ms = round(timeIt(step));

  const base = tf.tidy(() => {
    const C = tensors.get(id('C')) as Tensor;
    const B = tf.mul(tensors.get(g.nodes[id('B')].inputs[0]) as Tensor, 0.01);
    const A = tf.mul(tensors.get(g.nodes[id('A')].inputs[0]) as Tensor, 0.01);
    const Y = tf.cast(tf.oneHot(tensors.get(g.nodes[id('Y')].inputs[1]) as Tensor, 10), 'float32');
    return [C.clone(), B, A, Y];
  });
  out.seed_autodiff_flags_ms = round(timeIt(stockSeed(tf, base[0], base[1], base[2], base[3])));
  for (const t of [...tensors.values(), ...base]) t.dispose();

  // Matmul with a transpose flag against an explicit transpose + plain matmul: the dC product
  // (dY·Bᵀ, flag on the second operand) and the dB product (Cᵀ·dY, flag on the first).
  const dy = tf.randomNormal([n, 1024]) as Tensor2D;
  const w = tf.randomNormal([1568, 1024]) as Tensor2D;
  const x = tf.randomNormal([n, 1568]) as Tensor2D;
  const flagB = timeIt(() => tf.tidy(() => tf.matMul(dy, w, false, true).dataSync()));
  const plainB = timeIt(() => tf.tidy(() => tf.matMul(dy, tf.transpose(w)).dataSync()));
  const flagA = timeIt(() => tf.tidy(() => tf.matMul(x, dy, true, false).dataSync()), 10);
  const plainA = timeIt(() => tf.tidy(() => tf.matMul(tf.transpose(x), dy).dataSync()), 10);
  tf.dispose([dy, w, x]);
  out.tfjs_matmul_transposed_vs_plain = round(flagB / plainB);
  out.tfjs_matmul_transposedA_vs_plain = round(flagA / plainA);

  // The full check of examples/seed.py: analysis, float64 hand code, autodiff, finite differences.
  const checks: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    const r = await checkGradients(SEED, { language: 'python' });
    if (i > 0) checks.push(performance.now() - t);
    if (!r.gradients.every((x) => x.verdict === 'correct')) throw new Error('the seed check did not find dC, dB, dA correct');
  }
  out.seed_check_ms = round(median(checks));

  // A whole student backward pass: ten hand-written gradients, several built in place and in loops.
  const ten: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    const r = await checkGradients(TEN_GRADIENTS, { language: 'python' });
    if (i > 0) ten.push(performance.now() - t);
    if (r.gradients.length !== 10 || !r.gradients.every((x) => x.verdict === 'correct')) throw new Error('the ten-gradient check did not find its ten gradients correct');
  }
  out.ten_gradients_check_ms = round(median(ten));
  out.seed_autodiff_1thread_ms = autodiffWithThreads(1);

  const torch = torchFigures(n);
  out.load_average_at_end = round(loadavg()[0]);
  if (typeof torch === 'string') out.torch_note = torch;
  else {
    // PyTorch as the code is written, (C @ B) @ A, and in the order Grad Lens evaluates it, C @ (B @ A).
    out.torch_threads = torch.threads;
    out.torch_seed_autodiff_ms = round(torch.autodiff);
    out.torch_seed_autodiff_same_order_ms = round(torch.autodiff_same_order);
    out.torch_gradcheck_fast_f64_ms = round(torch.gradcheck);
    out.torch_gradcheck_fast_f64_same_order_ms = round(torch.gradcheck_same_order);
    out.torch_matmul_gflops = round(torch.gflops);
    out.seed_autodiff_vs_torch = round((out.seed_autodiff_ms as number) / torch.autodiff);
    out.seed_autodiff_vs_torch_same_order = round((out.seed_autodiff_ms as number) / torch.autodiff_same_order);
    if (typeof out.seed_autodiff_1thread_ms === 'number') out.seed_autodiff_1thread_vs_torch = round(out.seed_autodiff_1thread_ms / torch.autodiff);
    out.torch_seed_autodiff_1thread_ms = round(torch.autodiff_1thread);
    if (typeof out.seed_autodiff_1thread_ms === 'number') out.seed_autodiff_1thread_vs_torch_1thread = round(out.seed_autodiff_1thread_ms / torch.autodiff_1thread);
    out.torch_gradcheck_fast_f64_1thread_ms = round(torch.gradcheck_1thread);
    out.seed_check_vs_gradcheck = round((out.seed_check_ms as number) / torch.gradcheck);
    out.seed_check_vs_gradcheck_same_order = round((out.seed_check_ms as number) / torch.gradcheck_same_order);
    out.seed_check_vs_gradcheck_1thread = round((out.seed_check_ms as number) / torch.gradcheck_1thread);
  }
  return out;
}

const threadsArg = process.argv.find((a) => a.startsWith('--autodiff-threads='));
if (require.main === module && threadsArg) {
  loadTf(DIST, { threads: Number(threadsArg.split('=')[1]) })
    .then((rt) => seedGradient(rt, 64))
    .then(({ step }) => console.log(JSON.stringify({ ms: round(timeIt(step)) })));
} else if (require.main === module) benchNumeric().then((r) => console.log(r));
