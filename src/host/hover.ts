import * as vscode from 'vscode';
import type { Occurrence } from '../core/index';
import type { Analyzer } from './analyzer';
import { loadCore } from './core';
import { guard, type Log } from './log';

/** Shows the shape of the name under the pointer, from the latest analysis of this document version. */
export function shapeHover(analyzer: Analyzer, log: Log): vscode.HoverProvider {
  return {
    provideHover: guard(log, 'hover', async (doc: vscode.TextDocument, position: vscode.Position) => {
      const result = await analyzer.settled(doc);
      if (!result?.analysis) return undefined;
      const occurrence = innermost(result.analysis.occurrences, doc.offsetAt(position));
      if (!occurrence) return undefined;
      const { formatShape } = await loadCore(log);
      const text = new vscode.MarkdownString().appendCodeblock(`${occurrence.name}: ${formatShape(occurrence.shape)}`, 'python');
      return new vscode.Hover(text, result.toRange(occurrence.span));
    }),
  };
}

/** The shortest occurrence containing the offset (a name inside a longer expression wins). */
function innermost(occurrences: readonly Occurrence[], offset: number): Occurrence | undefined {
  let best: Occurrence | undefined;
  for (const o of occurrences) {
    if (o.span.start <= offset && offset < o.span.end && (!best || o.span.end - o.span.start < best.span.end - best.span.start)) {
      best = o;
    }
  }
  return best;
}
