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
      return limitDepth(await parsePython(text, options));
    case 'math':
      return limitDepth(await parseMath(text, options));
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
