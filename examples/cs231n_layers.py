import numpy as np


def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1).dot(w) + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout.dot(w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db


def relu_forward(x):
    out = np.maximum(0, x)
    cache = x
    return out, cache


def relu_backward(dout, cache):
    x = cache
    dx = dout * (x > 0)
    return dx


def softmax_loss(x, y):
    shifted = x - np.max(x, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    probs = np.exp(log_probs)
    N = x.shape[0]
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx


N, D, H, C = 8, 20, 30, 10
X = np.random.randn(N, D)
y = np.random.randint(C, size=N)
W1 = np.random.randn(D, H) * 0.01
b1 = np.zeros(H)
W2 = np.random.randn(H, C) * 0.01
b2 = np.zeros(C)

a1, fc1_cache = affine_forward(X, W1, b1)
h1, relu_cache = relu_forward(a1)
scores, fc2_cache = affine_forward(h1, W2, b2)
loss, dscores = softmax_loss(scores, y)

dh1, dW2, db2 = affine_backward(dscores, fc2_cache)
da1 = relu_backward(dh1, relu_cache)
dX, dW1, db1 = affine_backward(da1, fc1_cache)
