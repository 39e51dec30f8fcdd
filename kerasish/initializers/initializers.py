"""Weight initializers. Each is a callable `(shape, dtype) -> np.ndarray`."""

import math

import numpy as np

from kerasish.backend import config
from kerasish.backend import random as backend_random


class Initializer:
    """Base class of initializers: the starting values of a weight.

    An initializer is called as `initializer(shape, dtype=None)` and returns
    a NumPy array of that shape; layers call it in `build` through their
    `kernel_initializer`, `bias_initializer`, ... arguments, which also take
    the names in `keras.initializers.get`. To write one, override
    `__call__` and, to save it with the model, `get_config`.

    Examples:
        >>> class Halves(keras.initializers.Initializer):
        ...     def __call__(self, shape, dtype=None):
        ...         return np.full(shape, 0.5, dtype=dtype or "float32")
        >>> layer = keras.layers.Dense(2, kernel_initializer=Halves())
        >>> layer.build((None, 3))
        >>> layer.kernel.numpy()
        array([[0.5, 0.5],
               [0.5, 0.5],
               [0.5, 0.5]], dtype=float32)
    """

    def __call__(self, shape, dtype=None):
        raise NotImplementedError

    def get_config(self):
        """The constructor arguments that recreate this initializer, for saving.

        Returns:
            A JSON-serialisable dict; empty for initializers without
            arguments.
        """
        return {}

    @classmethod
    def from_config(cls, config):
        """Creates an initializer from the dict `get_config` returned.

        Args:
            config: the dict of constructor arguments.

        Returns:
            A new initializer of this class.
        """
        return cls(**config)


def _float_dtype(dtype):
    return np.dtype(dtype or config.floatx())


class Zeros(Initializer):
    """Fills weights with 0, the usual bias initializer.

    Examples:
        >>> keras.initializers.Zeros()((2, 2))
        array([[0., 0.],
               [0., 0.]], dtype=float32)
    """

    def __call__(self, shape, dtype=None):
        return np.zeros(shape, dtype=_float_dtype(dtype))


class Ones(Initializer):
    """Fills weights with 1, as for the scale (`gamma`) of normalization layers.

    Examples:
        >>> keras.initializers.Ones()((3,))
        array([1., 1., 1.], dtype=float32)
    """

    def __call__(self, shape, dtype=None):
        return np.ones(shape, dtype=_float_dtype(dtype))


class Constant(Initializer):
    """Fills weights with one constant value.

    Args:
        value: the value, a Python number. Defaults to 0.0.

    Examples:
        >>> keras.initializers.Constant(3.0)((2,))
        array([3., 3.], dtype=float32)
    """

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        return np.full(shape, self.value, dtype=_float_dtype(dtype))

    def get_config(self):
        return {"value": self.value}


class Identity(Initializer):
    """Fills a 2D weight with the identity matrix times `gain`.

    For non-square shapes, the ones run along the main diagonal. Only 2D
    shapes are accepted: calling it with another rank raises a ValueError.

    Args:
        gain: the value on the diagonal. Defaults to 1.0.

    Examples:
        >>> keras.initializers.Identity(gain=2.0)((2, 3))
        array([[2., 0., 0.],
               [0., 2., 0.]], dtype=float32)
    """

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        if len(shape) != 2:
            raise ValueError(
                "Identity matrix initializer can only be used for 2D matrices. "
                f"Received: shape={shape} of rank {len(shape)}."
            )
        return (self.gain * np.eye(*shape)).astype(_float_dtype(dtype))

    def get_config(self):
        return {"gain": self.gain}


class RandomInitializer(Initializer):
    def __init__(self, seed=None):
        if seed is not None and not isinstance(seed, int):
            raise ValueError(
                f"`seed` argument should be an instance of an int or None. Received: seed={seed}"
            )
        self.seed = seed

    def _rng(self):
        return backend_random.make_generator(self.seed)

    def get_config(self):
        return {"seed": self.seed}


def truncated_normal(rng, shape, mean, stddev, dtype):
    """Normal samples redrawn until they fall within two standard deviations."""
    values = rng.standard_normal(shape)
    outside = np.abs(values) > 2
    while outside.any():
        values[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(values) > 2
    return (mean + stddev * values).astype(dtype)


class RandomNormal(RandomInitializer):
    """Draws weights from a normal distribution.

    Args:
        mean: the mean of the distribution. Defaults to 0.0.
        stddev: its standard deviation. Defaults to 0.05.
        seed: an int to make the values reproducible: a seeded initializer
            returns the same values at every call, as in Keras. None
            (default) draws from the global random state (see
            `keras.utils.set_random_seed`). NumPy draws the numbers, so they
            differ from Keras's for the same seed; the distribution is the
            same.

    Raises:
        ValueError: when `seed` is neither an int nor None.

    Examples:
        >>> initializer = keras.initializers.RandomNormal(stddev=1.0, seed=42)
        >>> values = initializer((1000,))
        >>> values.shape, values.dtype, round(float(values.std()), 1)
        ((1000,), dtype('float32'), 1.0)
        >>> bool((initializer((1000,)) == values).all())
        True
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(self, shape, dtype=None):
        values = self._rng().normal(self.mean, self.stddev, shape)
        return values.astype(_float_dtype(dtype))

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class TruncatedNormal(RandomNormal):
    """Draws weights from a normal distribution cut at two standard deviations.

    Values farther than `2 * stddev` from `mean` are drawn again, so none
    lie outside `[mean - 2 stddev, mean + 2 stddev]`, as in Keras.

    Args:
        mean: the mean of the distribution before truncation. Defaults to
            0.0.
        stddev: its standard deviation before truncation. Defaults to 0.05.
        seed: an int to make the values reproducible: a seeded initializer
            returns the same values at every call, as in Keras. None
            (default) draws from the global random state (see
            `keras.utils.set_random_seed`). NumPy draws the numbers, so they
            differ from Keras's for the same seed; the distribution is the
            same.

    Raises:
        ValueError: when `seed` is neither an int nor None.

    Examples:
        >>> values = keras.initializers.TruncatedNormal(stddev=1.0, seed=0)((1000,))
        >>> values.shape, bool(np.abs(values).max() <= 2.0)
        ((1000,), True)
    """
    def __call__(self, shape, dtype=None):
        return truncated_normal(self._rng(), shape, self.mean, self.stddev, _float_dtype(dtype))


class RandomUniform(RandomInitializer):
    """Draws weights uniformly from `[minval, maxval)`.

    Args:
        minval: the lower bound. Defaults to -0.05.
        maxval: the upper bound (excluded). Defaults to 0.05.
        seed: an int to make the values reproducible: a seeded initializer
            returns the same values at every call, as in Keras. None
            (default) draws from the global random state (see
            `keras.utils.set_random_seed`). NumPy draws the numbers, so they
            differ from Keras's for the same seed; the distribution is the
            same.

    Raises:
        ValueError: when `seed` is neither an int nor None.

    Examples:
        >>> values = keras.initializers.RandomUniform(minval=0.0, maxval=1.0, seed=0)((1000,))
        >>> bool(values.min() >= 0.0), bool(values.max() < 1.0)
        (True, True)
    """

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        self.minval, self.maxval = minval, maxval

    def __call__(self, shape, dtype=None):
        values = self._rng().uniform(self.minval, self.maxval, shape)
        return values.astype(_float_dtype(dtype))

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


def compute_fans(shape, input_axes=None, output_axes=None):
    """Returns the number of inputs and outputs each unit of a weight connects.

    For a dense kernel `(in, out)` that is `(in, out)`; for a convolution
    kernel `(*kernel_size, in, out)` both are multiplied by the receptive
    field (the product of `kernel_size`), as in Keras. A vector counts as
    `(n, n)`, a scalar as `(1, 1)`. Variance-scaling initializers use it.

    Args:
        shape: the weight's shape, a tuple of ints.
        input_axes: optional axes whose product is `fan_in`; used (with
            `output_axes`) for weights of other layouts, e.g. einsum
            kernels.
        output_axes: optional axes whose product is `fan_out`.

    Returns:
        A tuple of two ints, `(fan_in, fan_out)`.

    Examples:
        >>> keras.initializers.compute_fans((3, 3, 16, 32))
        (144, 288)
        >>> keras.initializers.compute_fans((4, 5, 6), input_axes=[0], output_axes=[1, 2])
        (4, 30)
    """
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        return math.prod(shape[a] for a in input_axes), math.prod(shape[a] for a in output_axes)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


class VarianceScaling(RandomInitializer):
    """Draws weights with a variance scaled to the weight's size.

    With `n` the fan chosen by `mode` (see `compute_fans`), the target
    variance is `scale / max(1, n)`, and the values come from:

    - "truncated_normal": a normal distribution cut at two standard
      deviations, with stddev `sqrt(scale / n) / 0.8796` (the divisor undoes
      the variance the cut removes);
    - "untruncated_normal": a normal distribution with stddev
      `sqrt(scale / n)`;
    - "uniform": a uniform distribution on `[-limit, limit]` with
      `limit = sqrt(3 * scale / n)`.

    Glorot, He and LeCun initializers are presets of this one.

    Args:
        scale: the scaling factor, a positive float. Defaults to 1.0.
        mode: which fan `n` is: "fan_in" (default), "fan_out" or "fan_avg"
            (their mean).
        distribution: "truncated_normal" (default; "normal" means it too),
            "untruncated_normal" or "uniform".
        seed: an int to make the values reproducible: a seeded initializer
            returns the same values at every call, as in Keras. None
            (default) draws from the global random state (see
            `keras.utils.set_random_seed`). NumPy draws the numbers, so they
            differ from Keras's for the same seed; the distribution is the
            same.
        input_axes: optional axes of the shape that make up `fan_in` (see
            `compute_fans`).
        output_axes: optional axes of the shape that make up `fan_out`.

    Raises:
        ValueError: when `scale` is not positive, `mode` or `distribution`
            is unknown, or `seed` is neither an int nor None.

    Examples:
        >>> initializer = keras.initializers.VarianceScaling(
        ...     scale=2.0, mode="fan_in", distribution="uniform", seed=0)
        >>> values = initializer((200, 100))
        >>> bool(np.abs(values).max() <= np.sqrt(3 * 2.0 / 200))
        True
    """

    # stddev of a standard normal truncated at +-2, to undo the truncation's shrinkage
    _TRUNCATION_STDDEV = 0.87962566103423978

    def __init__(
        self,
        scale=1.0,
        mode="fan_in",
        distribution="truncated_normal",
        seed=None,
        input_axes=None,
        output_axes=None,
    ):
        super().__init__(seed)
        self.input_axes, self.output_axes = input_axes, output_axes
        if scale <= 0.0:
            raise ValueError(
                f"Argument `scale` must be positive float. Received: scale={scale}"
            )
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(
                "Invalid `mode` argument: expected one of {'fan_in', 'fan_out', 'fan_avg'}. "
                f"Received: mode={mode}"
            )
        distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in ("uniform", "truncated_normal", "untruncated_normal"):
            raise ValueError(
                "Invalid `distribution` argument: expected one of {'uniform', "
                "'truncated_normal', 'untruncated_normal'}. "
                f"Received: distribution={distribution}"
            )
        self.scale, self.mode, self.distribution = scale, mode, distribution

    def __call__(self, shape, dtype=None):
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        variance = self.scale / max(1.0, fan)
        dtype = _float_dtype(dtype)
        rng = self._rng()
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(variance) / self._TRUNCATION_STDDEV
            return truncated_normal(rng, shape, 0.0, stddev, dtype)
        if self.distribution == "untruncated_normal":
            return rng.normal(0.0, math.sqrt(variance), shape).astype(dtype)
        limit = math.sqrt(3.0 * variance)
        return rng.uniform(-limit, limit, shape).astype(dtype)

    def get_config(self):
        return {
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "seed": self.seed,
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


def _fixed_variance_scaling(name, scale, mode, distribution, summary, reference):
    """A VarianceScaling preset whose config holds only seed and axes, as in Keras."""
    fan = {"fan_in": "fan_in", "fan_out": "fan_out", "fan_avg": "(fan_in + fan_out) / 2"}[mode]
    if distribution == "uniform":
        rule = (f"Draws uniformly from `[-limit, limit]` with\n    "
                f"`limit = sqrt({3 * scale:g} / n)`, where `n = {fan}`.")
    else:
        rule = (f"Draws from a normal distribution cut at two standard deviations,\n    "
                f"with stddev `sqrt({scale:g} / n) / 0.8796`, where `n = {fan}`.")
    # Either way the values' standard deviation is sqrt(scale / n).
    example_stddev = round(math.sqrt(scale / _EXAMPLE_FAN[mode]), 2)
    doc = f"""{summary}

    {rule}
    This is `VarianceScaling(scale={scale}, mode="{mode}",
    distribution="{distribution}")`, {reference}.

    Args:
{_SEED_DOC}
        input_axes: optional axes of the shape that make up `fan_in` (see
            `compute_fans`).
        output_axes: optional axes of the shape that make up `fan_out`.

    Raises:
        ValueError: when `seed` is neither an int nor None.

    Examples:
        >>> values = keras.initializers.{name}(seed=0)((200, 100))
        >>> values.shape, values.dtype
        ((200, 100), dtype('float32'))
        >>> round(float(values.std()), 2)  # sqrt({scale:g} / {_EXAMPLE_FAN[mode]})
        {example_stddev}
    """

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        VarianceScaling.__init__(
            self, scale, mode, distribution, seed, input_axes=input_axes, output_axes=output_axes
        )

    def get_config(self):
        return {"seed": self.seed, "input_axes": self.input_axes, "output_axes": self.output_axes}

    return type(
        name, (VarianceScaling,), {"__init__": __init__, "get_config": get_config, "__doc__": doc}
    )


# For the generated docstrings: the fan of the (200, 100) example shape.
_EXAMPLE_FAN = {"fan_in": 200, "fan_out": 100, "fan_avg": 150}
_SEED_DOC = """        seed: an int to make the values reproducible: a seeded initializer
            returns the same values at every call, as in Keras. None
            (default) draws from the global random state (see
            `keras.utils.set_random_seed`). NumPy draws the numbers, so they
            differ from Keras's for the same seed; the distribution is the
            same."""

GlorotUniform = _fixed_variance_scaling(
    "GlorotUniform", 1.0, "fan_avg", "uniform",
    "The Glorot (Xavier) uniform initializer, Keras's default for kernels.",
    "after Glorot & Bengio (2010)",
)
GlorotNormal = _fixed_variance_scaling(
    "GlorotNormal", 1.0, "fan_avg", "truncated_normal",
    "The Glorot (Xavier) normal initializer.", "after Glorot & Bengio (2010)",
)
HeUniform = _fixed_variance_scaling(
    "HeUniform", 2.0, "fan_in", "uniform",
    "The He uniform initializer, suited to ReLU layers.", "after He et al. (2015)",
)
HeNormal = _fixed_variance_scaling(
    "HeNormal", 2.0, "fan_in", "truncated_normal",
    "The He normal initializer, suited to ReLU layers.", "after He et al. (2015)",
)
LecunUniform = _fixed_variance_scaling(
    "LecunUniform", 1.0, "fan_in", "uniform",
    "The LeCun uniform initializer, suited to SELU layers.", "after LeCun et al. (1998)",
)
LecunNormal = _fixed_variance_scaling(
    "LecunNormal", 1.0, "fan_in", "truncated_normal",
    "The LeCun normal initializer, suited to SELU layers.", "after LeCun et al. (1998)",
)
for _cls in (GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal):
    _cls.__module__ = __name__


class Orthogonal(RandomInitializer):
    """Fills a weight with a random orthogonal matrix times `gain`.

    The shape is flattened to `(prod(shape[:-1]), shape[-1])`; the result
    has orthonormal columns (or rows, when there are fewer rows than
    columns), from the QR decomposition of a normal random matrix, as in
    Keras. Calling it with fewer than two dimensions raises a ValueError.

    Args:
        gain: the factor applied to the orthogonal matrix. Defaults to 1.0.
        seed: an int to make the values reproducible: a seeded initializer
            returns the same values at every call, as in Keras. None
            (default) draws from the global random state (see
            `keras.utils.set_random_seed`). NumPy draws the numbers, so they
            differ from Keras's for the same seed; the distribution is the
            same.

    Raises:
        ValueError: when `seed` is neither an int nor None.

    Examples:
        >>> q = keras.initializers.Orthogonal(seed=0)((3, 3))
        >>> np.allclose(q.T @ q, np.eye(3), atol=1e-6)
        True
    """

    def __init__(self, gain=1.0, seed=None):
        super().__init__(seed)
        self.gain = gain

    def __call__(self, shape, dtype=None):
        if len(shape) < 2:
            raise ValueError(
                "The tensor to initialize must be at least two-dimensional. "
                f"Received: shape={shape} of rank {len(shape)}."
            )
        rows = math.prod(shape[:-1])
        cols = shape[-1]
        flat = self._rng().standard_normal((max(rows, cols), min(rows, cols)))
        q, r = np.linalg.qr(flat)
        q *= np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return (self.gain * q.reshape(shape)).astype(_float_dtype(dtype))

    def get_config(self):
        return {"gain": self.gain, "seed": self.seed}
