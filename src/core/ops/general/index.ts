import { clip } from './clip';
import { einsum } from './einsum';
import { flip } from './flip';
import { stack } from './stack';
import { tensordot } from './tensordot';
import { tril } from './tril';
import { triu } from './triu';

/** Every graph op with a module of the general kind (ops/op.ts). */
export const OP_MODULES = [clip, tril, triu, stack, flip, einsum, tensordot] as const;
