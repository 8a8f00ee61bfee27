import { lt } from '../../../../src/core/ops/binary/lt';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(lt, {
  cases: [{ name: 'a matrix against a row', inputs: [I(3, 4), I(4)], noGrad: true }],
  python: ['y = X < 0', 'y = X < X'],
});
