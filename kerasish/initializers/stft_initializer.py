"""`STFT`: convolution kernels that compute a short-time Fourier transform,
as `keras.initializers.STFT` (also exported as `STFTInitializer` and `stft`).

A kernel of shape `(frame_length, 1, bins)` holds, for each frequency bin
`k` and time step `t` of a frame, `cos(-2 pi t k / n)` (the real side) or
`sin(-2 pi t k / n)` (the imaginary side), with `n = 2 * (bins - 1)` the FFT
length, times an optional window divided by its L2 or L1 norm. Convolving a
signal with it at a stride gives the STFT's real or imaginary part frame by
frame. The arithmetic is float32 in the order Keras does it, so the kernels
match Keras's to the last few ulp.
"""

import numpy as np

from kerasish.initializers.initializers import Initializer, _float_dtype
from kerasish.ops.windows import get_window

_SIDES = ("real", "imag")
_SCALINGS = ("density", "spectrum")


class STFT(Initializer):
    """Initializes Conv1D kernels to the real or imaginary part of a
    windowed short-time Fourier transform; `STFTSpectrogram` uses it.

    Args:
        side: `"real"` (cosines) or `"imag"` (sines).
        window: a window name as SciPy names them (`"hann"`, `"hamming"`,
            `"blackman"`, ...), an array of `frame_length` weights, or None
            for no window.
        scaling: `"density"` (divide by the window's L2 norm), `"spectrum"`
            (by its L1 norm) or None.
        periodic: use the periodic window (for spectral analysis) rather
            than the symmetric one.

    Returns:
        An initializer; called with a shape `(frame_length, 1, bins)` it
        returns the kernel as a NumPy array.

    Raises:
        ValueError: for a `side`, `window` or `scaling` it does not know, or
            a window array whose length is not the frame length.

    Examples:
        >>> initializer = keras.initializers.STFT("real", window=None, scaling=None)
        >>> np.round(initializer((4, 1, 3))[:, 0, :]) + 0.0  # cosines of 0, pi/2, pi, ...
        array([[ 1.,  1.,  1.],
               [ 1.,  0., -1.],
               [ 1., -1.,  1.],
               [ 1.,  0., -1.]], dtype=float32)
        >>> keras.initializers.STFT("imag", "hann")((256, 1, 129)).shape
        (256, 1, 129)
    """

    def __init__(self, side="real", window="hann", scaling="density", periodic=False):
        if side not in _SIDES:
            raise ValueError(f"side should be 'real' or 'imag', not {side}")
        if isinstance(window, (str, tuple)):
            get_window(window, 1)  # an unknown name fails here, as in Keras
        if scaling is not None and scaling not in _SCALINGS:
            raise ValueError(
                "Scaling is invalid, it must be `None`, 'density' or 'spectrum'. "
                f"Received scaling={scaling}"
            )
        self.side = side
        self.window = window
        self.scaling = scaling
        self.periodic = periodic

    def __call__(self, shape, dtype=None):
        dtype = _float_dtype(dtype)
        frame_length, _, bins = shape
        fft_length = (bins - 1) * 2
        freq = np.arange(bins, dtype=dtype).reshape(1, 1, bins) / dtype.type(fft_length)
        time = np.arange(frame_length, dtype=dtype).reshape(frame_length, 1, 1)
        angles = (dtype.type(-2) * time * freq) * np.arccos(dtype.type(-1))
        kernel = np.cos(angles) if self.side == "real" else np.sin(angles)
        window = self._window(frame_length, dtype)
        if window is None:
            return kernel.astype(dtype)
        return (kernel * window / self._scale(window)).astype(dtype)

    def _window(self, frame_length, dtype):
        if self.window is None:
            return None
        if isinstance(self.window, (str, tuple)):
            values = get_window(self.window, frame_length, self.periodic)
        else:
            values = np.asarray(self.window)
        values = values.astype(dtype)
        if values.ndim != 1 or values.shape[-1] != frame_length:
            raise ValueError(
                "The shape of `window` must be equal to [frame_length]."
                f"Received: window shape={values.shape}"
            )
        return values.reshape(frame_length, 1, 1)

    def _scale(self, window):
        if self.scaling == "density":
            return np.sqrt(np.sum(np.square(window)))
        if self.scaling == "spectrum":
            return np.sum(np.abs(window))
        return window.dtype.type(1)

    def get_config(self):
        """The constructor arguments.

        Returns:
            A dict with `side`, `window`, `periodic` and `scaling`.
        """
        return {
            "side": self.side,
            "window": self.window,
            "periodic": self.periodic,
            "scaling": self.scaling,
        }


STFTInitializer = STFT
