import { abs } from './abs';
import { cos } from './cos';
import { elu } from './elu';
import { erf } from './erf';
import { exp } from './exp';
import { expm1 } from './expm1';
import { gelu } from './gelu';
import { leaky_relu } from './leaky_relu';
import { log } from './log';
import { log1p } from './log1p';
import { neg } from './neg';
import { relu } from './relu';
import { rsqrt } from './rsqrt';
import { sigmoid } from './sigmoid';
import { sign } from './sign';
import { silu } from './silu';
import { sin } from './sin';
import { softplus } from './softplus';
import { sqrt } from './sqrt';
import { square } from './square';
import { tan } from './tan';
import { tanh } from './tanh';

/** Every elementwise function, one module each: adding one is a module, its test and a line here. */
export const UNARY_OPS = [exp, log, sqrt, tanh, sigmoid, relu, abs, sign, softplus, sin, cos, tan, rsqrt, log1p, expm1, elu, leaky_relu, erf, gelu, silu] as const;

/** The elementwise ops with a module of the general kind (ops/op.ts): they keep integers, and the matrix calculus has its own node for each. */
export const ELEMENTWISE_MODULES = [neg, square] as const;
