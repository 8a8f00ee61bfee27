import { concat } from './concat';
import { expand_dims } from './expand_dims';
import { flatten } from './flatten';
import { reshape } from './reshape';
import { squeeze } from './squeeze';

/** The ops that move elements without changing them: views under another shape, and joins. */
export const SHAPE_OPS = [reshape, flatten, expand_dims, squeeze, concat] as const;
