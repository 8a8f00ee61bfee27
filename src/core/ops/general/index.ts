import { clip } from './clip';

/** Every graph op with a module of the general kind (ops/op.ts). */
export const OP_MODULES = [clip] as const;
