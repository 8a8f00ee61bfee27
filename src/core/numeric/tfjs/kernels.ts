import { moduleTable } from '../../ops/index';
import { ELEMENTWISE } from './elementwise';
import type { TfKernelTable } from './types';

/** The TensorFlow.js kernel of every graph op (leaves are uploaded from the float64 values). */
export const TF_KERNELS: TfKernelTable = {
  ...ELEMENTWISE,
  ...moduleTable((op) => op.tfjs),
};
