# Multi-head self-attention with jaxtyping annotations: the sizes stay symbolic.
import torch
from torch import Tensor
from jaxtyping import Float


def attention(x: Float[Tensor, "B T C"], n_head: int = 4):
    B, T, C = x.shape
    q = x.view(B, T, n_head, C // n_head).transpose(1, 2)
    k = x.view(B, T, n_head, C // n_head).transpose(1, 2)
    v = x.view(B, T, n_head, C // n_head).transpose(1, 2)
    att = torch.softmax(q @ k.transpose(-2, -1), dim=-1)
    y = (att @ v).transpose(1, 2).reshape(B, T, C)
    both = torch.cat([x, y], dim=-1)
    return both
