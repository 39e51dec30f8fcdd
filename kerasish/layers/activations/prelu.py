"""`PReLU`: a leaky relu whose negative slopes are learned."""

from kerasish import constraints, initializers, ops, regularizers
from kerasish.layers.layer import Layer
from kerasish.saving.serialization_lib import serialize_keras_object


class PReLU(Layer):
    """Parametric relu: `x` for positive inputs, `alpha * x` otherwise, with
    `alpha` a weight learned per input element.

    The weight `alpha` has the input's shape without the batch axis; axes in
    `shared_axes` get size 1, so one slope serves the whole axis (for
    example `shared_axes=[1, 2]` learns one slope per channel of images).

    Args:
        alpha_initializer: initializer of the slopes (default `"Zeros"`).
        alpha_regularizer: regularizer of the slopes, or None.
        alpha_constraint: constraint of the slopes, or None.
        shared_axes: an int or a list of the axes (counting the batch axis as
            0) along which the slopes are shared, or None.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape; `alpha` has the input's non-batch shape, with size 1 along the
        `shared_axes`.

    Output shape:
        The input's shape.

    Examples:
        >>> layer = keras.layers.PReLU(alpha_initializer=keras.initializers.Constant(0.5))
        >>> np.asarray(layer(np.array([[-2.0, 2.0]])))
        array([[-1.,  2.]], dtype=float32)
        >>> keras.layers.PReLU(shared_axes=[1, 2])(np.ones((1, 4, 4, 3))).shape
        (1, 4, 4, 3)
    """

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif isinstance(shared_axes, (list, tuple)):
            self.shared_axes = list(shared_axes)
        else:
            self.shared_axes = [shared_axes]

    def build(self, input_shape):
        alpha_shape = list(input_shape[1:])
        for axis in self.shared_axes or ():
            alpha_shape[axis - 1] = 1
        self.alpha = self.add_weight(
            name="alpha", shape=tuple(alpha_shape), initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer, constraint=self.alpha_constraint,
        )
        self.built = True

    def call(self, inputs):
        negative_part = ops.multiply(self.alpha, ops.relu(ops.negative(inputs)))
        return ops.subtract(ops.relu(inputs), negative_part)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "alpha_initializer": serialize_keras_object(self.alpha_initializer),
                "alpha_regularizer": serialize_keras_object(self.alpha_regularizer),
                "alpha_constraint": serialize_keras_object(self.alpha_constraint),
                "shared_axes": self.shared_axes,
            }
        )
        return config
