import type { Language, Program } from '../ir/program';
import type { FrontendOptions } from './frontend';
import { parseMath } from './math/index';
import { parsePython } from './python/index';

/** Reads source text into a Program. TypeScript/TensorFlow.js is not supported yet: an honest empty program. */
export async function parseProgram(text: string, language: Language, options: FrontendOptions): Promise<Program> {
  switch (language) {
    case 'python':
      return parsePython(text, options);
    case 'math':
      return parseMath(text, options);
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
