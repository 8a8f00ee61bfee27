// Real-editor figures: activation time and keystroke-to-diagnostic time in code-server.
// The measuring code lives with the real-editor tests (test/e2e/support/editorBench.ts),
// whose dependencies install apart from the root; this file installs them, then loads it
// by a computed path so the root type-check does not need them.
import { join } from 'node:path';
import { ensureEditor } from '../scripts/editor';

type Figures = Record<string, number>;

export async function benchEditor(): Promise<Figures> {
  await ensureEditor((line) => process.stderr.write(`${line}\n`));
  const mod = require(join(__dirname, '../test/e2e/support/editorBench')) as { benchEditor(): Promise<Figures> };
  return mod.benchEditor();
}

if (require.main === module) {
  benchEditor().then(
    (figures) => {
      for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(40)} ${v}`);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
