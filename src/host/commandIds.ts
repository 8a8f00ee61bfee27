/** Every command id the extension contributes; package.json's `contributes.commands` lists the same. */
export const CommandId = {
  analyzeSelection: 'gradLens.analyzeSelection',
  checkGradients: 'gradLens.checkGradients',
  deriveGradient: 'gradLens.deriveGradient',
  showPanel: 'gradLens.showPanel',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];
