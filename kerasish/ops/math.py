"""The ops of Keras's `keras.ops` math group: segment reductions, top-k
membership, framing (extract_sequences), and the Fourier transforms (fft,
fft2, ifft2, rfft, irfft, stft, istft), which take and return complex
numbers as `(real, imag)` pairs, as Keras does.
"""

import numpy as np

from kerasish.backend import config
from kerasish.backend import numpy_primitives as N
from kerasish.ops.array_ops import _gather_by, _needs_graph
from kerasish.ops.numpy import _operand, _value


def _array(x):
    return np.asarray(_value(x))


def _segment(ufunc, start, empty, data, segment_ids, num_segments):
    data = _operand(data)
    ids = _array(segment_ids).astype(np.int64).reshape(-1)
    if len(ids) != np.shape(_value(data))[0]:
        raise ValueError("`segment_ids` must have one id per row of `data`. Received: "
                         f"segment_ids.shape={np.shape(_value(segment_ids))}, "
                         f"data.shape={np.shape(_value(data))}")
    if num_segments is None:
        num_segments = int(ids.max()) + 1 if ids.size else 0
    dtype = _array(data).dtype
    limits = np.finfo(dtype) if dtype.kind == "f" else np.iinfo(dtype)
    fill = {"lowest": limits.min, "highest": limits.max}.get(empty, empty)
    initial = {"lowest": limits.min, "highest": limits.max}.get(start, start)
    return N.SegmentReduce.apply(data, ids=ids, num_segments=int(num_segments), ufunc=ufunc,
                                 start=initial, empty=fill)


_SEGMENT_DOC = """{summary}

    Rows of `data` with the same id in `segment_ids` are combined; ids
    outside `[0, num_segments)` are dropped. Differentiable in `data`.

    Args:
        data: A Tensor, NumPy array or list; axis 0 is segmented.
        segment_ids: One integer id per row of `data`.
        num_segments: The number of segments; None means `max(segment_ids) + 1`.
        sorted: Accepted for Keras compatibility (ids need not be sorted).

    Returns:
        An array `(num_segments,) + data.shape[1:]` (a Tensor when `data`
        needs a gradient); {empty_note}

    Raises:
        ValueError: If `segment_ids` does not have one id per row.

    Examples:
        >>> keras.ops.{name}(np.array([1.0, 2.0, 5.0], dtype="float32"), np.array([0, 0, 1]))
        {output}
    """


def _segment_op(name, ufunc, start, empty, summary, empty_note, output):
    def op(data, segment_ids, num_segments=None, sorted=False):
        return _segment(ufunc, start, empty, data, segment_ids, num_segments)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = _SEGMENT_DOC.format(summary=summary, empty_note=empty_note, name=name,
                                     output=output)
    return op


segment_sum = _segment_op("segment_sum", np.add, 0, 0, "Sums the rows of each segment.",
                          "empty segments are 0.", "array([3., 5.], dtype=float32)")
segment_prod = _segment_op("segment_prod", np.multiply, 1, 1,
                           "Multiplies the rows of each segment.",
                           "empty segments are 1.", "array([2., 5.], dtype=float32)")
segment_max = _segment_op("segment_max", np.maximum, "lowest", "lowest",
                          "The element-wise maximum of the rows of each segment.",
                          "empty segments hold the dtype's lowest value, as TensorFlow's.",
                          "array([2., 5.], dtype=float32)")
segment_min = _segment_op("segment_min", np.minimum, "highest", "highest",
                          "The element-wise minimum of the rows of each segment.",
                          "empty segments hold the dtype's highest value, as TensorFlow's.",
                          "array([1., 5.], dtype=float32)")


def in_top_k(targets, predictions, k):
    """Whether each target class is among the `k` highest predictions of its row.

    Ties count in the target's favour (a target tied with the k-th value is in).

    Args:
        targets: Integer class ids `(batch,)`.
        predictions: Scores `(batch, num_classes)`.
        k: How many top classes count.

    Returns:
        A boolean NumPy array `(batch,)`.

    Examples:
        >>> keras.ops.in_top_k(np.array([1, 0]), np.array([[0.1, 0.9, 0.0], [0.2, 0.5, 0.3]]), 1)
        array([ True, False])
    """
    scores = _array(predictions)
    targets = _array(targets).astype(np.int64)
    target_scores = np.take_along_axis(scores, targets[:, None], axis=1)
    higher = np.sum(scores > target_scores, axis=1)
    return (higher < k) & np.isfinite(target_scores[:, 0])


def extract_sequences(x, sequence_length, sequence_stride):
    """Frames of `sequence_length` values taken every `sequence_stride` along the last axis.

    Args:
        x: A Tensor, NumPy array or list.
        sequence_length: The frame length.
        sequence_stride: The step between frame starts.

    Returns:
        An array `(..., num_frames, sequence_length)` (a Tensor when `x` needs
        a gradient).

    Examples:
        >>> keras.ops.extract_sequences(np.arange(5), 2, 2)
        array([[0, 1],
               [2, 3]])
    """
    length = np.shape(_value(x))[-1]
    count = max(0, 1 + (length - sequence_length) // sequence_stride)
    starts = np.arange(count)[:, None] * sequence_stride + np.arange(sequence_length)[None, :]
    return _gather_by(x, lambda a: a[..., starts])


def _pair(x, name):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(f"Input `x` of `{name}` should be a tuple of two tensors - real and "
                         f"imaginary. Received: x={x}")
    real, imag = _array(x[0]), _array(x[1])
    if real.shape != imag.shape:
        raise ValueError("Input `x` should be a tuple of two tensors - real and imaginary. Both "
                         f"the real and imaginary parts should have the same shape. Received: "
                         f"x[0].shape = {real.shape}, x[1].shape = {imag.shape}")
    if real.dtype.kind != "f":
        raise ValueError(f"At least one tensor in input `x` is not of type float. Received: x={x}")
    return real + 1j * imag, real.dtype


def _split_complex(values, dtype):
    return np.real(values).astype(dtype), np.imag(values).astype(dtype)


def fft(x):
    """The discrete Fourier transform along the last axis.

    Args:
        x: A tuple `(real, imag)` of float arrays of one shape.

    Returns:
        A tuple `(real, imag)` of NumPy arrays.

    Raises:
        ValueError: If `x` is not a pair of float arrays of one shape.

    Examples:
        >>> real, imag = keras.ops.fft((np.array([1.0, 0.0], dtype="float32"), np.zeros(2, dtype="float32")))
        >>> real
        array([1., 1.], dtype=float32)
    """
    values, dtype = _pair(x, "fft")
    return _split_complex(np.fft.fft(values, axis=-1), dtype)


def fft2(x):
    """The 2-D discrete Fourier transform over the last two axes.

    Args:
        x: A tuple `(real, imag)` of float arrays of rank >= 2.

    Returns:
        A tuple `(real, imag)` of NumPy arrays.

    Raises:
        ValueError: If `x` is not a pair of float arrays of one shape.

    Examples:
        >>> real, imag = keras.ops.fft2((np.ones((2, 2), dtype="float32"), np.zeros((2, 2), dtype="float32")))
        >>> real
        array([[4., 0.],
               [0., 0.]], dtype=float32)
    """
    values, dtype = _pair(x, "fft2")
    return _split_complex(np.fft.fft2(values, axes=(-2, -1)), dtype)


def ifft2(x):
    """The inverse 2-D discrete Fourier transform over the last two axes.

    Args:
        x: A tuple `(real, imag)` of float arrays of rank >= 2.

    Returns:
        A tuple `(real, imag)` of NumPy arrays.

    Raises:
        ValueError: If `x` is not a pair of float arrays of one shape.

    Examples:
        >>> real, imag = keras.ops.ifft2((np.array([[4.0, 0.0], [0.0, 0.0]], dtype="float32"), np.zeros((2, 2), dtype="float32")))
        >>> real
        array([[1., 1.],
               [1., 1.]], dtype=float32)
    """
    values, dtype = _pair(x, "ifft2")
    return _split_complex(np.fft.ifft2(values, axes=(-2, -1)), dtype)


def rfft(x, fft_length=None):
    """The Fourier transform of a real signal along the last axis (non-negative frequencies).

    Args:
        x: A float Tensor, NumPy array or list.
        fft_length: The transform length (the signal is cut or zero-padded);
            None means the length of the last axis.

    Returns:
        A tuple `(real, imag)`, each `(..., fft_length // 2 + 1)`.

    Examples:
        >>> real, imag = keras.ops.rfft(np.array([1.0, 1.0, 1.0, 1.0], dtype="float32"))
        >>> real
        array([4., 0., 0.], dtype=float32)
    """
    values = _array(x)
    dtype = values.dtype if values.dtype.kind == "f" else np.dtype(config.floatx())
    return _split_complex(np.fft.rfft(values, n=fft_length, axis=-1), dtype)


def irfft(x, fft_length=None):
    """The inverse of `rfft`: a real signal from its non-negative frequencies.

    Args:
        x: A tuple `(real, imag)` of float arrays.
        fft_length: The output length; None means `2 * (n - 1)`.

    Returns:
        A float NumPy array.

    Raises:
        ValueError: If `x` is not a pair of float arrays of one shape.

    Examples:
        >>> keras.ops.irfft((np.array([4.0, 0.0, 0.0], dtype="float32"), np.zeros(3, dtype="float32")))
        array([1., 1., 1., 1.], dtype=float32)
    """
    values, dtype = _pair(x, "irfft")
    return np.fft.irfft(values, n=fft_length, axis=-1).astype(dtype)


def _stft_window(window, sequence_length, fft_length, dtype):
    if window is None:
        win = np.ones(sequence_length)
    elif isinstance(window, str):
        if window not in ("hann", "hamming"):
            raise ValueError('If a string is passed to `window`, it must be one of `"hann"`, '
                             f'`"hamming"`. Received: window={window}')
        # Periodic windows (for spectral analysis), as scipy's get_window.
        n = np.arange(sequence_length)
        a = 0.5 if window == "hann" else 0.54
        win = a - (1 - a) * np.cos(2 * np.pi * n / sequence_length)
    else:
        win = _array(window).astype(np.float64)
        if win.shape != (sequence_length,):
            raise ValueError("The shape of `window` must be equal to [sequence_length]."
                             f"Received: window shape={win.shape}")
    left = (fft_length - sequence_length) // 2
    return np.pad(win, (left, fft_length - sequence_length - left)).astype(dtype)


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    """The short-time Fourier transform of real signals along the last axis.

    Args:
        x: A float32 or float64 signal `(..., samples)`.
        sequence_length: The window (frame) length.
        sequence_stride: The step between frames.
        fft_length: The FFT size (>= `sequence_length`; the window is
            centered in it).
        window: "hann" (the default), "hamming", an array of
            `sequence_length` weights, or None (a rectangular window).
        center: Whether to pad the signal by `fft_length // 2` on both sides
            (reflecting it), so frames are centered on their times.

    Returns:
        A tuple `(real, imag)`, each `(..., num_frames, fft_length // 2 + 1)`.

    Raises:
        TypeError: If `x` is not float32 or float64.
        ValueError: If `fft_length < sequence_length` or `window` is invalid.

    Examples:
        >>> real, imag = keras.ops.stft(np.ones(8, dtype="float32"), 4, 4, 4, window=None, center=False)
        >>> real
        array([[4., 0., 0.],
               [4., 0., 0.]], dtype=float32)
    """
    values = _array(x)
    if values.dtype.name not in ("float32", "float64"):
        raise TypeError("Invalid input type. Expected `float32` or `float64`. "
                        f"Received: input type={values.dtype}")
    if fft_length < sequence_length:
        raise ValueError("`fft_length` must equal or larger than `sequence_length`. Received: "
                         f"sequence_length={sequence_length}, fft_length={fft_length}")
    win = _stft_window(window, sequence_length, fft_length, values.dtype)
    if _needs_graph(x):
        return _stft_by_matmul(x, win, sequence_stride, fft_length, center)
    if center:
        pad = [(0, 0)] * (values.ndim - 1) + [(fft_length // 2, fft_length // 2)]
        values = np.pad(values, pad, mode="reflect")
    frames = extract_sequences(values, fft_length, sequence_stride)
    return _split_complex(np.fft.rfft(frames * win, n=fft_length, axis=-1), values.dtype)


def _stft_by_matmul(x, win, sequence_stride, fft_length, center):
    """`stft` for a signal that needs a gradient: the same transform as a
    product with the DFT's cosines and sines (the real FFT's matrix), after
    reflect-padding by a gather, so every step is a differentiable op."""
    from kerasish.ops.products import matmul

    if center:
        x = _gather_by(x, lambda a: np.pad(a, [(0, 0)] * (a.ndim - 1) + [
            (fft_length // 2, fft_length // 2)], mode="reflect"))
    frames = extract_sequences(x, fft_length, sequence_stride)
    angles = 2 * np.pi * np.outer(np.arange(fft_length), np.arange(fft_length // 2 + 1)) / fft_length
    dtype = win.dtype
    cosines = (win[:, None] * np.cos(angles)).astype(dtype)
    minus_sines = (-win[:, None] * np.sin(angles)).astype(dtype)
    return matmul(frames, cosines), matmul(frames, minus_sines)


def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann",
          center=True):
    """The inverse of `stft`: overlap-adds the windowed inverse FFTs of the frames.

    Args:
        x: A tuple `(real, imag)`, each `(..., num_frames, fft_length // 2 + 1)`.
        sequence_length: The window (frame) length used by `stft`.
        sequence_stride: The step between frames.
        fft_length: The FFT size used by `stft`.
        length: The output length; None keeps it all (minus the centering pad).
        window: The window used by `stft` ("hann", "hamming", an array or None).
        center: Whether `stft` padded the signal (then the pad is removed).

    Returns:
        The real signal as a NumPy array.

    Raises:
        ValueError: If `x` is not a pair of float arrays or `window` is invalid.

    Examples:
        >>> signal = np.arange(16, dtype="float32")
        >>> spectrum = keras.ops.stft(signal, 8, 2, 8)
        >>> np.allclose(keras.ops.istft(spectrum, 8, 2, 8, length=16), signal, atol=1e-4)
        True
    """
    values, dtype = _pair(x, "istft")
    frames = np.fft.irfft(values, n=fft_length, axis=-1)
    win = _stft_window(window, sequence_length, fft_length, np.float64)
    count = frames.shape[-2]
    total = fft_length + sequence_stride * (count - 1)
    signal = np.zeros(frames.shape[:-2] + (total,))
    weight = np.zeros(total)
    for i in range(count):
        start = i * sequence_stride
        signal[..., start:start + fft_length] += frames[..., i, :] * win
        weight[start:start + fft_length] += win * win
    signal = signal / np.where(weight > 1e-10, weight, 1.0)
    start = fft_length // 2 if center else 0
    if length is not None:
        end = start + length
    elif center:
        end = total - fft_length // 2
    else:
        end = total
    return signal[..., start:end].astype(dtype)


__all__ = [name for name, obj in list(globals().items())
           if callable(obj) and getattr(obj, "__module__", None) == __name__
           and not name.startswith("_")]
