import { SECTIONS, type SectionId } from '../../protocol/messages';
import { CommandId } from '../commandIds';
import { isAnalyzedLanguage } from '../languages';
import { targetEditor, type HostCommand } from './command';

/**
 * Opens the panel beside the editor (or brings it forward) on the current document.
 * A code action passes `{ section }` to scroll to the part its diagnostic is about.
 */
export const showPanel: HostCommand = {
  id: CommandId.showPanel,
  async run(services, options) {
    const section = sectionOf(options);
    const editor = targetEditor(services);
    if (editor && isAnalyzedLanguage(editor.document.languageId)) services.sync.follow(editor.document);
    services.panel.show({ section, preserveFocus: true });
    if (!services.sync.document) {
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
