import { adaptiveAvgPool2d } from './adaptive_avg_pool2d';
import { adaptiveMaxPool2d } from './adaptive_max_pool2d';
import { avgPool2d } from './avg_pool2d';

/** Pooling over the two spatial axes of an image batch (max_pool2d is still in the conv tables). */
export const POOL_OPS = [avgPool2d, adaptiveAvgPool2d, adaptiveMaxPool2d] as const;
