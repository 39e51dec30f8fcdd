"""The random ops of `keras.random`: draws from a seed (int, SeedGenerator
or the global state, see `seed_generator.draw_generator`).

Exact streams differ from Keras's (TensorFlow's Philox); the distributions
are the same: compat_tests/test_random_parity.py checks moments and ranges.
"""

import numpy as np

from kerasish import ops
from kerasish.backend import config
from kerasish.backend.tensor import Tensor
from kerasish.random.seed_generator import draw_generator


def _shape(shape):
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(d) for d in shape)


def _float_dtype(dtype, name):
    dtype = np.dtype(dtype or config.floatx())
    if dtype.kind != "f":
        raise ValueError(
            f"`keras.random.{name}` requires a floating point `dtype`. Received: dtype={dtype.name}"
        )
    return dtype


def _plain(x):
    return x.value if isinstance(x, Tensor) else np.asarray(x)


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Draws samples from a normal (Gaussian) distribution.

    Args:
        shape: The shape of the result, an int or a tuple of ints.
        mean: The mean of the distribution. Defaults to 0.
        stddev: The standard deviation. Defaults to 1.
        dtype: A float dtype; None (the default) means floatx().
        seed: An int (the same numbers on every call), a
            `keras.random.SeedGenerator` (new numbers per call, repeatable
            runs) or None (the global state, see
            `keras.utils.set_random_seed`).

    Returns:
        A NumPy array of `shape`.

    Raises:
        ValueError: If `dtype` is not a float dtype or `seed` has the wrong type.

    Examples:
        >>> keras.random.normal((2, 3), seed=1).shape
        (2, 3)
        >>> bool(np.all(keras.random.normal((3,), seed=1) == keras.random.normal((3,), seed=1)))
        True
    """
    dtype = _float_dtype(dtype, "normal")
    rng = draw_generator(seed)
    return (rng.standard_normal(_shape(shape)) * _plain(stddev) + _plain(mean)).astype(dtype)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Draws samples from a uniform distribution on [`minval`, `maxval`).

    Args:
        shape: The shape of the result, an int or a tuple of ints.
        minval: The lower bound, included. Defaults to 0.
        maxval: The upper bound, excluded. Defaults to 1.
        dtype: A float dtype; None (the default) means floatx().
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        A NumPy array of `shape`.

    Raises:
        ValueError: If `dtype` is not a float dtype (use `randint` for
            integers) or `seed` has the wrong type.

    Examples:
        >>> x = keras.random.uniform((1000,), minval=2.0, maxval=3.0, seed=0)
        >>> bool(x.min() >= 2.0 and x.max() < 3.0), x.dtype
        (True, dtype('float32'))
    """
    dtype = np.dtype(dtype or config.floatx())
    if dtype.kind != "f":
        raise ValueError(
            "`keras.random.uniform` requires a floating point `dtype`. Use "
            f"`keras.random.randint` for integers. Received: dtype={dtype.name}"
        )
    rng = draw_generator(seed)
    low, high = _plain(minval), _plain(maxval)
    values = (rng.random(_shape(shape)) * (high - low) + low).astype(dtype)
    # Rounding to a narrower float can reach `maxval`; keep the bound excluded.
    return np.where(values >= high, np.nextafter(np.asarray(high, dtype), -np.inf), values).astype(dtype)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Draws from a normal distribution cut at two standard deviations.

    Values more than two standard deviations from the mean are drawn again,
    as in Keras (so the standard deviation of the result is about
    0.88 * `stddev`).

    Args:
        shape: The shape of the result, an int or a tuple of ints.
        mean: The mean. Defaults to 0.
        stddev: The standard deviation before truncation. Defaults to 1.
        dtype: A float dtype; None (the default) means floatx().
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        A NumPy array of `shape`.

    Raises:
        ValueError: If `dtype` is not a float dtype or `seed` has the wrong type.

    Examples:
        >>> x = keras.random.truncated_normal((1000,), seed=0)
        >>> bool(np.abs(x).max() <= 2.0)
        True
    """
    dtype = _float_dtype(dtype, "truncated_normal")
    rng = draw_generator(seed)
    size = _shape(shape)
    values = rng.standard_normal(size)
    outside = np.abs(values) > 2
    while outside.any():
        values[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(values) > 2
    return (values * _plain(stddev) + _plain(mean)).astype(dtype)


def randint(shape, minval, maxval, dtype="int32", seed=None):
    """Draws integers uniformly from [`minval`, `maxval`).

    Args:
        shape: The shape of the result, an int or a tuple of ints.
        minval: The lowest value, included.
        maxval: The upper bound, excluded.
        dtype: An integer dtype. Defaults to "int32".
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        A NumPy array of `shape` and `dtype`.

    Raises:
        ValueError: If `dtype` is not an integer dtype or `seed` has the wrong type.

    Examples:
        >>> x = keras.random.randint((100,), 0, 3, seed=0)
        >>> sorted(set(x.tolist())), x.dtype
        ([0, 1, 2], dtype('int32'))
    """
    dtype = np.dtype(dtype)
    if dtype.kind not in "iu":
        raise ValueError(
            f"`keras.random.randint` requires an integer `dtype`. Received: dtype={dtype.name}"
        )
    rng = draw_generator(seed)
    return rng.integers(int(minval), int(maxval), size=_shape(shape)).astype(dtype)


def categorical(logits, num_samples, dtype="int32", seed=None):
    """Draws class indices from the categorical distributions given by `logits`.

    Args:
        logits: A 2-D array `(batch, num_classes)` of unnormalized log-probabilities.
        num_samples: How many samples to draw per row.
        dtype: The integer dtype of the result. Defaults to "int32".
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        A NumPy array `(batch, num_samples)` of class indices.

    Raises:
        ValueError: If `logits` is not 2-D or `seed` has the wrong type.

    Examples:
        >>> logits = np.log(np.array([[0.0, 1.0], [1.0, 0.0]]) + 1e-30)
        >>> keras.random.categorical(logits, 3, seed=0)
        array([[1, 1, 1],
               [0, 0, 0]], dtype=int32)
    """
    logits = np.asarray(_plain(logits), dtype=np.float64)
    if logits.ndim != 2:
        raise ValueError(
            "`logits` should be a 2-D tensor with shape [batch_size, num_classes]. "
            f"Received: logits={logits.shape}"
        )
    rng = draw_generator(seed)
    # The Gumbel-max trick: argmax(logits + Gumbel noise) is a draw.
    noise = -np.log(-np.log(rng.random((logits.shape[0], int(num_samples), logits.shape[1]))))
    return np.argmax(logits[:, None, :] + noise, axis=-1).astype(dtype)


def dropout(inputs, rate, noise_shape=None, seed=None):
    """Zeroes each element with probability `rate` and scales the rest by `1 / (1 - rate)`.

    Differentiable in `inputs` (the gradient passes through the kept
    elements, scaled the same way), as the Dropout layer uses it.

    Args:
        inputs: A Tensor, NumPy array or list.
        rate: The probability of dropping an element, in [0, 1].
        noise_shape: The shape of the keep/drop mask, broadcast against
            `inputs` (to drop whole channels or time steps); None means the
            shape of `inputs`. Entries may be None for "as in `inputs`".
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        An array of the shape and dtype of `inputs`: a Tensor when `inputs`
        needs a gradient, else a NumPy array.

    Raises:
        ValueError: If `rate` is outside [0, 1] or `seed` has the wrong type.

    Examples:
        >>> x = keras.random.dropout(np.ones((1, 6), dtype="float32"), 0.5, seed=1)
        >>> sorted(set(np.asarray(x).ravel().tolist()))
        [0.0, 2.0]
    """
    if not 0 <= rate <= 1:
        raise ValueError(f"Invalid value received for argument `rate`: it must be in [0, 1]. "
                         f"Received: rate={rate}")
    shape = np.shape(_plain(inputs))
    dtype = np.asarray(_plain(inputs)).dtype
    if rate == 1:
        return ops.zeros_like(inputs)
    if rate == 0:
        return inputs
    if noise_shape is None:
        noise_shape = shape
    else:
        noise_shape = tuple(s if n is None else n for n, s in zip(noise_shape, shape))
    keep = draw_generator(seed).random(noise_shape) >= rate
    scale = (keep / (1 - rate)).astype(dtype if dtype.kind == "f" else config.floatx())
    return ops.multiply(inputs, scale)


def shuffle(x, axis=0, seed=None):
    """Shuffles `x` along `axis` (the slices along the other axes stay whole).

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis to shuffle. Defaults to 0.
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        An array of the shape and dtype of `x` (a Tensor, with gradients, when
        `x` needs one).

    Raises:
        ValueError: If `seed` has the wrong type.

    Examples:
        >>> x = keras.random.shuffle(np.arange(5), seed=0)
        >>> sorted(x.tolist())
        [0, 1, 2, 3, 4]
    """
    size = np.shape(_plain(x))[axis]
    order = draw_generator(seed).permutation(size)
    return ops.take(x, order, axis=axis)


def gamma(shape, alpha, dtype=None, seed=None):
    """Draws from a gamma distribution with shape `alpha` and scale 1.

    Args:
        shape: The shape of the result, an int or a tuple of ints.
        alpha: The shape parameter (a float, or an array broadcast to `shape`).
        dtype: A float dtype; None (the default) means floatx().
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        A NumPy array of `shape`.

    Raises:
        ValueError: If `dtype` is not a float dtype or `seed` has the wrong type.

    Examples:
        >>> x = keras.random.gamma((20000,), alpha=2.0, seed=0)
        >>> round(float(x.mean()), 1)
        2.0
    """
    dtype = _float_dtype(dtype, "gamma")
    return draw_generator(seed).gamma(_plain(alpha), size=_shape(shape)).astype(dtype)


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    """Draws from binomial distributions: successes in `counts` trials of probability `probabilities`.

    Args:
        shape: The shape of the result, an int or a tuple of ints.
        counts: The number of trials (a number, or an array broadcast to `shape`).
        probabilities: The success probability of each trial (likewise).
        dtype: A float dtype, as in Keras; None (the default) means floatx().
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        A NumPy array of `shape` holding whole numbers.

    Raises:
        ValueError: If `dtype` is not a float dtype or `seed` has the wrong type.

    Examples:
        >>> x = keras.random.binomial((4,), counts=10, probabilities=0.0, seed=0)
        >>> x
        array([0., 0., 0., 0.], dtype=float32)
    """
    dtype = _float_dtype(dtype, "binomial")
    rng = draw_generator(seed)
    counts = np.asarray(_plain(counts)).astype(np.int64)
    return rng.binomial(counts, _plain(probabilities), size=_shape(shape)).astype(dtype)


def beta(shape, alpha, beta, dtype=None, seed=None):
    """Draws from a beta distribution with parameters `alpha` and `beta`: values in [0, 1].

    Args:
        shape: The shape of the result, an int or a tuple of ints.
        alpha: The first concentration (a float, or an array broadcast to `shape`).
        beta: The second concentration (likewise).
        dtype: A float dtype; None (the default) means floatx().
        seed: An int, a `SeedGenerator` or None (see `normal`).

    Returns:
        A NumPy array of `shape`.

    Raises:
        ValueError: If `dtype` is not a float dtype or `seed` has the wrong type.

    Examples:
        >>> x = keras.random.beta((20000,), alpha=2.0, beta=2.0, seed=0)
        >>> round(float(x.mean()), 1)
        0.5
    """
    dtype = _float_dtype(dtype, "beta")
    rng = draw_generator(seed)
    return rng.beta(_plain(alpha), _plain(beta), size=_shape(shape)).astype(dtype)
