import { extremum } from './extremum';

export const minimum = extremum('minimum', {
  unsupported: 'minimum selects between its operands elementwise, which has no matrix-calculus rule here; Check Gradients differentiates it numerically',
});
