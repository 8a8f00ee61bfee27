import { argmax } from './argmax';
import { batch_norm } from './batch_norm';
import { layer_norm } from './layer_norm';
import { log_softmax } from './log_softmax';
import { logsumexp } from './logsumexp';
import { max } from './max';
import { mean } from './mean';
import { min } from './min';
import { softmax } from './softmax';
import { sum } from './sum';

/** The reductions over axes, and the ops that work slice by slice: along one axis (softmax), or standardising groups (the norms). */
export const REDUCTION_OPS = [sum, mean, max, min, logsumexp, argmax, softmax, log_softmax, layer_norm, batch_norm] as const;
