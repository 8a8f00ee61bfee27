import { limitDepth } from '../ir/depth';
import type { Language, Program } from '../ir/program';
import type { FrontendOptions } from './frontend';
import { parseMathSync } from './math/index';
import { pythonReader } from './python/index';

/**
 * Reads source text into a Program. TypeScript/TensorFlow.js is not supported yet: an honest
 * empty program. Statements nested too deeply to trace are left out with a problem.
 */
export async function parseProgram(text: string, language: Language, options: FrontendOptions): Promise<Program> {
  return (await programReader(language, options.wasmDir))(text, options);
}

export type ProgramReader = (text: string, options?: FrontendOptions) => Program;

/**
 * parseProgram as a synchronous function, its parser loaded: analyze reads the Program again
 * with it when asked for the statements it let go.
 */
export async function programReader(language: Language, wasmDir?: string): Promise<ProgramReader> {
  switch (language) {
    case 'python':
      // Limits the depth of each statement as it is read.
      return pythonReader(wasmDir);
    case 'math':
      return (text, options = {}) => {
        const program = limitDepth(parseMathSync(text));
        if (options.onStatement) for (const stmt of program.stmts) options.onStatement(stmt);
        return options.keepStatements === false ? { ...program, stmts: [] } : program;
      };
    case 'typescript':
      return (text) => ({
        language,
        stmts: [],
        problems: [
          {
            code: 'unsupported-op',
            severity: 'info',
            span: { start: 0, end: Math.min(text.length, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length) },
            message: 'Grad Lens does not read TensorFlow.js/TypeScript yet; select Python or math notation',
            related: [],
          },
        ],
      });
  }
}
