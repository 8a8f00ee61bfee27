import { clip } from './clip';
import { einsum } from './einsum';
import { flip } from './flip';
import { kron } from './kron';
import { norm } from './norm';
import { prod } from './prod';
import { solve } from './solve';
import { stack } from './stack';
import { tensordot } from './tensordot';
import { trace } from './trace';
import { tril } from './tril';
import { triu } from './triu';

/** Every graph op with a module of the general kind (ops/op.ts). */
export const OP_MODULES = [clip, tril, triu, stack, flip, einsum, tensordot, kron, solve, trace, prod, norm] as const;
