"""`MelSpectrogram`: audio signals to mel-scale spectrograms (in decibels by
default), as `keras.layers.MelSpectrogram`.

The signal's short-time Fourier transform (`ops.stft`, frames centred on
their times) gives magnitudes, raised to `mag_exp`; a matrix of triangular
filters, evenly spaced on the HTK mel scale, sums them into `num_mel_bins`
bands; `power_to_db` turns the result into decibels, clipped `top_db` below
the largest value of the whole batch (as Keras clips it).
"""

import numpy as np

from kerasish import ops
from kerasish.layers.layer import Layer

# HTK's mel scale: mel(f) = 1127 ln(1 + f / 700).
_MEL_BREAK_FREQUENCY_HERTZ = 700.0
_MEL_HIGH_FREQUENCY_Q = 1127.0


class MelSpectrogram(Layer):
    """Converts raw audio, `(samples,)` or `(batch, samples)`, into mel
    spectrograms `(num_mel_bins, frames)` or `(batch, num_mel_bins, frames)`.

    A preprocessing layer without weights (differentiable, as in Keras): the frames are
    `sequence_length` samples long, `sequence_stride` apart, centred on
    their times (the signal is reflected at both ends), so there are
    `samples // sequence_stride + 1` of them.

    Args:
        fft_length: the FFT size of each frame.
        sequence_stride: the hop between frames, in samples.
        sequence_length: the window length; `fft_length` by default.
        window: `"hann"`, `"hamming"`, or None for no window.
        sampling_rate: the signal's samples per second.
        num_mel_bins: the number of mel bands.
        min_freq: the lowest frequency of the mel bands, in Hz.
        max_freq: the highest, in Hz; `sampling_rate / 2` by default.
        power_to_db: convert the band powers to decibels.
        top_db: the decibel range kept below the largest value.
        mag_exp: the power the STFT magnitudes are raised to (2: power).
        min_power: the floor of powers before taking logarithms.
        ref_power: the power that is 0 dB.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Audio samples, `(samples,)` for one signal or `(batch_size, samples)`.

    Output shape:
        `(num_mel_bins, frames)` or `(batch_size, num_mel_bins, frames)`, where
        `frames = (samples + sequence_stride + 1) // sequence_stride` (the
        signal is padded at both ends, so frames are centred on the samples).

    Returns:
        A layer computing mel spectrograms.

    Raises:
        ValueError: if `fft_length` is smaller than `sequence_length`.

    Examples:
        >>> layer = keras.layers.MelSpectrogram(
        ...     num_mel_bins=64, sampling_rate=8000, sequence_stride=256, fft_length=2048)
        >>> layer(np.random.uniform(size=(16000,)).astype("float32")).shape
        (64, 63)
        >>> layer(np.random.uniform(size=(2, 16000)).astype("float32")).shape
        (2, 64, 63)
    """

    def __init__(self, fft_length=2048, sequence_stride=512, sequence_length=None,
                 window="hann", sampling_rate=16000, num_mel_bins=128, min_freq=20.0,
                 max_freq=None, power_to_db=True, top_db=80.0, mag_exp=2.0, min_power=1e-10,
                 ref_power=1.0, **kwargs):
        self.fft_length = fft_length
        self.sequence_stride = sequence_stride
        self.sequence_length = sequence_length or fft_length
        if self.fft_length < self.sequence_length:
            raise ValueError(
                "`fft_length` must be greater than or equal to  `sequence_length`. Received: "
                f"`sequence_length`={self.sequence_length}, `fft_length`={self.fft_length}."
            )
        self.window = window
        self.sampling_rate = sampling_rate
        self.num_mel_bins = num_mel_bins
        self.min_freq = min_freq
        self.max_freq = max_freq or int(sampling_rate / 2)
        self.power_to_db = power_to_db
        self.top_db = top_db
        self.mag_exp = mag_exp
        self.min_power = min_power
        self.ref_power = ref_power
        super().__init__(**kwargs)

    def call(self, inputs):
        # The STFT runs in float32 or float64 only, as in Keras's backends.
        compute = self.compute_dtype
        dtype = compute if compute in ("float32", "float64") else "float32"
        signal = ops.cast(inputs, dtype)
        spectrum = self._magnitudes(signal)
        matrix = self.linear_to_mel_weight_matrix(
            self.num_mel_bins, ops.shape(spectrum)[-1], self.sampling_rate, self.min_freq,
            self.max_freq, dtype,
        )
        mel = ops.tensordot(spectrum, matrix, axes=1)
        if self.power_to_db:
            mel = self._decibels(mel)
        return ops.cast(ops.swapaxes(mel, -1, -2), compute)

    def _magnitudes(self, signal):
        real, imag = ops.stft(signal, sequence_length=self.sequence_length,
                              sequence_stride=self.sequence_stride, fft_length=self.fft_length,
                              window=self.window, center=True)
        magnitude = ops.sqrt(ops.add(ops.square(real), ops.square(imag)))
        return ops.power(magnitude, self.mag_exp)

    def _decibels(self, power):
        log_spec = ops.multiply(10.0, ops.log10(ops.maximum(power, self.min_power)))
        reference = np.maximum(np.abs(np.float32(self.ref_power)), np.float32(self.min_power))
        log_spec = ops.subtract(log_spec, 10.0 * np.log10(reference))
        return ops.maximum(log_spec, ops.subtract(ops.max(log_spec), self.top_db))

    def _hertz_to_mel(self, frequencies_hertz):
        return _MEL_HIGH_FREQUENCY_Q * np.log(1.0 + frequencies_hertz / _MEL_BREAK_FREQUENCY_HERTZ)

    def linear_to_mel_weight_matrix(self, num_mel_bins=20, num_spectrogram_bins=129,
                                    sampling_rate=8000, lower_edge_hertz=125.0,
                                    upper_edge_hertz=3800.0, dtype="float32"):
        """The matrix that sums linear-frequency spectrogram bins into mel bands.

        Column `j` is a triangle on the mel scale rising from band `j`'s
        lower edge to 1 at its centre and falling to 0 at its upper edge;
        the edges divide `[lower_edge_hertz, upper_edge_hertz]` evenly in
        mels (HTK's scale). The DC bin's row is zero.

        Args:
            num_mel_bins: the number of mel bands (columns).
            num_spectrogram_bins: the number of linear bins (rows),
                `fft_length // 2 + 1`, spanning 0 to `sampling_rate / 2`.
            sampling_rate: the signal's samples per second.
            lower_edge_hertz: the lowest band's lower edge.
            upper_edge_hertz: the highest band's upper edge.
            dtype: a float dtype for the computation and the result.

        Returns:
            A NumPy array of shape `(num_spectrogram_bins, num_mel_bins)`.
        """
        dtype = np.dtype(dtype)
        nyquist = dtype.type(sampling_rate) / dtype.type(2.0)
        linear_frequencies = np.linspace(0.0, nyquist, num_spectrogram_bins, dtype=dtype)[1:]
        bins_mel = self._hertz_to_mel(linear_frequencies)[:, None]
        edges = np.linspace(self._hertz_to_mel(dtype.type(lower_edge_hertz)),
                            self._hertz_to_mel(dtype.type(upper_edge_hertz)),
                            num_mel_bins + 2, dtype=dtype)
        lower, center, upper = edges[:-2][None], edges[1:-1][None], edges[2:][None]
        rising = (bins_mel - lower) / (center - lower)
        falling = (upper - bins_mel) / (upper - center)
        weights = np.maximum(dtype.type(0), np.minimum(rising, falling))
        return np.pad(weights, [[1, 0], [0, 0]]).astype(dtype)

    def compute_output_shape(self, input_shape):
        *batch, samples = input_shape
        frames = None if samples is None else (
            (samples + self.sequence_stride + 1) // self.sequence_stride)
        return (*batch, self.num_mel_bins, frames)

    def get_config(self):
        config = super().get_config()
        config.update({
            "fft_length": self.fft_length,
            "sequence_stride": self.sequence_stride,
            "sequence_length": self.sequence_length,
            "window": self.window,
            "sampling_rate": self.sampling_rate,
            "num_mel_bins": self.num_mel_bins,
            "min_freq": self.min_freq,
            "max_freq": self.max_freq,
            "power_to_db": self.power_to_db,
            "top_db": self.top_db,
            "mag_exp": self.mag_exp,
            "min_power": self.min_power,
            "ref_power": self.ref_power,
        })
        return config
