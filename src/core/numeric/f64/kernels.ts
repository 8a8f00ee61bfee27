import { moduleTable } from '../../ops/index';
import { CONV } from './conv';
import { ELEMENTWISE } from './elementwise';
import type { KernelTable } from './types';

/** The float64 kernel of every graph op (leaves are filled by numeric/leaves.ts). */
export const F64_KERNELS: KernelTable = {
  ...ELEMENTWISE,
  ...CONV,
  ...moduleTable((op) => op.f64),
};
