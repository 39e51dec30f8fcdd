"""`UnitNormalization`: scales each sample to unit L2 norm."""

from kerasish import ops
from kerasish.layers.layer import Layer


def l2_normalize(x, axis, epsilon):
    """`x / max(norm(x), epsilon)` along `axis` (an int or a list of ints),
    as Keras computes it: `x * min(rsqrt(sum(x**2)), 1 / epsilon)`."""
    axis = tuple(axis) if isinstance(axis, (list, tuple)) else axis
    square_sum = ops.sum(ops.square(x), axis=axis, keepdims=True)
    return ops.divide(x, ops.sqrt(ops.maximum(square_sum, epsilon * epsilon)))


def check_axes(axis, input_shape):
    for one_axis in axis if isinstance(axis, (list, tuple)) else [axis]:
        if one_axis >= len(input_shape) or one_axis < -len(input_shape):
            raise ValueError(
                f"Axis {one_axis} is out of bounds for input shape {tuple(input_shape)}. "
                f"Received: axis={axis}"
            )


class UnitNormalization(Layer):
    """Divides each sample by its L2 norm along `axis`, so it has norm 1.

    Args:
        axis: the axis (or list of axes) the norm is taken over; default -1.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape; the L2 norm is taken over the axes in `axis` (default -1, the
        last).

    Output shape:
        The input's shape.

    Raises:
        TypeError: if `axis` is not an int or a list or tuple of ints.
        ValueError: when called, if `axis` is out of the input's range.

    Examples:
        >>> np.asarray(keras.layers.UnitNormalization()(np.array([[3.0, 4.0]])))
        array([[0.6, 0.8]], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(4,)),
        ...                   keras.layers.UnitNormalization()]).output_shape
        (None, 4)
    """

    built_at_init = True  # as in Keras: no build_config

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError(
                "Invalid value for `axis` argument: expected an int or a list/tuple of ints. "
                f"Received: axis={axis}"
            )
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        check_axes(self.axis, inputs.shape)
        return l2_normalize(inputs, self.axis, 1e-12)

    def compute_output_shape(self, input_shape):
        check_axes(self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config
