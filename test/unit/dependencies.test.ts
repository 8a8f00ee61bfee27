// The layers of .dependency-cruiser.cjs hold in the code, and each rule fails on a tree that breaks it.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '../..');
const CONFIG = require(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: { name: string }[]; options: object };

interface Violation {
  rule: string;
  from: string;
  to: string;
}

async function violations(baseDir: string, roots: string[]): Promise<Violation[]> {
  const { cruise } = await import('dependency-cruiser');
  const result = await cruise(roots, { ...CONFIG.options, baseDir, validate: true, ruleSet: { forbidden: CONFIG.forbidden } } as never);
  if (typeof result.output === 'string') throw new Error(result.output);
  return result.output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

/** A throwaway project: these files, and this repository's node_modules so npm imports resolve as they do here. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'grad-lens-deps-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function rulesBroken(files: Record<string, string>): Promise<string[]> {
  const dir = tree(files);
  try {
    const roots = ['src', 'webview'].filter((r) => Object.keys(files).some((f) => f.startsWith(`${r}/`)));
    return [...new Set((await violations(dir, roots)).map((v) => v.rule))].sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Allowed everywhere below: the host through the core's entry, the webview through the protocol. */
const LAYERS = {
  'src/core/index.ts': "export { analyze } from './analyze';\n",
  'src/core/analyze.ts': "export const analyze = (text: string) => text.length;\n",
  'src/protocol/messages.ts': 'export interface Message { type: string }\n',
  'src/host/extension.ts': "import * as vscode from 'vscode';\nimport type { Message } from '../protocol/messages';\nimport type * as Core from '../core/index';\nexport const m: [Message, typeof Core, typeof vscode] | null = null;\n",
  'src/cli.ts': "import { analyze } from './core/index';\nexport const n = analyze('x');\n",
  'webview/main.ts': "import katex from 'katex';\nimport '@vscode-elements/elements/dist/vscode-button/index.js';\nimport type { Message } from '../src/protocol/messages';\nimport { draw } from './draw';\nexport const m: Message | null = draw(katex);\n",
  'webview/draw.ts': 'export const draw = (k: unknown) => (k ? null : null);\n',
};

describe('dependencies: the layers of the code', function () {
  this.timeout(120_000);

  it('hold in src/ and webview/', async () => {
    const found = await violations(ROOT, ['src', 'webview']);
    assert.deepEqual(found, [], found.map((v) => `${v.rule}: ${v.from} → ${v.to}`).join('\n'));
  });

  it('allow the imports the design allows', async () => {
    assert.deepEqual(await rulesBroken(LAYERS), []);
  });

  const cases: [rule: string, what: string, files: Record<string, string>, alsoBroken?: string][] = [
    ['vscode-only-in-host', 'the core imports vscode', { 'src/core/a.ts': "import * as vscode from 'vscode';\nexport const a = vscode;\n" }],
    ['vscode-only-in-host', 'the webview imports vscode', { 'webview/a.ts': "import type * as vscode from 'vscode';\nexport let a: typeof vscode;\n" }, 'webview-only-protocol'],
    ['host-not-webview', 'the host imports the webview', { 'src/host/a.ts': "import { draw } from '../../webview/draw';\nexport const a = draw;\n", 'webview/draw.ts': 'export const draw = 1;\n' }],
    ['webview-only-protocol', 'the webview imports the core', { 'webview/a.ts': "import { analyze } from '../src/core/index';\nexport const a = analyze;\n", 'src/core/index.ts': 'export const analyze = 1;\n' }],
    ['webview-only-protocol', 'the webview imports a Node module', { 'webview/a.ts': "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n" }],
    ['webview-only-protocol', 'the webview imports an npm package it does not draw with', { 'webview/a.ts': "import * as tf from '@tensorflow/tfjs-core';\nexport const a = tf;\n" }],
    ['core-independent', 'the core imports the host', { 'src/core/a.ts': "import type { B } from '../host/b';\nexport let a: B;\n", 'src/host/b.ts': 'export type B = number;\n' }],
    ['core-independent', 'the core imports the webview', { 'src/core/a.ts': "import { b } from '../../webview/b';\nexport const a = b;\n", 'webview/b.ts': 'export const b = 1;\n' }],
    ['protocol-standalone', 'the protocol imports the core', { 'src/protocol/a.ts': "import { b } from '../core/b';\nexport const a = b;\n", 'src/core/b.ts': 'export const b = 1;\n' }],
    ['core-through-its-entry', 'the CLI imports an inner file of the core', { 'src/cli/a.ts': "import { b } from '../core/grad/b';\nexport const a = b;\n", 'src/core/grad/b.ts': 'export const b = 1;\n' }],
    ['core-through-its-entry', 'the host imports an inner type of the core', { 'src/host/a.ts': "import type { B } from '../core/ir/b';\nexport let a: B;\n", 'src/core/ir/b.ts': 'export type B = number;\n' }],
    ['host-loads-core-lazily', 'the host imports a function of the core', { 'src/host/a.ts': "import { analyze } from '../core/index';\nexport const a = analyze;\n" }],
    ['no-cycles', 'two modules import each other', { 'src/core/a.ts': "import { b } from './b';\nexport const a = () => b;\n", 'src/core/b.ts': "import { a } from './a';\nexport const b = () => a;\n" }],
    ['no-cycles', 'a cycle runs through type-only imports', { 'src/core/a.ts': "import type { B } from './b';\nexport type A = { b?: B };\n", 'src/core/b.ts': "import type { A } from './a';\nexport type B = { a?: A };\n" }],
  ];

  for (const [rule, what, files, alsoBroken] of cases) {
    it(`${rule} fails when ${what}`, async () => {
      assert.deepEqual(await rulesBroken({ ...LAYERS, ...files }), [rule, ...(alsoBroken ? [alsoBroken] : [])].sort());
    });
  }

  it('has a case for every rule', () => {
    assert.deepEqual(new Set(cases.map(([rule]) => rule)), new Set(CONFIG.forbidden.map((r) => r.name)));
  });
});
