"""`Identity`: a layer that returns its input."""

from kerasish.layers.layer import Layer


class Identity(Layer):
    """Returns its input unchanged: a placeholder, for example where a
    configurable block may skip a step.

    Args:
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape.

    Output shape:
        The input's shape.

    Examples:
        >>> np.asarray(keras.layers.Identity()(np.array([[1.0, 2.0]])))
        array([[1., 2.]], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(3, 5)), keras.layers.Identity()]).output_shape
        (None, 3, 5)
    """

    built_at_init = True  # as in Keras: no build_config

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape
