import { CommandId } from '../commandIds';
import { notAvailableYet } from './command';

export const showPanel = notAvailableYet(CommandId.showPanel, 'Show Panel');
