import { det } from './det';
import { diag } from './diag';
import { inv } from './inv';
import { logdet } from './logdet';
import { matmul } from './matmul';
import { outer } from './outer';
import { transpose } from './transpose';

/** Products, transposes and the functions of square matrices. */
export const LINALG_OPS = [matmul, transpose, outer, inv, det, logdet, diag] as const;
