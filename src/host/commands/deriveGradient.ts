import { CommandId } from '../commandIds';
import { notAvailableYet } from './command';

export const deriveGradient = notAvailableYet(CommandId.deriveGradient, 'Derive Gradient');
