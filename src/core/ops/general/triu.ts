import type { OpModule } from '../op';
import { triangle } from './triangle';

export const triu: OpModule<'triu'> = triangle('triu');
