import { moduleTable } from '../../ops/index';
import { ELEMENTWISE } from './elementwise';
import type { KernelTable } from './types';

/** The float64 kernel of every graph op (leaves are filled by numeric/leaves.ts). */
export const F64_KERNELS: KernelTable = {
  ...ELEMENTWISE,
  ...moduleTable((op) => op.f64),
};
