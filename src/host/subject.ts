import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Span } from '../core/index';
import type { DocumentRef } from '../protocol/messages';
import { loadCore } from './core';
import type { Log } from './log';
import { coreCells, notebookRef } from './notebook/cells';
import { documentRef } from './panel/index';
import type { TaskInput } from './worker/protocol';
import { notebookTaskInput, taskInput } from './workers';

/** What Derive Gradient and the panel work on: a file, or a notebook's code cells as one program. */
export type Subject = { kind: 'file'; doc: vscode.TextDocument } | { kind: 'notebook'; notebook: vscode.NotebookDocument };

export function fileSubject(doc: vscode.TextDocument): Subject {
  return { kind: 'file', doc };
}

export function notebookSubject(notebook: vscode.NotebookDocument): Subject {
  return { kind: 'notebook', notebook };
}

export function subjectUri(subject: Subject): vscode.Uri {
  return subject.kind === 'file' ? subject.doc.uri : subject.notebook.uri;
}

export function subjectName(subject: Subject): string {
  return basename(subjectUri(subject).path);
}

export function subjectRef(subject: Subject): DocumentRef {
  return subject.kind === 'file' ? documentRef(subject.doc) : notebookRef(subject.notebook);
}

export function sameSubject(a: Subject | undefined, b: Subject | undefined): boolean {
  if (!a || !b) return a === b;
  return a.kind === 'file' ? b.kind === 'file' && a.doc === b.doc : b.kind === 'notebook' && a.notebook === b.notebook;
}

export function isClosed(subject: Subject): boolean {
  return subject.kind === 'file' ? subject.doc.isClosed : subject.notebook.isClosed;
}

/** What a worker task reads for the subject now: the file's text (or selection), or the notebook's code cells joined. */
export async function subjectInput(subject: Subject, log: Log, range?: Span): Promise<TaskInput> {
  if (subject.kind === 'file') return taskInput(subject.doc, range);
  const core = await loadCore(log);
  const joined = core.joinCodeCells(coreCells(subject.notebook.getCells()));
  return notebookTaskInput(subject.notebook, joined.text, joined.layout);
}
