import { conv2d } from './conv2d';
import { max_pool2d } from './max_pool2d';

/** Windows slid over image batches: convolution and pooling. */
export const CONV_OPS = [conv2d, max_pool2d] as const;
