"""`RMSNormalization`: scales samples by the inverse of their root mean square."""

from kerasish import ops
from kerasish.layers.layer import Layer
from kerasish.layers.normalization.unit_normalization import check_axes


class RMSNormalization(Layer):
    """Root-mean-square normalization (Zhang & Sennrich, 2019), common in
    transformers: `x / sqrt(mean(x**2, axis) + epsilon) * scale`, with a
    learned `scale` per entry of `axis` (no centering, no offset).

    Args:
        axis: the axis (or list of axes) normalized over; default -1.
        epsilon: added to the mean square (default 1e-6).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape; the root mean square is taken over the axes in `axis` (default
        -1, the last).

    Output shape:
        The input's shape.

    Raises:
        ValueError: when called, if `axis` is out of the input's range.

    Examples:
        >>> layer = keras.layers.RMSNormalization()
        >>> np.asarray(layer(np.array([[3.0, 4.0]]))).round(4)
        array([[0.8485, 1.1314]], dtype=float32)
        >>> layer.scale.shape
        (2,)
        >>> keras.Sequential([keras.Input(shape=(2,)),
        ...                   keras.layers.RMSNormalization()]).output_shape
        (None, 2)
    """

    def __init__(self, axis=-1, epsilon=1e-6, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.epsilon = epsilon

    def build(self, input_shape):
        if isinstance(self.axis, (list, tuple)):
            self.axis = sorted(self.axis)
            shape = tuple(input_shape[dim] for dim in self.axis)
        else:
            shape = (input_shape[self.axis],)
            self.axis = [self.axis]
        self.scale = self.add_weight(name="scale", shape=shape, initializer="ones")
        self.built = True

    def call(self, inputs):
        check_axes(self.axis, inputs.shape)
        axes = tuple(self.axis)
        mean_square = ops.mean(ops.square(inputs), axis=axes, keepdims=True)
        normalized = ops.divide(inputs, ops.sqrt(ops.add(mean_square, self.epsilon)))
        # The scale covers the normalized axes: give it size-1 entries elsewhere.
        rank = len(inputs.shape)
        positive = [a % rank for a in axes]
        scale_shape = [inputs.shape[a] if a in positive else 1 for a in range(rank)]
        return ops.multiply(normalized, ops.reshape(self.scale, tuple(scale_shape)))

    def compute_output_shape(self, input_shape):
        check_axes(self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({"axis": self.axis, "epsilon": self.epsilon})
        return config
