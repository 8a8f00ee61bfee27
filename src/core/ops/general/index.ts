import { broadcastTo } from './broadcast-to';
import { clip } from './clip';
import { dropout } from './dropout';
import { flip } from './flip';
import { maskedFill } from './masked-fill';
import { pad } from './pad';
import { repeat } from './repeat';
import { split } from './split';
import { stack } from './stack';
import { tile } from './tile';
import { tril } from './tril';
import { triu } from './triu';

/** Every graph op with a module of the general kind (ops/op.ts). */
export const OP_MODULES = [clip, tril, triu, stack, flip, pad, maskedFill, broadcastTo, tile, repeat, split, dropout] as const;
