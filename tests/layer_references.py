"""Float64 NumPy references of the layer families, written from the formulas
(not from kerasish's code), for `check_layer(..., reference=...)`. Each takes
the input and the layer's weights in Keras's order."""

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softmax(x, axis=-1):
    shifted = np.exp(x - x.max(axis=axis, keepdims=True))
    return shifted / shifted.sum(axis=axis, keepdims=True)


def dense(activation=lambda z: z):
    def reference(x, weights):
        kernel, bias = weights
        return activation(x @ kernel + bias)
    return reference


def conv1d_valid(x, weights):
    kernel, bias = weights  # (width, in, out)
    width = kernel.shape[0]
    steps = x.shape[1] - width + 1
    windows = np.stack([x[:, t:t + width, :] for t in range(steps)], axis=1)  # (b, steps, w, in)
    return np.einsum("bswi,wio->bso", windows, kernel) + bias


def _run(x, step, units):
    h = np.zeros((x.shape[0], units))
    c = np.zeros((x.shape[0], units))
    outputs = []
    for t in range(x.shape[1]):
        h, c = step(x[:, t], h, c)
        outputs.append(h)
    return np.stack(outputs, axis=1)


def simple_rnn(return_sequences=False):
    def reference(x, weights):
        kernel, recurrent, bias = weights
        out = _run(x, lambda xt, h, c: (np.tanh(xt @ kernel + h @ recurrent + bias), c),
                   kernel.shape[1])
        return out if return_sequences else out[:, -1]
    return reference


def lstm(return_sequences=False):
    def reference(x, weights):
        kernel, recurrent, bias = weights
        units = recurrent.shape[0]

        def step(xt, h, c):
            z = xt @ kernel + h @ recurrent + bias
            i, f, g, o = (z[:, k * units:(k + 1) * units] for k in range(4))
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            return sigmoid(o) * np.tanh(c), c

        out = _run(x, step, units)
        return out if return_sequences else out[:, -1]
    return reference


def gru(return_sequences=False):
    """reset_after=True (Keras's default): the reset gate scales the
    recurrent projection after its bias is added."""
    def reference(x, weights):
        kernel, recurrent, bias = weights
        units = recurrent.shape[0]
        split = lambda m: [m[:, k * units:(k + 1) * units] for k in range(3)]  # noqa: E731

        def step(xt, h, c):
            xz, xr, xh = split(xt @ kernel + bias[0])
            hz, hr, hh = split(h @ recurrent + bias[1])
            z, r = sigmoid(xz + hz), sigmoid(xr + hr)
            candidate = np.tanh(xh + r * hh)
            return z * h + (1 - z) * candidate, c

        out = _run(x, step, units)
        return out if return_sequences else out[:, -1]
    return reference


def layer_normalization(epsilon=1e-3):
    def reference(x, weights):
        gamma, beta = weights
        mean, variance = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mean) / np.sqrt(variance + epsilon) * gamma + beta
    return reference


def batch_normalization_inference(epsilon=1e-3):
    def reference(x, weights):
        gamma, beta, moving_mean, moving_variance = weights
        return (x - moving_mean) / np.sqrt(moving_variance + epsilon) * gamma + beta
    return reference


def self_attention(x, weights):
    """MultiHeadAttention(query=x, value=x, key=x), no mask."""
    wq, bq, wk, bk, wv, bv, wo, bo = weights
    q = np.einsum("btd,dhk->bthk", x, wq) + bq
    k = np.einsum("btd,dhk->bthk", x, wk) + bk
    v = np.einsum("btd,dhk->bthk", x, wv) + bv
    scores = np.einsum("bqhk,bshk->bhqs", q / np.sqrt(wq.shape[-1]), k)
    attended = np.einsum("bhqs,bshk->bqhk", softmax(scores), v)
    return np.einsum("bqhk,hkd->bqd", attended, wo) + bo


def global_average_pooling_1d(x, weights):
    return x.mean(axis=1)
