import { max_pool2d } from '../../../../src/core/ops/conv/max_pool2d';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(max_pool2d, {
  cases: [
    { name: 'NCHW, 2×2 windows', inputs: [I(2, 3, 4, 4)], attrs: { kernel_size: 2, stride: null, padding: 0, layout: 'NCHW' } },
    { name: 'NHWC, 3×3 windows, stride 2, SAME', inputs: [I(1, 5, 5, 2)], attrs: { kernel_size: 3, stride: 2, padding: 'SAME', layout: 'NHWC' } },
  ],
  python: ['y = torch.nn.functional.max_pool2d(torch.randn(1, 3, 8, 8), 2)'],
});
