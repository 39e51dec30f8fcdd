"""`STFTSpectrogram`: spectrograms of 1-D signals by strided convolution with
STFT kernels, as `keras.layers.STFTSpectrogram`.

Each input channel is convolved on its own with a real (cosine) and an
imaginary (sine) kernel made by `initializers.STFT`, one output channel per
frequency bin; the output mode combines the two parts (log magnitude,
magnitude, power spectral density, either part, the phase, or both parts).
The kernels are ordinary weights, so the transform can be trained.
"""

import math
import warnings

from kerasish import ops
from kerasish.backend import config as backend_config
from kerasish.utils.dtype_utils import standardize_dtype
from kerasish.backend.conv_primitives import conv_output_length
from kerasish.initializers.stft_initializer import STFT, _SCALINGS
from kerasish.layers import input_checks
from kerasish.layers.layer import Layer
from kerasish.ops.windows import get_window
from kerasish.utils.argument_validation import standardize_data_format

_MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")
_FLOAT_INPUTS = ("float16", "float32", "float64")


class STFTSpectrogram(Layer):
    """Computes the short-time Fourier transform of signals with convolutions,
    and outputs a spectrogram of it.

    Input: `(batch, time, channels)` (`"channels_last"`) or
    `(batch, channels, time)`. Every channel is transformed with the same
    kernels. The output has `fft_length // 2 + 1` frequency bins per channel
    (twice that in `"stft"` mode): `(batch, frames, channels * bins)`, or
    with `expand_dims=True` `(batch, frames, bins, channels)` (channels-first:
    `(batch, channels * bins, frames)` and `(batch, channels, frames, bins)`).

    Args:
        mode: `"log"` (log magnitude, the default), `"magnitude"`, `"psd"`
            (power spectral density), `"real"`, `"imag"`, `"angle"` (the
            phase) or `"stft"` (real and imaginary parts side by side).
        frame_length: the samples per frame (the kernels' length).
        frame_step: the hop between frames; `frame_length // 2` by default.
        fft_length: the FFT size, at least `frame_length`; the next power of
            two from `frame_length` by default.
        window: a window name (`"hann"`, `"hamming"`, ... as SciPy names
            them), an array of `frame_length` weights, or None.
        periodic: use the periodic window rather than the symmetric one.
        scaling: `"density"`, `"spectrum"` or None: the window's
            normalization (see `keras.initializers.STFT`).
        padding: `"valid"` (only whole frames) or `"same"` (zero padding so
            there are `ceil(time / frame_step)` frames).
        expand_dims: give the bins and channels their own axes, as an image.
        data_format: `"channels_last"` or `"channels_first"`; by default
            `keras.config.image_data_format()`.
        **kwargs: Base layer keyword arguments such as `name`, `dtype` and
            `trainable`.

    Input shape:
        3-D: `(batch_size, samples, channels)` with `"channels_last"`, or
        `(batch_size, channels, samples)` with `"channels_first"`.

    Output shape:
        With `bins = fft_length // 2 + 1` (twice that in mode `"stft"`, real
        and imaginary parts) and `frames` the number of windows that fit
        (`padding` as in a Conv1D of size `frame_length` and stride
        `frame_step`): `(batch_size, frames, bins * channels)` or, with
        `"channels_first"`, `(batch_size, bins * channels, frames)`; with
        `expand_dims=True`, `(batch_size, frames, bins, channels)` or
        `(batch_size, channels, frames, bins)`.

    Returns:
        A layer computing the spectrogram.

    Raises:
        ValueError: for a `mode`, `scaling`, `padding`, `window` or
            `data_format` it does not know, a `frame_step` outside
            `[1, frame_length]`, an `fft_length` below `frame_length`, or
            inputs that are not 3-D.
        TypeError: at call time, for inputs that are not float16/32/64.

    Examples:
        >>> layer = keras.layers.STFTSpectrogram(
        ...     mode="log", frame_length=256, frame_step=128, fft_length=512,
        ...     padding="valid", trainable=False)
        >>> layer(np.random.uniform(size=(3, 16000, 1)).astype("float32")).shape
        (3, 124, 257)
        >>> [w.path for w in layer.weights]
        ['stft_spectrogram/real_kernel', 'stft_spectrogram/imag_kernel']
    """

    def __init__(self, mode="log", frame_length=256, frame_step=None, fft_length=None,
                 window="hann", periodic=False, scaling="density", padding="valid",
                 expand_dims=False, data_format=None, **kwargs):
        _check_arguments(mode, frame_length, frame_step, fft_length, window, scaling, padding)
        super().__init__(**kwargs)
        self.mode = mode
        self.frame_length = frame_length
        self.frame_step = frame_step
        self._frame_step = frame_step or frame_length // 2
        self.fft_length = fft_length
        self._fft_length = fft_length or 2 ** int(math.ceil(math.log2(frame_length)))
        self.window = window
        self.periodic = periodic
        self.scaling = scaling
        self.padding = padding
        self.expand_dims = expand_dims
        self.data_format = standardize_data_format(data_format)

    def build(self, input_shape):
        input_checks.check_ndim(self, input_shape, ndim=3)
        shape = (self.frame_length, 1, self._fft_length // 2 + 1)
        for side in ("real", "imag"):
            if self.mode != {"real": "imag", "imag": "real"}[side]:
                setattr(self, f"{side}_kernel", self.add_weight(
                    name=f"{side}_kernel", shape=shape,
                    initializer=STFT(side, self.window, self.scaling, self.periodic),
                ))

    def call(self, inputs):
        dtype = standardize_dtype(inputs.dtype)
        if dtype not in _FLOAT_INPUTS:
            raise TypeError(
                "Invalid input type. Expected `float16`, `float32` or `float64`. "
                f"Received: input type={dtype}"
            )
        real = self._convolve(inputs, self.real_kernel) if self.mode != "imag" else None
        imag = self._convolve(inputs, self.imag_kernel) if self.mode != "real" else None
        if self.mode in ("real", "imag"):
            return self._arrange(real if self.mode == "real" else imag)
        if self.mode == "angle":
            return self._arrange(ops.arctan2(imag, real))
        if self.mode == "stft":
            return self._arrange(ops.concatenate([real, imag], axis=2))
        power = ops.add(ops.square(real), ops.square(imag))
        if self.mode == "psd":
            # One-sided spectrum: every bin but DC and Nyquist counts twice.
            inner = ops.pad(power[:, :, 1:-1, :], [[0, 0], [0, 0], [1, 1], [0, 0]])
            return self._arrange(ops.add(power, inner))
        epsilon = backend_config.epsilon()
        magnitude = self._arrange(ops.sqrt(ops.maximum(power, epsilon)))
        if self.mode == "magnitude":
            return magnitude
        return ops.log(ops.maximum(magnitude, epsilon))

    def _convolve(self, inputs, kernel):
        """Each channel of each signal convolved alone: (batch, channels, bins, frames)."""
        if self.data_format == "channels_last":
            _, time, channels = ops.shape(inputs)
            signals = ops.reshape(ops.transpose(inputs, [0, 2, 1]), [-1, time, 1])
        else:
            _, channels, time = ops.shape(inputs)
            signals = ops.reshape(inputs, [-1, 1, time])
        outputs = ops.conv(signals, ops.cast(kernel, signals.dtype), strides=self._frame_step,
                           padding=self.padding, data_format=self.data_format)
        if self.data_format == "channels_last":
            outputs = ops.transpose(outputs, [0, 2, 1])
        _, bins, frames = ops.shape(outputs)
        return ops.reshape(outputs, [-1, channels, bins, frames])

    def _arrange(self, outputs):
        """(batch, channels, bins, frames) to the layer's output layout."""
        _, channels, bins, frames = ops.shape(outputs)
        if self.expand_dims:
            order = [0, 3, 2, 1] if self.data_format == "channels_last" else [0, 1, 3, 2]
            return ops.transpose(outputs, order)
        outputs = ops.reshape(outputs, [-1, channels * bins, frames])
        if self.data_format == "channels_last":
            return ops.transpose(outputs, [0, 2, 1])
        return outputs

    def compute_output_shape(self, input_shape):
        if self.data_format == "channels_last":
            batch, time, channels = input_shape
        else:
            batch, channels, time = input_shape
        bins = (self._fft_length // 2 + 1) * (2 if self.mode == "stft" else 1)
        frames = conv_output_length(time, self.frame_length, self._frame_step, 1, self.padding)
        if self.expand_dims:
            if self.data_format == "channels_last":
                return (batch, frames, bins, channels)
            return (batch, channels, frames, bins)
        merged = None if channels is None else bins * channels
        if self.data_format == "channels_last":
            return (batch, frames, merged)
        return (batch, merged, frames)

    def get_config(self):
        config = super().get_config()
        config.update({
            "mode": self.mode,
            "frame_length": self.frame_length,
            "frame_step": self.frame_step,
            "fft_length": self.fft_length,
            "window": self.window,
            "periodic": self.periodic,
            "scaling": self.scaling,
            "padding": self.padding,
            "data_format": self.data_format,
            "expand_dims": self.expand_dims,
        })
        return config


def _check_arguments(mode, frame_length, frame_step, fft_length, window, scaling, padding):
    if frame_step is not None and (frame_step > frame_length or frame_step < 1):
        raise ValueError(
            "`frame_step` should be a positive integer not greater than `frame_length`. "
            f"Received frame_step={frame_step}, frame_length={frame_length}"
        )
    if fft_length is not None and fft_length < frame_length:
        raise ValueError(
            "`fft_length` should be not less than `frame_length`. "
            f"Received fft_length={fft_length}, frame_length={frame_length}"
        )
    if fft_length is not None and (fft_length & -fft_length) != fft_length:
        warnings.warn(
            f"`fft_length` is recommended to be a power of two. Received fft_length={fft_length}"
        )
    if mode not in _MODES:
        raise ValueError(
            f"Output mode is invalid, it must be one of {', '.join(_MODES)}. Received: mode={mode}"
        )
    if scaling is not None and scaling not in _SCALINGS:
        raise ValueError(
            "Scaling is invalid, it must be `None`, 'density' or 'spectrum'. "
            f"Received scaling={scaling}"
        )
    if padding not in ("valid", "same"):
        raise ValueError(f"Padding is invalid, it should be 'valid', 'same'. Received: padding={padding}")
    if isinstance(window, (str, tuple)):
        get_window(window, 1)
