"""More of `keras.ops.nn`: attention, CTC, multi-hot, PSNR, depth/space
rearrangements, adaptive pooling, separable convolution and fold/unfold,
composed from the differentiable core ops; CTC has its own primitive (the
forward-backward algorithm gives its gradient in closed form).
"""

import numpy as np

from kerasish.backend import config
from kerasish.backend.tensor import Function
from kerasish.ops.array_ops import _gather_by
from kerasish.ops.nn import log_softmax, one_hot, softmax
from kerasish.ops.numpy import (
    _floating,
    _operand,
    _value,
    concatenate,
    matmul,
    max,
    mean,
    multiply,
    reshape,
    square,
    subtract,
    transpose,
    where,
)


def _array(x):
    return np.asarray(_value(x))


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    """Encodes integer labels as multi-hot vectors: 1 for every class present.

    A 2-D `inputs` gives one vector per row; indices outside
    `[0, num_classes)` are ignored.

    Args:
        inputs: Integer labels, 1-D or 2-D.
        num_classes: The number of classes (`num_tokens` is accepted too).
        axis: Where the class axis goes. Defaults to -1.
        dtype: The dtype; None means floatx().
        sparse: Must be False (kerasish has no sparse tensors).
        **kwargs: `num_tokens`, Keras's older name for `num_classes`.

    Returns:
        A NumPy array of multi-hot vectors.

    Raises:
        ValueError: If `num_classes` is missing or `sparse` is True.

    Examples:
        >>> keras.ops.multi_hot(np.array([0, 4]), num_classes=5)
        array([1., 0., 0., 0., 1.], dtype=float32)
    """
    num_classes = kwargs.pop("num_tokens", num_classes)
    if num_classes is None:
        raise ValueError("Argument `num_classes` must be specified.")
    if sparse:
        raise ValueError("kerasish has no sparse tensors: `sparse` must be False.")
    labels = _array(inputs)
    encoded = one_hot(labels, num_classes, axis=axis, dtype=dtype or config.floatx())
    reduction_axis = 1 if labels.ndim > 1 else 0
    return np.max(encoded, axis=reduction_axis)


def psnr(x1, x2, max_val):
    """The peak signal-to-noise ratio between two images: `20 log10(max_val) - 10 log10(mse)`.

    Args:
        x1: The first image(s).
        x2: The second, of the same shape.
        max_val: The largest possible pixel value (1.0 or 255, ...).

    Returns:
        A scalar in decibels (a Tensor when an input needs a gradient).

    Raises:
        ValueError: If the shapes differ.

    Examples:
        >>> round(float(keras.ops.psnr(np.zeros(4, "float32"), np.full(4, 0.1, "float32"), 1.0)), 3)
        20.0
    """
    from kerasish.ops.elementwise import log10

    x1, x2 = _floating(x1), _floating(x2)
    if np.shape(_value(x1)) != np.shape(_value(x2)):
        raise ValueError("Input shapes x1.shape and x2.shape must match for PSNR calculation. "
                         f"Received: x1.shape={np.shape(_value(x1))}, "
                         f"x2.shape={np.shape(_value(x2))}")
    dtype = _array(x2).dtype
    error = mean(square(subtract(x1, x2)))
    return subtract(20 * np.log10(np.asarray(max_val, dtype)), multiply(10.0, log10(error)))


def polar(abs_, angle):
    """Complex numbers from magnitudes and angles: `abs_ * exp(1j * angle)`.

    Args:
        abs_: The magnitudes.
        angle: The angles in radians.

    Returns:
        A complex NumPy array (complex64 from float32).

    Examples:
        >>> keras.ops.polar(np.array([2.0], dtype="float32"), np.array([0.0], dtype="float32"))
        array([2.+0.j], dtype=complex64)
    """
    magnitude, phase = _array(abs_), _array(angle)
    dtype = np.complex128 if np.result_type(magnitude, phase) == np.float64 else np.complex64
    return (magnitude * np.exp(1j * phase)).astype(dtype)


def _channels_last(x, data_format):
    from kerasish.backend import config as backend_config

    data_format = data_format or backend_config.image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError("`data_format` must be 'channels_last' or 'channels_first'. "
                         f"Received: data_format={data_format}")
    return data_format == "channels_last"


def depth_to_space(x, block_size, data_format="channels_last"):
    """Moves channel blocks into spatial blocks: `(b, h, w, c)` to `(b, h*s, w*s, c/s**2)`.

    Args:
        x: A 4-D Tensor, NumPy array or list.
        block_size: The block size s (>= 2).
        data_format: "channels_last" (the default) or "channels_first".

    Returns:
        The rearranged array (a Tensor when `x` needs a gradient).

    Raises:
        ValueError: If `x` is not 4-D or its channels are not divisible by s**2.

    Examples:
        >>> keras.ops.depth_to_space(np.arange(4).reshape(1, 1, 1, 4), 2)[0, :, :, 0]
        array([[0, 1],
               [2, 3]])
    """
    last = _channels_last(x, data_format)

    def rearrange(a):
        if a.ndim != 4:
            raise ValueError(f"Input must be 4D. Received: x.shape={a.shape}")
        if not last:
            a = a.transpose(0, 2, 3, 1)
        b, h, w, c = a.shape
        s = block_size
        if c % (s * s):
            raise ValueError(f"The number of channels ({c}) must be divisible by "
                             f"block_size ** 2 ({s * s}).")
        out = a.reshape(b, h, w, s, s, c // (s * s)).transpose(0, 1, 3, 2, 4, 5)
        out = out.reshape(b, h * s, w * s, c // (s * s))
        return out if last else out.transpose(0, 3, 1, 2)

    return _gather_by(x, rearrange)


def space_to_depth(x, block_size, data_format="channels_last"):
    """Moves spatial blocks into channels: `(b, h, w, c)` to `(b, h/s, w/s, c*s**2)`.

    Args:
        x: A 4-D Tensor, NumPy array or list.
        block_size: The block size s (>= 2).
        data_format: "channels_last" (the default) or "channels_first".

    Returns:
        The rearranged array (a Tensor when `x` needs a gradient).

    Raises:
        ValueError: If `x` is not 4-D or its height or width is not divisible by s.

    Examples:
        >>> keras.ops.space_to_depth(np.arange(4).reshape(1, 2, 2, 1), 2)[0, 0, 0]
        array([0, 1, 2, 3])
    """
    last = _channels_last(x, data_format)

    def rearrange(a):
        if a.ndim != 4:
            raise ValueError(f"Input must be 4D. Received: x.shape={a.shape}")
        if not last:
            a = a.transpose(0, 2, 3, 1)
        b, h, w, c = a.shape
        s = block_size
        if h % s or w % s:
            raise ValueError(f"Height ({h}) and width ({w}) must be divisible by "
                             f"block_size ({s}).")
        out = a.reshape(b, h // s, s, w // s, s, c).transpose(0, 1, 3, 2, 4, 5)
        out = out.reshape(b, h // s, w // s, s * s * c)
        return out if last else out.transpose(0, 3, 1, 2)

    return _gather_by(x, rearrange)


def dot_product_attention(query, key, value, bias=None, mask=None, scale=None, is_causal=False,
                          flash_attention=None, attn_logits_soft_cap=None):
    """Scaled dot-product attention over `(batch, seq, heads, head_dim)` inputs.

    `softmax(query . key * scale + bias, masked) . value`, with key/value
    heads shared between query heads when there are fewer (grouped-query).

    Args:
        query: `(B, T, N, H)`.
        key: `(B, S, K, H)`, K dividing N.
        value: `(B, S, K, H)`.
        bias: Added to the logits `(B, N, T, S)` (broadcast).
        mask: A boolean mask broadcast to `(B, N, T, S)`: False positions are
            left out.
        scale: The logit scale; None means `1 / sqrt(H)`.
        is_causal: Whether position t attends only to positions <= t.
        flash_attention: Must be None or False (no fused kernel here).
        attn_logits_soft_cap: If given, logits become `cap * tanh(logits / cap)`.

    Returns:
        `(B, T, N, H)` (a Tensor when an input needs a gradient).

    Raises:
        ValueError: If the inputs are not 4-D or flash attention is requested.

    Examples:
        >>> q = np.ones((1, 2, 1, 4), dtype="float32")
        >>> keras.ops.dot_product_attention(q, q, q).shape
        (1, 2, 1, 4)
    """
    from kerasish.ops.nn import tanh

    if flash_attention:
        raise ValueError("Flash attention is not supported in kerasish.")
    query, key, value = _floating(query), _floating(key), _floating(value)
    if np.ndim(_value(query)) != 4:
        raise ValueError("`dot_product_attention` only supports 4D inputs. Received: "
                         f"query.shape={np.shape(_value(query))}, key.shape="
                         f"{np.shape(_value(key))}, value.shape={np.shape(_value(value))}.")
    heads, kv_heads = np.shape(_value(query))[2], np.shape(_value(key))[2]
    if kv_heads != heads:
        repeats = np.repeat(np.arange(kv_heads), heads // kv_heads)
        key = _gather_by(key, lambda a: a[:, :, repeats])
        value = _gather_by(value, lambda a: a[:, :, repeats])
    head_dim = np.shape(_value(key))[-1]
    scale = 1.0 / np.sqrt(head_dim) if scale is None else scale
    q = transpose(query, (0, 2, 1, 3))          # B N T H
    k = transpose(key, (0, 2, 3, 1))            # B N H S
    logits = multiply(matmul(q, k), np.asarray(scale, _array(q).dtype))
    if bias is not None:
        logits = logits + _floating(bias)
    if attn_logits_soft_cap is not None:
        logits = multiply(tanh(multiply(logits, 1.0 / attn_logits_soft_cap)),
                          attn_logits_soft_cap)
    keep = None
    if mask is not None:
        keep = _array(mask).astype(bool)
    if is_causal:
        t, s = np.shape(_value(logits))[-2:]
        causal = np.tril(np.ones((t, s), dtype=bool))
        keep = causal if keep is None else keep & causal
    if keep is not None:
        large_negative = np.asarray(np.finfo(_array(logits).dtype).min * 0.7,
                                    _array(logits).dtype)
        logits = where(np.broadcast_to(keep, np.shape(_value(logits))), logits, large_negative)
    probs = softmax(logits, axis=-1)
    encoded = matmul(probs, transpose(value, (0, 2, 1, 3)))   # B N T H
    return transpose(encoded, (0, 2, 1, 3))


class _CTCLoss(Function):
    """The CTC negative log-likelihood per batch row, from log-probabilities
    `(B, T, K)`; the backward is `softmax - posterior` from forward-backward
    (the input is log_softmax'ed logits, so the gradient w.r.t. the logits
    needs the softmax Jacobian: we return it for the logits directly)."""

    def forward(self, logits):
        log_probs = logits - np.log(np.sum(np.exp(logits - logits.max(-1, keepdims=True)),
                                           axis=-1, keepdims=True)) - logits.max(-1, keepdims=True)
        self.log_probs = log_probs
        losses, self.posteriors = [], []
        for b in range(log_probs.shape[0]):
            loss, posterior = _ctc_row(log_probs[b, :self.output_length[b]],
                                       self.target[b, :self.target_length[b]], self.blank)
            losses.append(loss)
            self.posteriors.append(posterior)
        return np.asarray(losses, dtype=logits.dtype)

    def backward(self, grad):
        probs = np.exp(self.log_probs)
        result = np.zeros_like(probs)
        for b, posterior in enumerate(self.posteriors):
            steps = posterior.shape[0]
            result[b, :steps] = (probs[b, :steps] - posterior) * grad[b]
        return (result,)


def _ctc_row(log_probs, labels, blank):
    """(loss, per-step class posteriors) for one sequence, in float64."""
    log_probs = log_probs.astype(np.float64)
    steps, classes = log_probs.shape
    extended = np.full(2 * len(labels) + 1, blank, dtype=np.int64)
    extended[1::2] = labels
    n = len(extended)
    # A label may skip the blank before it unless it repeats the previous label.
    can_skip = np.zeros(n, dtype=bool)
    can_skip[2:] = (extended[2:] != blank) & (extended[2:] != extended[:-2])
    alpha = np.full((steps, n), -np.inf)
    alpha[0, 0] = log_probs[0, extended[0]]
    if n > 1:
        alpha[0, 1] = log_probs[0, extended[1]]
    for t in range(1, steps):
        previous = alpha[t - 1]
        stay = previous
        step = np.concatenate([[-np.inf], previous[:-1]])
        skip = np.where(can_skip, np.concatenate([[-np.inf, -np.inf], previous[:-2]]), -np.inf)
        alpha[t] = np.logaddexp(np.logaddexp(stay, step), skip) + log_probs[t, extended]
    beta = np.full((steps, n), -np.inf)
    beta[-1, -1] = log_probs[-1, extended[-1]]
    if n > 1:
        beta[-1, -2] = log_probs[-1, extended[-2]]
    skip_next = np.concatenate([can_skip[2:], [False, False]])
    for t in range(steps - 2, -1, -1):
        following = beta[t + 1]
        stay = following
        step = np.concatenate([following[1:], [-np.inf]])
        skip = np.where(skip_next, np.concatenate([following[2:], [-np.inf, -np.inf]]), -np.inf)
        beta[t] = np.logaddexp(np.logaddexp(stay, step), skip) + log_probs[t, extended]
    tail = alpha[-1, -1] if n == 1 else np.logaddexp(alpha[-1, -1], alpha[-1, -2])
    occupancy = alpha + beta - log_probs[:, extended]
    posterior = np.zeros((steps, classes))
    for s in range(n):
        posterior[:, extended[s]] += np.exp(occupancy[:, s] - tail)
    return -tail, posterior


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """The CTC loss (negative log-likelihood of the label sequence) per batch row.

    Args:
        target: Integer labels `(batch, max_label_length)`.
        output: Logits `(batch, max_time, num_classes)` (log-softmax is applied).
        target_length: The label length of each row.
        output_length: The number of valid time steps of each row.
        mask_index: The blank class. Defaults to 0.

    Returns:
        The losses `(batch,)` (a Tensor when `output` needs a gradient).

    Raises:
        ValueError: If `output` is not 3-D or `target` not 2-D.

    Examples:
        >>> logits = np.zeros((1, 2, 2), dtype="float32")
        >>> keras.ops.ctc_loss(np.array([[1]]), logits, np.array([1]), np.array([2]))
        array([0.2877], dtype=float32)
    """
    output = _floating(output)
    if np.ndim(_value(output)) != 3 or np.ndim(_value(target)) != 2:
        raise ValueError("`output` must be 3-D (batch, time, classes) and `target` 2-D. "
                         f"Received: output.shape={np.shape(_value(output))}, "
                         f"target.shape={np.shape(_value(target))}")
    return _CTCLoss.apply(output, target=_array(target).astype(np.int64),
                          target_length=_array(target_length).astype(np.int64).reshape(-1),
                          output_length=_array(output_length).astype(np.int64).reshape(-1),
                          blank=int(mask_index))


def ctc_decode(inputs, sequence_lengths, strategy="greedy", beam_width=100, top_paths=1,
               merge_repeated=True, mask_index=0):
    """Decodes CTC outputs: the best label sequence per row.

    With "greedy", the most likely class at each step, repeats merged and
    blanks removed; with "beam_search", a prefix beam search over the
    log-softmax of the inputs.

    Args:
        inputs: Logits `(batch, max_time, num_classes)`.
        sequence_lengths: The number of valid steps of each row.
        strategy: "greedy" (the default) or "beam_search".
        beam_width: The beam size for beam search. Defaults to 100.
        top_paths: How many paths to return (beam search). Defaults to 1.
        merge_repeated: Whether repeated classes merge (greedy). Defaults to True.
        mask_index: The blank class. Defaults to 0.

    Returns:
        A tuple `(decoded, scores)`: int32 `(top_paths, batch, max_time)`
        padded with -1, and float `(batch, top_paths)` scores (the negative
        sum of the best logits for greedy, log-probabilities for beam search).

    Raises:
        ValueError: If `strategy` is unknown.

    Examples:
        >>> logits = np.log(np.array([[[0.1, 0.9], [0.1, 0.9], [0.9, 0.1]]], dtype="float32"))
        >>> decoded, scores = keras.ops.ctc_decode(logits, np.array([3]))
        >>> decoded[0]
        array([[ 1, -1, -1]], dtype=int32)
    """
    logits = _array(inputs).astype(np.float32)
    lengths = _array(sequence_lengths).astype(np.int64).reshape(-1)
    batch, steps, _ = logits.shape
    if strategy == "greedy":
        decoded = np.full((1, batch, steps), -1, dtype=np.int32)
        scores = np.zeros((batch, 1), dtype=np.float32)
        for b in range(batch):
            best = np.argmax(logits[b, :lengths[b]], axis=-1)
            scores[b, 0] = -np.sum(np.max(logits[b, :lengths[b]], axis=-1))
            labels, previous = [], None
            for c in best:
                if c != mask_index and not (merge_repeated and c == previous):
                    labels.append(c)
                previous = c
            decoded[0, b, :len(labels)] = labels
        return decoded, scores
    if strategy == "beam_search":
        log_probs = _array(log_softmax(logits, axis=-1)).astype(np.float64)
        decoded = np.full((top_paths, batch, steps), -1, dtype=np.int32)
        scores = np.zeros((batch, top_paths), dtype=np.float32)
        for b in range(batch):
            paths = _prefix_beam_search(log_probs[b, :lengths[b]], beam_width, mask_index)
            for p, (prefix, score) in enumerate(paths[:top_paths]):
                decoded[p, b, :len(prefix)] = prefix
                scores[b, p] = score
        return decoded, scores
    raise ValueError(f"Invalid strategy {strategy}. Supported values are 'greedy' and "
                     "'beam_search'.")


def _prefix_beam_search(log_probs, beam_width, blank):
    """CTC prefix beam search: each prefix keeps the log-probabilities of
    ending in a blank and in its last label."""
    beams = {(): (0.0, -np.inf)}
    for step in log_probs:
        candidates = {}

        def add(prefix, blank_score, label_score):
            old_blank, old_label = candidates.get(prefix, (-np.inf, -np.inf))
            candidates[prefix] = (np.logaddexp(old_blank, blank_score),
                                  np.logaddexp(old_label, label_score))

        for prefix, (p_blank, p_label) in beams.items():
            total = np.logaddexp(p_blank, p_label)
            add(prefix, total + step[blank], -np.inf)
            for c in range(len(step)):
                if c == blank:
                    continue
                if prefix and prefix[-1] == c:
                    add(prefix, -np.inf, p_label + step[c])
                    add(prefix + (c,), -np.inf, p_blank + step[c])
                else:
                    add(prefix + (c,), -np.inf, total + step[c])
        ranked = sorted(candidates.items(), key=lambda item: -np.logaddexp(*item[1]))
        beams = dict(ranked[:beam_width])
    ranked = sorted(beams.items(), key=lambda item: -np.logaddexp(*item[1]))
    return [(list(prefix), float(np.logaddexp(*scores))) for prefix, scores in ranked]


def _adaptive_pool(inputs, output_size, data_format, reduce):
    x = _operand(inputs)
    last = _channels_last(x, data_format)
    spatial_rank = np.ndim(_value(x)) - 2
    sizes = (output_size,) * spatial_rank if isinstance(output_size, int) else tuple(output_size)
    axes = list(range(1, 1 + spatial_rank)) if last else list(range(2, 2 + spatial_rank))
    for axis, out in zip(axes, sizes):
        length = np.shape(_value(x))[axis]
        pieces = []
        for i in range(out):
            start, end = (i * length) // out, -((-(i + 1) * length) // out)
            index = (slice(None),) * axis + (slice(start, end),)
            pieces.append(reduce(_gather_by(x, lambda a, index=index: a[index]), axis=axis,
                                 keepdims=True))
        x = concatenate(pieces, axis=axis)
    return x


def adaptive_average_pool(inputs, output_size, data_format=None):
    """Average pooling to a fixed output size: bin i of n covers `[floor(i L / n), ceil((i+1) L / n))`.

    Args:
        inputs: `(batch, *spatial, channels)` (or channels first).
        output_size: An int or one int per spatial axis.
        data_format: "channels_last" or "channels_first"; None means the
            configured image data format.

    Returns:
        The pooled array (a Tensor when `inputs` needs a gradient).

    Examples:
        >>> x = np.arange(4, dtype="float32").reshape(1, 4, 1)
        >>> keras.ops.adaptive_average_pool(x, 2)[0, :, 0]
        array([0.5, 2.5], dtype=float32)
    """
    return _adaptive_pool(inputs, output_size, data_format, mean)


def adaptive_max_pool(inputs, output_size, data_format=None):
    """Max pooling to a fixed output size (bins as in `adaptive_average_pool`).

    Args:
        inputs: `(batch, *spatial, channels)` (or channels first).
        output_size: An int or one int per spatial axis.
        data_format: "channels_last" or "channels_first"; None means the
            configured image data format.

    Returns:
        The pooled array (a Tensor when `inputs` needs a gradient).

    Examples:
        >>> x = np.arange(4, dtype="float32").reshape(1, 4, 1)
        >>> keras.ops.adaptive_max_pool(x, 2)[0, :, 0]
        array([1., 3.], dtype=float32)
    """
    return _adaptive_pool(inputs, output_size, data_format, max)


def separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1, padding="valid",
                   data_format=None, dilation_rate=1):
    """A depthwise convolution followed by a 1x1 (pointwise) convolution.

    Args:
        inputs: `(batch, *spatial, channels)` (or channels first).
        depthwise_kernel: `(*kernel, channels, multiplier)`.
        pointwise_kernel: `(1, ..., channels * multiplier, filters)`.
        strides: The depthwise strides. Defaults to 1.
        padding: "valid" (the default) or "same".
        data_format: "channels_last" or "channels_first"; None means the
            configured image data format.
        dilation_rate: The depthwise dilation. Defaults to 1.

    Returns:
        The output (a Tensor when an input needs a gradient).

    Examples:
        >>> x = np.ones((1, 4, 4, 2), dtype="float32")
        >>> keras.ops.separable_conv(x, np.ones((3, 3, 2, 1), "float32"), np.ones((1, 1, 2, 3), "float32")).shape
        (1, 2, 2, 3)
    """
    from kerasish.ops.conv import conv, depthwise_conv

    depthwise = depthwise_conv(inputs, depthwise_kernel, strides=strides, padding=padding,
                               data_format=data_format, dilation_rate=dilation_rate)
    return conv(depthwise, pointwise_kernel, strides=1, padding="valid", data_format=data_format)


def _pair_of(value):
    return (value, value) if isinstance(value, int) else tuple(value)


def _unfold_positions(shape, kernel_size, dilation, padding, stride):
    """Flat positions (1-based, 0 for padding) of every patch element, as
    `(N, C * kh * kw, L)`."""
    n, c, h, w = shape
    (kh, kw), (dh, dw), (ph, pw), (sh, sw) = (_pair_of(v) for v in
                                              (kernel_size, dilation, padding, stride))
    positions = np.arange(1, n * c * h * w + 1).reshape(shape)
    padded = np.pad(positions, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    out_h = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    out_w = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    rows = (np.arange(kh) * dh)[:, None, None, None] + (np.arange(out_h) * sh)[None, None, :, None]
    cols = (np.arange(kw) * dw)[None, :, None, None] + (np.arange(out_w) * sw)[None, None, None, :]
    patches = padded[:, :, rows, cols]  # N C kh kw oh ow
    return patches.reshape(n, c * kh * kw, out_h * out_w)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    """Extracts sliding patches from a `(N, C, H, W)` batch as columns `(N, C*kh*kw, L)`.

    Args:
        x: A 4-D channels-first Tensor, NumPy array or list.
        kernel_size: An int or `(kh, kw)`.
        dilation: An int or pair. Defaults to 1.
        padding: Zero padding on each side, an int or pair. Defaults to 0.
        stride: An int or pair. Defaults to 1.

    Returns:
        The patches (a Tensor when `x` needs a gradient).

    Raises:
        ValueError: If `x` is not 4-D.

    Examples:
        >>> keras.ops.unfold(np.arange(4, dtype="float32").reshape(1, 1, 2, 2), 2)[0, :, 0]
        array([0., 1., 2., 3.], dtype=float32)
    """
    x = _operand(x)
    shape = np.shape(_value(x))
    if len(shape) != 4:
        raise ValueError(f"Input must be a 4D tensor. Received: x.shape={shape}")
    positions = _unfold_positions(shape, kernel_size, dilation, padding, stride)
    return _unfold_gather(x, positions)


def _unfold_gather(x, positions):
    from kerasish.backend import numpy_primitives as N
    from kerasish.backend.tensor import Tensor, is_recording

    if isinstance(x, Tensor) and x.requires_grad and is_recording():
        return N.Gather.apply(x, positions=positions, fill=True)
    values = _array(x)
    flat = np.concatenate([np.zeros(1, values.dtype), values.reshape(-1)])
    return flat[positions]


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """The adjoint of `unfold`: sums patch columns `(N, C*kh*kw, L)` back into `(N, C, H, W)`.

    Args:
        x: The columns, 3-D.
        output_size: `(H, W)` of the result.
        kernel_size: An int or `(kh, kw)`.
        dilation: An int or pair. Defaults to 1.
        padding: An int or pair. Defaults to 0.
        stride: An int or pair. Defaults to 1.

    Returns:
        The image batch (a Tensor when `x` needs a gradient).

    Raises:
        ValueError: If `x` is not 3-D.

    Examples:
        >>> cols = keras.ops.unfold(np.ones((1, 1, 3, 3), "float32"), 2)
        >>> keras.ops.fold(cols, (3, 3), 2)[0, 0]
        array([[1., 2., 1.],
               [2., 4., 2.],
               [1., 2., 1.]], dtype=float32)
    """
    from kerasish.backend import numpy_primitives as N

    x = _operand(x)
    shape = np.shape(_value(x))
    if len(shape) != 3:
        raise ValueError(f"Input must be a 3D tensor. Received: x.shape={shape}")
    kh, kw = _pair_of(kernel_size)
    n, channels = shape[0], shape[1] // (kh * kw)
    h, w = _pair_of(output_size)
    positions = _unfold_positions((n, channels, h, w), kernel_size, dilation, padding, stride)
    dtype = _array(x).dtype
    flat_out = np.zeros(n * channels * h * w + 1, dtype=dtype)
    summed = N.AddAt.apply(flat_out, x, index=(positions,))
    body = summed[1:] if not hasattr(summed, "requires_grad") else _gather_by(
        summed, lambda a: a[1:])
    return reshape(body, (n, channels, h, w))


__all__ = ["multi_hot", "psnr", "polar", "depth_to_space", "space_to_depth",
           "dot_product_attention", "ctc_loss", "ctc_decode", "adaptive_average_pool",
           "adaptive_max_pool", "separable_conv", "unfold", "fold"]
