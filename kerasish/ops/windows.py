"""Window functions by name, as `scipy.signal.get_window` names them, in
NumPy (kerasish depends on no SciPy). Keras's STFT initializer and
`STFTSpectrogram` accept any window SciPy knows; the ones needing no
parameter are here, plus `("kaiser", beta)`.

`periodic=True` gives the window for spectral analysis (SciPy's
`fftbins=True`): the symmetric window one sample longer, its last sample
dropped.
"""

import numpy as np

# Cosine-sum windows: w[n] = sum_k a_k cos(k * x), x running from -pi to pi.
_COSINE_SUMS = {
    "hann": (0.5, 0.5),
    "hamming": (0.54, 0.46),
    "blackman": (0.42, 0.50, 0.08),
    "blackmanharris": (0.35875, 0.48829, 0.14128, 0.01168),
    "nuttall": (0.3635819, 0.4891775, 0.1365995, 0.0106411),
    "flattop": (0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368),
}

_ALIASES = {
    "hann": ("hann", "han"),
    "hamming": ("hamming", "hamm", "ham"),
    "blackman": ("blackman", "black", "blk"),
    "blackmanharris": ("blackmanharris", "blackharr", "bkh"),
    "nuttall": ("nuttall", "nutl", "nut"),
    "flattop": ("flattop", "flat", "flt"),
    "boxcar": ("boxcar", "box", "ones", "rect", "rectangular"),
    "triang": ("triang", "triangle", "tri"),
    "bartlett": ("bartlett", "bart", "brt"),
    "cosine": ("cosine", "halfcosine"),
    "bohman": ("bohman", "bman", "bmn"),
}
_CANONICAL = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}


def _cosine_sum(coefficients, length):
    x = np.linspace(-np.pi, np.pi, length)
    return sum(a * np.cos(k * x) for k, a in enumerate(coefficients))


def _triang(length):
    n = np.arange(1, (length + 1) // 2 + 1)
    if length % 2 == 0:
        half = (2 * n - 1.0) / length
        return np.concatenate([half, half[::-1]])
    half = 2 * n / (length + 1.0)
    return np.concatenate([half, half[-2::-1]])


def _bartlett(length):
    n = np.arange(length)
    return np.where(n <= (length - 1) / 2.0, 2.0 * n / (length - 1), 2.0 - 2.0 * n / (length - 1))


def _bohman(length):
    x = np.abs(np.linspace(-1, 1, length)[1:-1])
    inner = (1 - x) * np.cos(np.pi * x) + np.sin(np.pi * x) / np.pi
    return np.concatenate([[0.0], inner, [0.0]])


_SHAPES = {
    "boxcar": np.ones,
    "triang": _triang,
    "bartlett": _bartlett,
    "cosine": lambda length: np.sin(np.pi / length * (np.arange(length) + 0.5)),
    "bohman": _bohman,
}


def get_window(window, length, periodic=True):
    """A window of `length` float64 samples, named as SciPy names it.

    Args:
        window: a name (`"hann"`, `"hamming"`, `"blackman"`, `"bartlett"`,
            `"boxcar"`, ... or their SciPy aliases), or `("kaiser", beta)`.
        length: the number of samples.
        periodic: the periodic window (for spectral analysis) when True,
            else the symmetric one.

    Returns:
        A float64 NumPy array of shape `(length,)`.

    Raises:
        ValueError: for a window name it does not know.
    """
    name, parameters = (window[0], tuple(window[1:])) if isinstance(window, tuple) else (
        window, ())
    canonical = _CANONICAL.get(name) if isinstance(name, str) else None
    if canonical is None and name != "kaiser":
        raise ValueError(
            f"Unknown window type. Received: window={window}; expected one of "
            f"{sorted(_ALIASES)} (or their SciPy aliases) or ('kaiser', beta)."
        )
    if name == "kaiser" and len(parameters) != 1:
        raise ValueError(f"The 'kaiser' window needs a beta: ('kaiser', beta). Received: {window}")
    if length <= 1:
        return np.ones(max(length, 0))
    full = length + 1 if periodic else length
    if name == "kaiser":
        values = np.kaiser(full, parameters[0])
    elif canonical in _COSINE_SUMS:
        values = _cosine_sum(_COSINE_SUMS[canonical], full)
    else:
        values = _SHAPES[canonical](full)
    return values[:length]
