"""`RepeatVector`: repeats a vector `n` times along a new time axis."""

from kerasish import ops
from kerasish.layers import input_checks
from kerasish.layers.layer import Layer
from kerasish.utils import validation
from kerasish.layers.input_spec import InputSpec


class RepeatVector(Layer):
    """Turns `(batch, features)` into `(batch, n, features)` by repeating each vector `n` times.

    Often used between an encoder and a recurrent decoder.

    Args:
        n: how many times to repeat, a positive int.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 2-D array `(batch_size, features)`.

    Output shape:
        `(batch_size, n, features)`.

    Raises:
        TypeError: if `n` is not an int.
        ValueError: if `n` is not positive; when called, if the input is
            not 2-D.

    Examples:
        >>> np.asarray(keras.layers.RepeatVector(3)(np.array([[1.0, 2.0]])))
        array([[[1., 2.],
                [1., 2.],
                [1., 2.]]], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(32,)), keras.layers.RepeatVector(3)]).output_shape
        (None, 3, 32)
    """

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=2)
        validation.check_positive_int(n, "n")
        self.n = n

    def compute_output_shape(self, input_shape):
        input_checks.check_ndim(self, input_shape, ndim=2)
        return (input_shape[0], self.n, input_shape[1])

    def call(self, inputs):
        input_checks.check_ndim(self, inputs.shape, ndim=2)
        batch, features = inputs.shape
        return ops.broadcast_to(ops.expand_dims(inputs, 1), (batch, self.n, features))

    def get_config(self):
        config = super().get_config()
        config["n"] = self.n
        return config
