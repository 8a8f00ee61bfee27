// Real-editor figures for `npm run bench` (called through bench/editor.ts): activation time
// as VS Code reports it, and the time from the last keystroke to the squiggle appearing.
import { startCodeServer, stopOnSignals } from '../../../scripts/codeServer';
import { BROWSER_PACKAGES, ensureDebianPackages, ensureEditor } from '../../../scripts/editor';
import { packageExtension } from '../../../scripts/package';
import { launchBrowser } from './browser';
import { waitUntil } from './wait';
import { Workbench } from './workbench';

export interface EditorBenchOptions {
  /** Fresh windows (each a fresh extension host) to measure activation in. */
  windows?: number;
  /** Bug-and-fix cycles typed into mnist_torch.py. */
  edits?: number;
  debounceMs?: number;
  log?: (line: string) => void;
}

interface Probe {
  lastKey: number;
  changedAt: number;
  squiggles: number;
}

declare global {
  interface Window {
    gradLensBench?: Probe;
  }
}

export async function benchEditor(options: EditorBenchOptions = {}): Promise<Record<string, number>> {
  const { windows = 3, edits = 5, debounceMs = 150, log = () => undefined } = options;
  await ensureEditor(log);
  if (!process.env.CHROMIUM_PATH) await ensureDebianPackages(BROWSER_PACKAGES, log);
  const vsix = await packageExtension({ quiet: true });
  const server = await startCodeServer({ vsix: vsix.path });
  const browser = await launchBrowser();
  stopOnSignals(async () => {
    await browser.close();
    await server.stop();
  });
  const settings = { 'gradLens.analyzeOnType': true, 'gradLens.debounceMs': debounceMs };
  try {
    const activation: number[] = [];
    const activateCall: number[] = [];
    for (let i = 0; i < windows; i++) {
      const wb = await Workbench.open(server, browser.context, { settings });
      try {
        await wb.openFile('seed.py');
        await waitUntil(() => wb.statusItem(), (s) => /layers/.test(s), 'the analysis on open');
        const row = (await wb.runningExtensions()).get('grad-lens') ?? '';
        activation.push(number(/Activation: (\d+)ms/.exec(row), 'the activation time in Running Extensions'));
        activateCall.push(number(/activate\(\) took ([\d.]+) ms/.exec(wb.gradLensLog()), 'activate() in the log'));
      } finally {
        await wb.close();
      }
    }

    const appear: number[] = [];
    const clear: number[] = [];
    const wb = await Workbench.open(server, browser.context, { settings });
    try {
      await wb.openFile('mnist_torch.py');
      await waitUntil(() => wb.statusItem(), (s) => /layers, 0 problems/.test(s), 'the analysis on open');
      await wb.page.evaluate(installProbe);
      const at = wb.find('mnist_torch.py', '9216');
      for (let i = 0; i < edits; i++) {
        appear.push(await keystrokeToChange(wb, () => wb.typeOver(at, 4, '9215'), true));
        clear.push(await keystrokeToChange(wb, () => wb.typeOver(at, 4, '9216'), false));
      }
      const analysisMs = [...wb.gradLensLog().matchAll(/\[type\]: ([\d.]+) ms/g)].map((m) => Number(m[1]));
      return {
        editor_activation_ms: median(activation),
        editor_activate_call_ms: round(median(activateCall)),
        editor_keystroke_to_diagnostic_ms: round(median(appear)),
        editor_keystroke_to_diagnostic_max_ms: round(Math.max(...appear)),
        editor_keystroke_to_clear_ms: round(median(clear)),
        editor_debounce_ms: debounceMs,
        editor_analysis_on_type_ms: round(median(analysisMs)),
      };
    } finally {
      await wb.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

/**
 * In the page: the time of the last keydown, and when squiggles last came or went. A string,
 * because tsx names functions with a helper the page does not have.
 */
const installProbe = `(() => {
  const count = () => document.querySelectorAll('.monaco-editor .squiggly-error').length;
  const probe = { lastKey: 0, changedAt: 0, squiggles: count() };
  window.gradLensBench = probe;
  window.addEventListener('keydown', () => (probe.lastKey = performance.now()), true);
  new MutationObserver(() => {
    const n = count();
    if (n > 0 !== probe.squiggles > 0) probe.changedAt = performance.now();
    probe.squiggles = n;
  }).observe(document.body, { childList: true, subtree: true });
})()`;

/** Types, then waits for squiggles to appear (or go); page clock from the last key to the change. */
async function keystrokeToChange(wb: Workbench, type: () => Promise<void>, appear: boolean): Promise<number> {
  await wb.page.evaluate(() => {
    if (window.gradLensBench) window.gradLensBench.changedAt = 0;
  });
  await type();
  await wb.page.waitForFunction((want) => !!window.gradLensBench?.changedAt && window.gradLensBench.squiggles > 0 === want, appear, {
    timeout: 10_000,
  });
  return wb.page.evaluate(() => (window.gradLensBench ? window.gradLensBench.changedAt - window.gradLensBench.lastKey : NaN));
}

function number(match: RegExpExecArray | null, what: string): number {
  if (!match) throw new Error(`could not read ${what}`);
  return Number(match[1]);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const round = (x: number): number => Math.round(x * 10) / 10;
