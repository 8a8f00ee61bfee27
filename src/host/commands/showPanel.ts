import { SECTIONS, type SectionId } from '../../protocol/messages';
import { CommandId } from '../commandIds';
import { isAnalyzedLanguage } from '../languages';
import { fileSubject, notebookSubject } from '../subject';
import { targetEditor, targetNotebook, type HostCommand } from './command';

/**
 * Opens the panel beside the editor (or brings it forward) on the current document.
 * A code action passes `{ section }` to scroll to the part its diagnostic is about.
 */
export const showPanel: HostCommand = {
  id: CommandId.showPanel,
  async run(services, ...args) {
    const section = sectionOf(args[0]);
    const notebook = targetNotebook(services, args);
    const editor = targetEditor(services);
    if (notebook) services.sync.follow(notebookSubject(notebook));
    else if (editor && isAnalyzedLanguage(editor.document.languageId)) services.sync.follow(fileSubject(editor.document));
    services.panel.show({ section, preserveFocus: true });
    if (!services.sync.subject) {
      services.panel.showNotice({ level: 'info', text: 'Open Python model code or notes in math notation: the panel follows the active editor.' });
      return;
    }
    await services.sync.refresh();
  },
};

function sectionOf(options: unknown): SectionId | undefined {
  const section = typeof options === 'object' && options !== null ? (options as { section?: unknown }).section : undefined;
  return SECTIONS.find((s) => s === section);
}
