import { index } from './index-op';
import { index_update } from './index-update';

/** Subscripts: the gather x[items], and the in-place update x[items] op= v as a scatter. */
export const INDEXING_OPS = [index, index_update] as const;
