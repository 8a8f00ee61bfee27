import { likeModule } from './like';

export const zeros_like = likeModule('zeros_like', 0, ['numpy.zeros_like', 'torch.zeros_like', 'tensorflow.zeros_like']);
