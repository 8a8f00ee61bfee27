import { add } from './add';
import { div } from './div';
import { eq } from './eq';
import { ge } from './ge';
import { gt } from './gt';
import { le } from './le';
import { lt } from './lt';
import { maximum } from './maximum';
import { minimum } from './minimum';
import { mul } from './mul';
import { pow } from './pow';
import { sub } from './sub';
import { where } from './where';

/** The elementwise ops of several operands with NumPy broadcasting. */
export const BINARY_OPS = [add, sub, mul, div, pow, maximum, minimum, gt, ge, lt, le, eq, where] as const;
