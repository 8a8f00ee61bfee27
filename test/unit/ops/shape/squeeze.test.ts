import { squeeze } from '../../../../src/core/ops/shape/squeeze';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(squeeze, {
  cases: [
    { name: 'every axis of size 1', inputs: [I(3, 1)] },
    { name: 'one axis named', inputs: [I(1, 4)], attrs: { axis: 0 } },
  ],
  python: ['y = numpy.squeeze(numpy.expand_dims(X, 0))', 'y = torch.squeeze(X)', 'y = tensorflow.squeeze(X)', 'y = X.squeeze()'],
});
