import * as vscode from 'vscode';
import type { Occurrence } from '../core/index';
import type { Analyzer } from './analyzer';
import { type CoreModule, loadCore } from './core';
import { guard, type Log } from './log';
import { innermost } from './occurrence';
import type { NotebookAnalyzer } from './notebook/analyzer';
import { cellOf } from './notebook/cells';

/** Shows the shape of the name under the pointer, from the latest analysis of this document version. */
export function shapeHover(analyzer: Analyzer, notebooks: NotebookAnalyzer, log: Log): vscode.HoverProvider {
  return {
    provideHover: guard(log, 'hover', async (doc: vscode.TextDocument, position: vscode.Position) => {
      const cell = cellOf(doc);
      if (cell) {
        const found = await notebooks.occurrenceAt(cell.notebook, cell.index, doc, position);
        return found && hover(found.occurrence, found.range, await loadCore(log));
      }
      const result = await analyzer.settled(doc);
      if (!result?.analysis) return undefined;
      const occurrence = innermost(result.analysis.occurrences, doc.offsetAt(position));
      if (!occurrence) return undefined;
      return hover(occurrence, result.toRange(occurrence.span), await loadCore(log));
    }),
  };
}

function hover(occurrence: Occurrence, range: vscode.Range, { formatShape }: CoreModule): vscode.Hover {
  const text = new vscode.MarkdownString().appendCodeblock(`${occurrence.name}: ${formatShape(occurrence.shape)}`, 'python');
  return new vscode.Hover(text, range);
}
