import { limitDepth } from '../ir/depth';
import type { Language, Program } from '../ir/program';
import type { FrontendOptions } from './frontend';
import { parseMath } from './math/index';
import { parsePython } from './python/index';

/**
 * Reads source text into a Program. TypeScript/TensorFlow.js is not supported yet: an honest
 * empty program. Statements nested too deeply to trace are left out with a problem.
 */
export async function parseProgram(text: string, language: Language, options: FrontendOptions): Promise<Program> {
  switch (language) {
    case 'python':
      // Limits the depth of each statement as it is read.
      return parsePython(text, options);
    case 'math': {
      const program = limitDepth(await parseMath(text, options));
      if (options.onStatement) for (const stmt of program.stmts) options.onStatement(stmt);
      return program;
    }
    case 'typescript':
      return {
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
      };
  }
}
