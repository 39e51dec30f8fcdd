"""`ELU`: the exponential linear unit as a layer."""

from kerasish import activations
from kerasish.layers.layer import Layer


class ELU(Layer):
    """Exponential linear unit: `x` for positive inputs, `alpha * (exp(x) - 1)` otherwise.

    Args:
        alpha: the scale of the negative part (default 1.0).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape.

    Output shape:
        The input's shape.

    Examples:
        >>> np.asarray(keras.layers.ELU()(np.array([[-1.0, 2.0]])))
        array([[-0.6321,  2.    ]], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(5,)), keras.layers.ELU()]).output_shape
        (None, 5)
    """

    built_at_init = True  # as in Keras: no build_config

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        # Keras's ELU records its arguments automatically, `alpha` right after the name.
        config = super().get_config()
        return {"name": config.pop("name"), "alpha": self.alpha, **config}
