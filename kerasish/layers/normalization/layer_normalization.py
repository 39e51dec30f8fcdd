"""`LayerNormalization`: normalizes each sample on its own."""

from kerasish import constraints, initializers, ops, regularizers
from kerasish.layers.layer import Layer
from kerasish.saving.serialization_lib import serialize_keras_object


class LayerNormalization(Layer):
    """Normalizes each sample over `axis` (default the last), then scales by
    `gamma` and shifts by `beta` (weights shaped like the normalized axes).

    The output is `gamma * (x - mean) / sqrt(variance + epsilon) + beta`,
    with mean and (biased) variance taken over `axis` for each sample
    separately, so unlike BatchNormalization it behaves the same in training
    and inference and keeps no moving statistics.

    Args:
        axis: the axis or list of axes to normalize over (default -1).
        epsilon: added to the variance before the square root (default 1e-3).
        center: whether to add the trainable offset `beta`.
        scale: whether to multiply by the trainable scale `gamma`.
        rms_scaling: must be False: RMS normalization is not supported.
        beta_initializer: initializer of `beta` (default `"zeros"`).
        gamma_initializer: initializer of `gamma` (default `"ones"`).
        beta_regularizer: regularizer of `beta`, or None.
        gamma_regularizer: regularizer of `gamma`, or None.
        beta_constraint: constraint applied to `beta` after updates, or None.
        gamma_constraint: constraint applied to `gamma` after updates, or None.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape; the statistics are taken over the axes in `axis` (default -1, the
        last), for each sample separately.

    Output shape:
        The input's shape.

    Raises:
        TypeError: if `axis` is not an int or a list/tuple of ints.
        ValueError: if `rms_scaling=True`; when called, if an axis is outside
            the input's rank.

    Examples:
        >>> layer = keras.layers.LayerNormalization()
        >>> np.asarray(layer(np.array([[1.0, 3.0], [10.0, 30.0]])))
        array([[-0.9995,  0.9995],
               [-1.    ,  1.    ]], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(5, 16)),
        ...                   keras.layers.LayerNormalization()]).output_shape
        (None, 5, 16)
    """

    def __init__(
        self,
        axis=-1,
        epsilon=1e-3,
        center=True,
        scale=True,
        rms_scaling=False,
        beta_initializer="zeros",
        gamma_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.supports_masking = True  # the mask passes through, as in Keras
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError(
                "Expected an int or a list/tuple of ints for the argument 'axis', but "
                f"received: {axis!r}"
            )
        if rms_scaling:
            raise ValueError("kerasish does not support `rms_scaling=True` yet.")
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.rms_scaling = rms_scaling
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)

    def _axes(self, rank):
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        for axis in axes:
            if not -rank <= axis < rank:
                raise ValueError(
                    f"Axis {axis} is out of bounds for input of rank {rank}. "
                    f"Received: axis={self.axis}"
                )
        return sorted(a % rank for a in axes)

    def build(self, input_shape):
        shape = tuple(input_shape[a] for a in self._axes(len(input_shape)))
        if len(shape) == 1:
            shape = (shape[0],)
        self.gamma = self.beta = None
        if self.scale:
            self.gamma = self.add_weight(
                name="gamma", shape=shape, initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
            )
        if self.center:
            self.beta = self.add_weight(
                name="beta", shape=shape, initializer=self.beta_initializer,
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
            )
        self.built = True

    def compute_output_shape(self, input_shape):
        self._axes(len(input_shape))
        return tuple(input_shape)

    def call(self, inputs):
        axes = self._axes(len(inputs.shape))
        return ops.layer_normalization(
            inputs, self.gamma, self.beta, axis=axes, epsilon=self.epsilon
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "axis": self.axis,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
                "rms_scaling": self.rms_scaling,
                "beta_initializer": serialize_keras_object(self.beta_initializer),
                "gamma_initializer": serialize_keras_object(self.gamma_initializer),
                "beta_regularizer": serialize_keras_object(self.beta_regularizer),
                "gamma_regularizer": serialize_keras_object(self.gamma_regularizer),
                "beta_constraint": serialize_keras_object(self.beta_constraint),
                "gamma_constraint": serialize_keras_object(self.gamma_constraint),
            }
        )
        return config
