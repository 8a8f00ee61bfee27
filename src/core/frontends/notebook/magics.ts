/**
 * IPython's additions to Python (`%timeit f()`, `!pip install torch`, `x = !ls`, `np.dot?`)
 * are not Python: blanked before the cell is read, with no warning, as the notebook runs
 * them for their effect. A cell magic (`%%bash`) makes the whole cell another language,
 * except the ones that only time or capture the Python below them.
 */

/** Cell magics whose body is still the cell's Python. */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug']);

const LINE_MAGIC = /^[ \t]*(%|!|[A-Za-z_][\w.]*(\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*[%!])/;
const HELP = /^[ \t]*[?]*[A-Za-z_][\w.]*[?]{1,2}[ \t]*$/;
const CELL_MAGIC = /^[ \t]*%%(\w+)/;

/** The cell's text with its magic lines blanked (offsets and line breaks kept). */
export function blankMagics(text: string): string {
  if (!/[%!?]/.test(text)) return text;
  const lines = text.split('\n');
  const cellMagic = CELL_MAGIC.exec(lines[0]);
  if (cellMagic && !PYTHON_CELL_MAGICS.has(cellMagic[1])) return lines.map((line) => blankLine(line, false)).join('\n');
  return lines.map((line, i) => ((i === 0 && cellMagic) || LINE_MAGIC.test(line) || HELP.test(line) ? blankLine(line, true) : line)).join('\n');
}

/**
 * Spaces over the line; `...` at its indentation when asked, so a block whose only
 * statement was the magic stays a block.
 */
function blankLine(line: string, keepStatement: boolean): string {
  const cr = line.endsWith('\r') ? '\r' : '';
  const body = cr ? line.slice(0, -1) : line;
  const indent = /^[ \t]*/.exec(body)?.[0] ?? '';
  const rest = body.length - indent.length;
  if (!keepStatement || rest < 3) return indent + ' '.repeat(rest) + cr;
  return `${indent}...${' '.repeat(rest - 3)}${cr}`;
}
