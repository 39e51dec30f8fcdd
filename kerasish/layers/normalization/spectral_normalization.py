"""`SpectralNormalization`: divides a layer's kernel by its largest singular value."""

import numpy as np

from kerasish import initializers
from kerasish.layers.core.wrapper import Wrapper


def _l2_normalized(x, epsilon=1e-7):
    """x / max(norm(x), epsilon) over all entries, as Keras's `normalize(axis=None)`."""
    return x * min(1.0 / np.sqrt(np.sum(np.square(x))), 1.0 / epsilon)


def _unique(variables):
    seen, result = set(), []
    for variable in variables:
        if id(variable) not in seen:
            seen.add(id(variable))
            result.append(variable)
    return result


class SpectralNormalization(Wrapper):
    """Constrains the spectral norm of a layer's kernel (Miyato et al., 2018),
    which stabilizes the training of GAN discriminators.

    In training, each call estimates the kernel's largest singular value by
    `power_iterations` steps of power iteration (the running estimate is the
    non-trainable weight `vector_u`) and divides the kernel by it, in place;
    then the wrapped layer runs. At inference the layer runs unchanged.

    Args:
        layer: a layer with a `kernel` (or `embeddings`) weight, such as
            `Dense` or `Conv2D`.
        power_iterations: the number of power-iteration steps per call (default 1).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        What the wrapped layer accepts.

    Output shape:
        What the wrapped layer returns: the wrapper changes its kernel, not its
        output's shape.

    Raises:
        ValueError: if `power_iterations` is not positive; when built, if the
            layer has neither `kernel` nor `embeddings`.

    Examples:
        >>> layer = keras.layers.SpectralNormalization(keras.layers.Dense(2))
        >>> _ = layer(np.ones((1, 3)), training=True)
        >>> s = np.linalg.svd(layer.layer.kernel.numpy(), compute_uv=False)
        >>> bool(s[0] < 1.5)
        True
        >>> [w.name for w in layer.weights]
        ['kernel', 'vector_u', 'bias']
    """

    def __init__(self, layer, power_iterations=1, **kwargs):
        super().__init__(layer, **kwargs)
        if power_iterations <= 0:
            raise ValueError(
                "`power_iterations` should be greater than zero. Received: "
                f"`power_iterations={power_iterations}`"
            )
        self.power_iterations = power_iterations

    def build(self, input_shape):
        super().build(input_shape)
        if hasattr(self.layer, "kernel"):
            self.kernel = self.layer.kernel
        elif hasattr(self.layer, "embeddings"):
            self.kernel = self.layer.embeddings
        else:
            raise ValueError(
                f"{type(self.layer).__name__} object has no attribute 'kernel' nor 'embeddings'"
            )
        # Keras tracks the kernel as this layer's own weight, before vector_u.
        self._own_variables.append(self.kernel)
        self.kernel_shape = tuple(self.kernel.shape)
        self.vector_u = self.add_weight(
            shape=(1, self.kernel_shape[-1]), initializer=initializers.TruncatedNormal(stddev=0.02),
            trainable=False, name="vector_u", dtype=self.kernel.value.dtype,
        )
        self.built = True

    @property
    def trainable_weights(self):
        """The trainable weights, each once (the kernel is also the wrapped layer's).

        Returns:
            A list of Variables.
        """
        return _unique(super().trainable_weights)

    @property
    def non_trainable_weights(self):
        """The non-trainable weights, each once.

        Returns:
            A list of Variables.
        """
        return _unique(super().non_trainable_weights)

    def call(self, inputs, training=False):
        if training and np.any(self.kernel.value != 0):
            vector_u, kernel = self.normalized_weights()
            self.vector_u.assign(vector_u)
            self.kernel.assign(kernel)
        return self.layer(inputs)

    def normalized_weights(self):
        """The next power-iteration estimate `u` and the kernel divided by its spectral norm.

        Returns:
            A pair of NumPy arrays: the new `vector_u` and the normalized kernel.
        """
        dtype = self.kernel.value.dtype
        weights = self.kernel.value.reshape(-1, self.kernel_shape[-1])
        vector_u = self.vector_u.value
        for _ in range(self.power_iterations):
            vector_v = _l2_normalized(vector_u @ weights.T)
            vector_u = _l2_normalized(vector_v @ weights)
        sigma = (vector_v @ weights) @ vector_u.T
        kernel = (self.kernel.value / sigma).reshape(self.kernel_shape)
        return vector_u.astype(dtype), kernel.astype(dtype)

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self):
        config = super().get_config()
        config["power_iterations"] = self.power_iterations
        return config
