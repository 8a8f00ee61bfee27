import { adaptiveAvgPool2d } from './adaptive_avg_pool2d';
import { adaptiveMaxPool2d } from './adaptive_max_pool2d';
import { avgPool2d } from './avg_pool2d';

/** Average and adaptive pooling over the two spatial axes of an image batch (max_pool2d is in ops/conv/, beside conv2d). */
export const POOL_OPS = [avgPool2d, adaptiveAvgPool2d, adaptiveMaxPool2d] as const;
