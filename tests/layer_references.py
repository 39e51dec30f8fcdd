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


# ------------------------------------------------------- convolution, pooling


def _patches_2d(x, size, strides):
    """(b, rows, cols, kh, kw, c): every window of a channels_last image batch, no padding."""
    (kh, kw), (sh, sw) = size, strides
    rows = (x.shape[1] - kh) // sh + 1
    cols = (x.shape[2] - kw) // sw + 1
    return np.stack([
        np.stack([x[:, r * sh:r * sh + kh, c * sw:c * sw + kw, :] for c in range(cols)], axis=1)
        for r in range(rows)
    ], axis=1)


def _same_padding_2d(x, size, strides):
    """Pads as TensorFlow's "same": the extra row or column goes after."""
    pads = []
    for length, k, s in zip(x.shape[1:3], size, strides):
        total = max((-(-length // s) - 1) * s + k - length, 0)
        pads.append((total // 2, total - total // 2))
    return np.pad(x, [(0, 0), *pads, (0, 0)])


def conv2d(strides=(1, 1), padding="valid"):
    def reference(x, weights):
        kernel, bias = weights  # (kh, kw, in, out)
        size = kernel.shape[:2]
        if padding == "same":
            x = _same_padding_2d(x, size, strides)
        return np.einsum("brcijk,ijko->brco", _patches_2d(x, size, strides), kernel) + bias
    return reference


def depthwise_conv2d(x, weights):
    kernel, bias = weights  # (kh, kw, in, multiplier); output channel = in * multiplier + m
    patches = _patches_2d(x, kernel.shape[:2], (1, 1))
    out = np.einsum("brcijk,ijkm->brckm", patches, kernel)
    return out.reshape(out.shape[:3] + (-1,)) + bias


def separable_conv2d(x, weights):
    depthwise, pointwise, bias = weights
    zero_bias = np.zeros(depthwise.shape[2] * depthwise.shape[3])
    return depthwise_conv2d(x, [depthwise, zero_bias]) @ pointwise[0, 0] + bias


def conv2d_transpose_valid(x, weights):
    """Stride 1, "valid": every input pixel adds its kernel-weighted copy to the output."""
    kernel, bias = weights  # (kh, kw, out, in)
    kh, kw = kernel.shape[:2]
    batch, rows, cols, _ = x.shape
    out = np.zeros((batch, rows + kh - 1, cols + kw - 1, kernel.shape[2]))
    for r in range(rows):
        for c in range(cols):
            out[:, r:r + kh, c:c + kw, :] += np.einsum("bi,hwoi->bhwo", x[:, r, c, :], kernel)
    return out + bias


def max_pooling_2d(size=(2, 2)):
    def reference(x, weights):
        return _patches_2d(x, size, size).max(axis=(3, 4))
    return reference


def average_pooling_2d(size=(2, 2)):
    def reference(x, weights):
        return _patches_2d(x, size, size).mean(axis=(3, 4))
    return reference


def global_max_pooling_2d(x, weights):
    return x.max(axis=(1, 2))


def up_sampling_2d(size=(2, 2)):
    def reference(x, weights):
        return np.repeat(np.repeat(x, size[0], axis=1), size[1], axis=2)
    return reference


def zero_padding_2d(padding=((1, 2), (0, 1))):
    def reference(x, weights):
        return np.pad(x, [(0, 0), *padding, (0, 0)])
    return reference


def cropping_2d(cropping=((1, 0), (1, 2))):
    def reference(x, weights):
        (top, bottom), (left, right) = cropping
        return x[:, top:x.shape[1] - bottom, left:x.shape[2] - right, :]
    return reference


# ---------------------------------------------------------------- activations


def relu(negative_slope=0.0, max_value=None, threshold=0.0):
    def reference(x, weights):
        out = np.where(x >= threshold, x, negative_slope * (x - threshold))
        return out if max_value is None else np.minimum(out, max_value)
    return reference


def elu(alpha=1.0):
    def reference(x, weights):
        return np.where(x > 0, x, alpha * (np.exp(x) - 1))
    return reference


def prelu(x, weights):
    (alpha,) = weights
    return np.where(x > 0, x, alpha * x)


def softmax_layer(x, weights):
    return softmax(x)


# -------------------------------------------------------------- normalization


def group_normalization(groups, epsilon=1e-3):
    def reference(x, weights):
        gamma, beta = weights
        grouped = x.reshape(x.shape[:-1] + (groups, x.shape[-1] // groups))
        axes = tuple(range(1, grouped.ndim - 2)) + (grouped.ndim - 1,)
        mean = grouped.mean(axis=axes, keepdims=True)
        variance = grouped.var(axis=axes, keepdims=True)
        normalized = ((grouped - mean) / np.sqrt(variance + epsilon)).reshape(x.shape)
        return normalized * gamma + beta
    return reference


def unit_normalization(x, weights):
    return x / np.sqrt(np.maximum((x * x).sum(-1, keepdims=True), 1e-12))


# ---------------------------------------------------------- attention, wrappers


def dot_product_attention(use_scale=False):
    """layers.Attention(query=x, value=x): softmax(scale * x x^T) x."""
    def reference(x, weights):
        scale = weights[0] if use_scale else 1.0
        scores = scale * np.einsum("bqd,bvd->bqv", x, x)
        return np.einsum("bqv,bvd->bqd", softmax(scores), x)
    return reference


def additive_attention(x, weights):
    """layers.AdditiveAttention(query=x, value=x), use_scale=True."""
    (scale,) = weights
    scores = (scale * np.tanh(x[:, :, None, :] + x[:, None, :, :])).sum(-1)
    return np.einsum("bqv,bvd->bqd", softmax(scores), x)


def bidirectional_lstm(x, weights):
    """Bidirectional(LSTM(units), merge_mode="concat"): forward then reversed."""
    forward, backward = weights[:3], weights[3:]
    return np.concatenate([lstm()(x, forward), lstm()(x[:, ::-1], backward)], axis=-1)


def time_distributed_dense(x, weights):
    kernel, bias = weights
    return x @ kernel + bias
