import { moduleTable } from '../../ops/index';
import { CONV } from './conv';
import { ELEMENTWISE } from './elementwise';
import type { TfKernelTable } from './types';

/** The TensorFlow.js kernel of every graph op (leaves are uploaded from the float64 values). */
export const TF_KERNELS: TfKernelTable = {
  ...ELEMENTWISE,
  ...CONV,
  ...moduleTable((op) => op.tfjs),
};
