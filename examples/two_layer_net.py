# A two-layer ReLU network with a softmax classifier, and its hand-written backward pass.
import numpy as np

N, D, H, K = 8, 20, 16, 5
X = np.random.randn(N, D)
y = np.random.randint(0, K, N)
W1 = np.random.randn(D, H) * 0.1
b1 = np.zeros(H)
W2 = np.random.randn(H, K) * 0.1
b2 = np.zeros(K)

hpre = X @ W1 + b1
h = np.maximum(0, hpre)
scores = h @ W2 + b2
shifted = scores - scores.max(axis=1, keepdims=True)
probs = np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True)
loss = -np.mean(np.log(probs[np.arange(N), y]))

# backward
dscores = probs.copy()
dscores[np.arange(N), y] -= 1
dscores /= N
dW2 = h.T @ dscores
db2 = dscores.sum(axis=0)
dh = dscores @ W2.T
dh[hpre <= 0] = 0
dW1 = X.T @ dh
db1 = dh.sum(axis=0)
