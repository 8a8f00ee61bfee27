# The seed network with the mistakes people make while writing it.
import numpy as np

N = 8
C = np.random.randn(N, 1568)
B = np.random.randn(1024, 1568) * 0.01  # stored (out, in), as nn.Linear does
A = np.random.randn(1024, 10) * 0.01
Y = np.eye(10)[np.random.randint(0, 10, N)]

Z = C @ B @ A                           # B must be transposed here
S = np.exp(Z) / np.exp(Z).sum(axis=1)   # sum without keepdims broadcasts wrongly
E = -np.sum(Y * np.log(S))
