import * as vscode from 'vscode';

/** Mirrors `contributes.configuration` in package.json (section `gradLens`). */
export interface GradLensConfig {
  analyzeOnType: boolean;
  debounceMs: number;
  /** Known sizes for symbols, passed to the core as `options.dims`. */
  dims: Record<string, number>;
  /** For the numeric checks (Check Gradients). */
  elementBudget: number;
  /** For the numeric checks: multiply-adds one forward evaluation may cost before sizes are reduced. */
  workBudget: number;
  /** For the numeric checks: the size given to a symbolic batch dimension. */
  defaultBatch: number;
  /** The longest `for` loop the analysis unrolls; longer ones are traced once. */
  loopBudget: number;
  /** Each assignment's shape as an inlay hint at the end of its line. */
  inlayHints: boolean;
}

export const CONFIG_SECTION = 'gradLens';

const DEFAULTS: GradLensConfig = {
  analyzeOnType: true,
  debounceMs: 150,
  dims: {},
  elementBudget: 50_000_000,
  workBudget: 150_000_000,
  defaultBatch: 8,
  loopBudget: 64,
  inlayHints: true,
};

/** Reads the settings for a document (folder settings may override), keeping only well-formed values. */
export function readConfig(scope?: vscode.Uri): GradLensConfig {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  return {
    analyzeOnType: bool(c.get('analyzeOnType'), DEFAULTS.analyzeOnType),
    debounceMs: count(c.get('debounceMs'), DEFAULTS.debounceMs, 0),
    dims: dims(c.get('dims')),
    elementBudget: count(c.get('elementBudget'), DEFAULTS.elementBudget, 1),
    workBudget: count(c.get('workBudget'), DEFAULTS.workBudget, 1),
    defaultBatch: count(c.get('defaultBatch'), DEFAULTS.defaultBatch, 1),
    loopBudget: count(c.get('loopBudget'), DEFAULTS.loopBudget, 0),
    inlayHints: bool(c.get('inlayHints'), DEFAULTS.inlayHints),
  };
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function count(value: unknown, fallback: number, min: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? Math.floor(value) : fallback;
}

/** A hand-edited settings.json may hold anything: keep positive integer sizes only. */
function dims(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, size] of Object.entries(value)) {
      if (Number.isInteger(size) && (size as number) > 0) out[name] = size as number;
    }
  }
  return out;
}
