import { arange } from './arange';
import { constant } from './const';
import { copy } from './copy';
import { eye } from './eye';
import { full } from './full';
import { linspace } from './linspace';
import { ones } from './ones';
import { ones_like } from './ones_like';
import { placeholder } from './placeholder';
import { rand } from './rand';
import { randint } from './randint';
import { randn } from './randn';
import { zeros } from './zeros';
import { zeros_like } from './zeros_like';

/** The leaves: values the code creates or declares, with no operands (ops/op.ts LeafModule). */
export const LEAF_OPS = [randn, rand, zeros, ones, placeholder, full, eye, arange, randint, constant, linspace] as const;

/** Values made from another's shape, or copied from it. */
export const CREATION_OPS = [zeros_like, ones_like, copy] as const;
