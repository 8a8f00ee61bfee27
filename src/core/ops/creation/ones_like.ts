import { likeModule } from './like';

export const ones_like = likeModule('ones_like', 1, ['numpy.ones_like', 'torch.ones_like', 'tensorflow.ones_like']);
