"""`ActivityRegularization`: adds an L1/L2 penalty on the activity passing through."""

from kerasish import regularizers
from kerasish.layers.layer import Layer


class ActivityRegularization(Layer):
    """Returns its input unchanged and adds `l1 * sum(|x|) + l2 * sum(x**2)`
    (divided by the batch size, as every activity regularizer) to `losses`.

    Args:
        l1: the L1 factor, a non-negative float (default 0).
        l2: the L2 factor, a non-negative float (default 0).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape.

    Output shape:
        The input's shape.

    Examples:
        >>> layer = keras.layers.ActivityRegularization(l1=0.1)
        >>> np.asarray(layer(np.array([[1.0, -3.0]])))
        array([[ 1., -3.]], dtype=float32)
        >>> [round(float(loss), 4) for loss in layer.losses]  # (1 + 3) * 0.1 / batch of 1
        [0.4]
        >>> keras.Sequential([keras.Input(shape=(2,)), layer]).output_shape
        (None, 2)
    """

    built_at_init = True  # as in Keras: no build_config

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.l1 = l1
        self.l2 = l2
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.pop("activity_regularizer", None)
        config.update({"l1": self.l1, "l2": self.l2})
        return config
