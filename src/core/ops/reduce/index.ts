import { argmax } from './argmax';
import { log_softmax } from './log_softmax';
import { logsumexp } from './logsumexp';
import { max } from './max';
import { mean } from './mean';
import { min } from './min';
import { softmax } from './softmax';
import { sum } from './sum';

/** The reductions over axes, and the ops that work slice by slice along one axis (softmax). */
export const REDUCTION_OPS = [sum, mean, max, min, logsumexp, argmax, softmax, log_softmax] as const;
