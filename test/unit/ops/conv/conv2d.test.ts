import { conv2d } from '../../../../src/core/ops/conv/conv2d';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(conv2d, {
  cases: [
    { name: 'NHWC, HWIO filters, SAME padding, stride 2', inputs: [I(1, 5, 5, 2), I(3, 3, 2, 3)], attrs: { strides: [1, 2, 2, 1], padding: 'SAME', layout: 'NHWC' } },
    { name: 'NCHW, OIHW filters, padding 1', inputs: [I(2, 2, 4, 4), I(3, 2, 3, 3)], attrs: { strides: 1, padding: 1, layout: 'NCHW' } },
  ],
  python: ['y = torch.nn.functional.conv2d(torch.randn(1, 3, 8, 8), torch.randn(4, 3, 3, 3), padding=1)'],
});
