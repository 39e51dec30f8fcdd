"""`Reshape`: gives each sample a new shape."""

import math

from kerasish import ops
from kerasish.layers.layer import Layer


class Reshape(Layer):
    """Reshapes each sample to `target_shape` (batch axis untouched); one
    entry may be -1 to be inferred.

    Values keep their row-major (C) order, as with `np.reshape`.

    Args:
        target_shape: the new shape of one sample, a tuple of positive ints
            with at most one -1.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape whose non-batch sizes multiply to the product of `target_shape` (a
        -1 in `target_shape` takes whatever size makes them equal).

    Output shape:
        `(batch_size,) + target_shape`, with the -1 resolved.

    Raises:
        ValueError: if `target_shape` has more than one -1 or another
            non-positive entry; when called, if the sample size does not fit it.

    Examples:
        >>> keras.layers.Reshape((3, -1))(np.ones((2, 6))).shape
        (2, 3, 2)
        >>> keras.Sequential([keras.Input(shape=(12,)), keras.layers.Reshape((3, 4))]).output_shape
        (None, 3, 4)
    """

    built_at_init = True  # as in Keras: no build_config

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        target_shape = tuple(target_shape)
        if sum(1 for d in target_shape if d == -1) > 1:
            raise ValueError(
                "There must be at most one unknown dimension (-1) in `target_shape`. "
                f"Received: target_shape={target_shape}."
            )
        if any(not isinstance(d, int) or d < -1 for d in target_shape):
            raise ValueError(
                "Each dimension in `target_shape` must be a non-negative integer, or `-1` for "
                f"a single unknown dimension. Received: target_shape={target_shape}."
            )
        if 0 in target_shape:  # Keras takes it; kerasish has no empty axes here
            raise ValueError(
                "The `target_shape` argument must be a tuple of positive integers, with at "
                f"most one value -1. Received: target_shape={target_shape}"
            )
        self.target_shape = target_shape

    def _resolved_shape(self, input_shape):
        sample_shape = tuple(input_shape[1:])
        if any(d is None for d in sample_shape):
            if -1 in self.target_shape:
                return tuple(None if d == -1 else d for d in self.target_shape)
            return self.target_shape
        size = math.prod(sample_shape)
        known = math.prod(d for d in self.target_shape if d != -1)
        if -1 in self.target_shape:
            if known == 0 or size % known != 0:
                self._raise_size_mismatch(sample_shape)
            return tuple(size // known if d == -1 else d for d in self.target_shape)
        if known != size:
            self._raise_size_mismatch(sample_shape)
        return self.target_shape

    def _raise_size_mismatch(self, sample_shape):
        raise ValueError(
            f"The total size of the tensor must be unchanged in layer '{self.name}'. "
            f"Received: input_shape={sample_shape}, target_shape={self.target_shape}"
        )

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + self._resolved_shape(input_shape)

    def call(self, inputs):
        return ops.reshape(inputs, (inputs.shape[0],) + self._resolved_shape(inputs.shape))

    def get_config(self):
        config = super().get_config()
        config["target_shape"] = self.target_shape
        return config
