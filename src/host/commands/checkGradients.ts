import { CommandId } from '../commandIds';
import { notAvailableYet } from './command';

export const checkGradients = notAvailableYet(CommandId.checkGradients, 'Check Gradients');
