"""`Normalization`: shifts and scales inputs to zero mean and unit variance."""

import math

import numpy as np

from kerasish import ops
from kerasish.backend import config as backend_config
from kerasish.layers.layer import Layer
from kerasish.layers.preprocessing import adapt_utils


class Normalization(Layer):
    """Computes `(inputs - mean) / sqrt(variance)` per feature along `axis`.

    The mean and variance are either given (`mean=`, `variance=`) or learned
    from data with `adapt()`, which stores them in the non-trainable weights
    `mean`, `variance` and `count` (saved with the model, as in Keras).
    `invert=True` undoes the normalization instead: `mean + inputs * sqrt(variance)`.

    Args:
        axis: the axis (int or tuple of ints) that keeps separate statistics,
            the features axis; -1 by default. None computes one mean and one
            variance over everything.
        mean: the mean to use, a number or an array that broadcasts against
            the kept axes; None to learn it with `adapt()`.
        variance: the variance to use, given together with `mean`.
        invert: whether to apply the inverse transformation.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer whose output has the input's shape.

    Input shape:
        Any shape, usually `(batch_size, ..., features)`; the axes in `axis`
        (default -1) are those with a mean and variance of their own.

    Output shape:
        The input's shape.

    Raises:
        ValueError: if only one of `mean` and `variance` is given, if their
            shapes differ, if `mean` has more axes than `axis`, or (at build)
            if an axis is out of range or of unknown size.

    Examples:
        >>> layer = keras.layers.Normalization()
        >>> layer.adapt(np.array([[1.0], [2.0], [3.0]]))
        >>> np.asarray(layer(np.array([[2.0], [4.0]])))
        array([[0.    ],
               [2.4495]], dtype=float32)
        >>> layer = keras.layers.Normalization(mean=2.0, variance=4.0, invert=True)
        >>> np.asarray(layer(np.array([[1.0]])))
        array([[4.]], dtype=float32)
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, int):
            axis = (axis,)
        else:
            axis = tuple(axis)
        self.axis = axis
        self.input_mean = mean
        self.input_variance = variance
        self.invert = invert
        self.supports_masking = True
        _check_given_statistics(mean, variance, axis)

    # --------------------------------------------------------------- building
    def build(self, input_shape):
        ndim = len(input_shape)
        self._build_input_shape = tuple(input_shape)
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError(
                "All `axis` values must be in the range [-ndim, ndim). "
                f"Received inputs with ndim={ndim}, while axis={self.axis}"
            )
        self._keep_axis = tuple(sorted(a % ndim for a in self.axis))
        for d in self._keep_axis:
            if input_shape[d] is None:
                raise ValueError(
                    "All `axis` values to be kept must have a known shape. Received "
                    f"axis={self.axis}, inputs.shape={tuple(input_shape)}, with unknown axis "
                    f"at index {d}"
                )
        self._reduce_axis = tuple(d for d in range(ndim) if d not in self._keep_axis)
        self._broadcast_shape = [
            input_shape[d] if d in self._keep_axis else 1 for d in range(ndim)
        ]
        self._mean_and_var_shape = tuple(input_shape[d] for d in self._keep_axis)
        if self.input_mean is None:
            # Keras's weights, in its order; `count` is kept for file
            # compatibility (Keras never updates it either).
            self.adapt_mean = self.add_weight(
                name="mean", shape=self._mean_and_var_shape, initializer="zeros", trainable=False
            )
            self.adapt_variance = self.add_weight(
                name="variance", shape=self._mean_and_var_shape, initializer="ones",
                trainable=False,
            )
            self.count = self.add_weight(
                name="count", shape=(), dtype="int64", initializer="zeros", trainable=False
            )
        self.built = True

    def _statistics(self):
        """The mean and variance, shaped to broadcast against the inputs."""
        if self.input_mean is None:
            mean, variance = self.adapt_mean.value, self.adapt_variance.value
        else:
            mean = self._expand_given(np.asarray(self.input_mean))
            variance = self._expand_given(np.asarray(self.input_variance))
        shape = self._broadcast_shape
        dtype = self.compute_dtype
        return (np.broadcast_to(np.reshape(mean, shape) if mean.ndim else mean, shape).astype(dtype),
                np.broadcast_to(np.reshape(variance, shape) if variance.ndim else variance,
                                shape).astype(dtype))

    def _expand_given(self, value):
        """A given mean/variance with fewer axes than kept axes aligns with the last ones."""
        if value.ndim == 0:
            return value
        expanded = [1] * len(self._broadcast_shape)
        for i in range(1, value.ndim + 1):
            expanded[self._keep_axis[-i]] = value.shape[-i]
        return np.broadcast_to(value.reshape(expanded), self._broadcast_shape)

    # ---------------------------------------------------------------- adapting
    def adapt(self, data):
        """Computes the mean and variance of `data` along the reduced axes.

        Batches of an iterable are combined exactly, as Keras combines them.

        Args:
            data: an array, or an iterable of array batches (a list, a
                generator, or a data set yielding `x` or `(x, y)`).

        Raises:
            ValueError: on an empty iterable, non-numeric data, or data whose
                kept axes do not match the shape the layer was built with.
        """
        batches = adapt_utils.batches_of(data)
        first_shape = batches[0].shape
        if not self.built:
            self.build(first_shape)
            self._build_input_shape = tuple(first_shape)
        else:
            self._check_adapt_shape(first_shape)
        if adapt_utils.is_single_array(data):
            # One array: its statistics directly, in its own precision (as Keras).
            array = adapt_utils.check_numeric(batches[0], self)
            if array.size == 0:
                raise ValueError(
                    "adapt() received no data: the array is empty. Expected at least one "
                    f"sample. Received: data.shape={array.shape}"
                )
            self._assign(np.mean(array, axis=self._reduce_axis), np.var(array, axis=self._reduce_axis))
            return
        total_mean = np.zeros(self._mean_and_var_shape, dtype=self.compute_dtype)
        total_var = np.zeros(self._mean_and_var_shape, dtype=self.compute_dtype)
        total_count = 0
        for batch in batches:
            batch = adapt_utils.check_numeric(batch, self).astype(self.compute_dtype)
            self._check_batch_shape(batch.shape)
            batch_count = math.prod(batch.shape[d] for d in self._reduce_axis)
            if batch_count == 0:
                continue
            batch_mean = np.mean(batch, axis=self._reduce_axis)
            batch_var = np.var(batch, axis=self._reduce_axis)
            total_count += batch_count
            batch_weight = batch_count / total_count
            existing_weight = 1.0 - batch_weight
            new_mean = total_mean * existing_weight + batch_mean * batch_weight
            total_var = (total_var + (total_mean - new_mean) ** 2) * existing_weight + (
                batch_var + (batch_mean - new_mean) ** 2) * batch_weight
            total_mean = new_mean
        if total_count == 0:
            raise ValueError(
                "adapt() received no data: every batch is empty. Expected at least one "
                f"sample. Received: data.shape={first_shape}"
            )
        self._assign(total_mean, total_var)

    def _assign(self, mean, variance):
        self.adapt_mean.assign(np.asarray(mean).astype(self.adapt_mean.value.dtype))
        self.adapt_variance.assign(np.asarray(variance).astype(self.adapt_variance.value.dtype))

    def _check_adapt_shape(self, shape):
        if self.input_mean is not None:
            raise ValueError(
                "Cannot adapt a Normalization layer that was given `mean` and `variance`."
            )
        for d in self._keep_axis:
            if shape[d] != self._build_input_shape[d]:
                raise ValueError(
                    f"The layer was built with input_shape={self._build_input_shape}, but "
                    "adapt() is being called with data with an incompatible shape, "
                    f"data.shape={shape}"
                )

    def _check_batch_shape(self, shape):
        for d in self._keep_axis:
            if shape[d] != self._build_input_shape[d]:
                raise ValueError(
                    "adapt() yielded a batch with incompatible shape. Expected "
                    f"{self._build_input_shape}, got {tuple(shape)}."
                )

    # ----------------------------------------------------------------- calling
    def call(self, inputs):
        mean, variance = self._statistics()
        inputs = ops.cast(inputs, self.compute_dtype)
        stddev = np.maximum(np.sqrt(variance), np.asarray(backend_config.epsilon(), variance.dtype))
        if self.invert:
            return ops.add(mean, ops.multiply(inputs, stddev))
        return ops.divide(ops.subtract(inputs, mean), stddev)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({
            "axis": self.axis,
            "invert": self.invert,
            "mean": np.array(self.input_mean).tolist(),
            "variance": np.array(self.input_variance).tolist(),
        })
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("axis"), list):  # JSON turns Keras's tuple into a list
            config["axis"] = tuple(config["axis"])
        return cls(**config)


def _check_given_statistics(mean, variance, axis):
    if (mean is not None) != (variance is not None):
        raise ValueError(
            "When setting values directly, both `mean` and `variance` must be set. "
            f"Received: mean={mean} and variance={variance}"
        )
    if mean is None:
        return
    if np.shape(mean) != np.shape(variance):
        raise ValueError(
            "When setting values directly, `mean` and `variance` must have the same shape. "
            f"Received: mean shape {np.shape(mean)} and variance shape {np.shape(variance)}"
        )
    if len(np.shape(mean)) > len(axis):
        raise ValueError(
            "The rank of `mean` must be less than or equal to the number of axes "
            f"({len(axis)}). Received: mean shape {np.shape(mean)} for axis {axis}"
        )
