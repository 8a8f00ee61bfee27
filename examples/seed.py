# The seed network's last layers in NumPy: E = -sum(Y * log(softmax(C @ B @ A))).
import numpy as np

N = 8                                   # images in the batch (the seed's "?")
C = np.random.randn(N, 1568)            # flattened conv features, 7*7*32
B = np.random.randn(1568, 1024) * 0.01  # fully connected layer
A = np.random.randn(1024, 10) * 0.01    # readout layer
y = np.random.randint(0, 10, N)
Y = np.eye(10)[y]                       # one-hot labels: rows sum to 1

Z = C @ B @ A
Z_shift = Z - Z.max(axis=1, keepdims=True)
S = np.exp(Z_shift) / np.exp(Z_shift).sum(axis=1, keepdims=True)
E = -np.sum(Y * np.log(S))

# Hand-written backward pass
dZ = S - Y
dC = dZ @ A.T @ B.T
dB = C.T @ dZ @ A.T
dA = (C @ B).T @ dZ
