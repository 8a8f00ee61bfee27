import { analyzeSelection } from './analyzeSelection';
import { checkGradients } from './checkGradients';
import type { HostCommand } from './command';
import { deriveGradient } from './deriveGradient';
import { showPanel } from './showPanel';

export const COMMANDS: readonly HostCommand[] = [analyzeSelection, checkGradients, deriveGradient, showPanel];
