/**
 * Language ids the editor features apply to. Python is code; Markdown, LaTeX and plain text
 * are notes in math notation (the core's languageFor() decides which front end reads them).
 * package.json's editor/context `when` clause lists the same ids.
 */
export const ANALYZED_LANGUAGES = ['python', 'markdown', 'plaintext', 'latex', 'tex'] as const;

/** Analyzed as you type (when gradLens.analyzeOnType is on); activation events name these too. */
export const ON_TYPE_LANGUAGES = ['python', 'markdown'] as const;

export function isAnalyzedLanguage(languageId: string): boolean {
  return (ANALYZED_LANGUAGES as readonly string[]).includes(languageId);
}

export function isOnTypeLanguage(languageId: string): boolean {
  return (ON_TYPE_LANGUAGES as readonly string[]).includes(languageId);
}
