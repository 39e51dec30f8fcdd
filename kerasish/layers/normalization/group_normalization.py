"""`GroupNormalization`: normalizes groups of channels within each sample."""

from kerasish import constraints, initializers, ops, regularizers
from kerasish.layers.layer import Layer
from kerasish.layers.normalization.unit_normalization import check_axes
from kerasish.saving.serialization_lib import serialize_keras_object


class GroupNormalization(Layer):
    """Splits the channels into `groups` and normalizes each group of each
    sample to zero mean and unit variance (over its channels and all spatial
    positions), then applies a learned per-channel scale and offset.

    With `groups=1` it is a layer normalization over all axes but the batch;
    with `groups=-1` (one group per channel) an instance normalization. It
    does not depend on the batch, so it behaves the same in training and
    inference.

    Args:
        groups: the number of groups, dividing the number of channels; -1
            means one per channel. Default 32.
        axis: the channel axis; default -1.
        epsilon: added to the variance to avoid dividing by zero (default 1e-3).
        center: whether to learn the offset `beta` (default True).
        scale: whether to learn the scale `gamma` (default True).
        beta_initializer: initializer of `beta` (default `"zeros"`).
        gamma_initializer: initializer of `gamma` (default `"ones"`).
        beta_regularizer: regularizer of `beta`, or None.
        gamma_regularizer: regularizer of `gamma`, or None.
        beta_constraint: constraint of `beta`, or None.
        gamma_constraint: constraint of `gamma`, or None.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        An array of rank 2 or more whose `axis` (default -1, the channels) has a
        size divisible by `groups`, such as `(batch_size, height, width, channels)`.

    Output shape:
        The input's shape.

    Raises:
        ValueError: if `groups` is neither a positive int nor -1; when built,
            if the channel axis is unknown, smaller than `groups` or not
            divisible by it.

    Examples:
        >>> layer = keras.layers.GroupNormalization(groups=2)
        >>> x = np.array([[[0.0, 2.0, 10.0, 30.0]]])  # groups: channels 0-1 and 2-3
        >>> np.asarray(layer(x)).round(3)
        array([[[-1.,  1., -1.,  1.]]], dtype=float32)
        >>> [w.name for w in layer.weights]
        ['gamma', 'beta']
        >>> keras.Sequential([keras.Input(shape=(8, 8, 4)), layer]).output_shape
        (None, 8, 8, 4)
    """

    def __init__(self, groups=32, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, **kwargs):
        if not isinstance(groups, int) or isinstance(groups, bool) or (groups <= 0 and groups != -1):
            raise ValueError(
                "Received an invalid value for argument `groups`, expected a positive integer "
                f"(or `-1` for instance normalization). Received: groups={groups}"
            )
        super().__init__(**kwargs)
        self.supports_masking = True
        self.groups = groups
        self.axis = axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)

    def build(self, input_shape):
        channels = input_shape[self.axis]
        if channels is None:
            raise ValueError(
                f"Axis {self.axis} of input tensor should have a defined dimension but the "
                f"layer received an input with shape {tuple(input_shape)}."
            )
        if self.groups == -1:
            self.groups = channels
        if channels < self.groups:
            raise ValueError(
                f"Number of groups ({self.groups}) cannot be more than the number of "
                f"channels ({channels})."
            )
        if channels % self.groups != 0:
            raise ValueError(
                f"Number of groups ({self.groups}) must be a multiple of the number of "
                f"channels ({channels})."
            )
        self.gamma = self.beta = None
        if self.scale:
            self.gamma = self.add_weight(
                name="gamma", shape=(channels,), initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
            )
        if self.center:
            self.beta = self.add_weight(
                name="beta", shape=(channels,), initializer=self.beta_initializer,
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
            )
        self.built = True

    def call(self, inputs):
        shape = tuple(inputs.shape)
        axis = self.axis % len(shape)
        channels = shape[axis]
        # (..., channels, ...) -> (..., groups, channels per group, ...)
        grouped_shape = shape[:axis] + (self.groups, channels // self.groups) + shape[axis + 1:]
        grouped = ops.reshape(inputs, grouped_shape)
        reduction = tuple(a for a in range(1, len(grouped_shape)) if a != axis)
        mean = ops.mean(grouped, axis=reduction, keepdims=True)
        variance = ops.mean(ops.square(ops.subtract(grouped, mean)), axis=reduction,
                            keepdims=True)
        normalized = ops.divide(ops.subtract(grouped, mean), ops.sqrt(ops.add(variance, self.epsilon)))
        outputs = ops.reshape(normalized, shape)
        parameter_shape = [1] * len(shape)
        parameter_shape[axis] = channels
        if self.gamma is not None:
            outputs = ops.multiply(outputs, ops.reshape(self.gamma, tuple(parameter_shape)))
        if self.beta is not None:
            outputs = ops.add(outputs, ops.reshape(self.beta, tuple(parameter_shape)))
        return outputs

    def compute_output_shape(self, input_shape):
        check_axes(self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "groups": self.groups,
                "axis": self.axis,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
                "beta_initializer": serialize_keras_object(self.beta_initializer),
                "gamma_initializer": serialize_keras_object(self.gamma_initializer),
                "beta_regularizer": serialize_keras_object(self.beta_regularizer),
                "gamma_regularizer": serialize_keras_object(self.gamma_regularizer),
                "beta_constraint": serialize_keras_object(self.beta_constraint),
                "gamma_constraint": serialize_keras_object(self.gamma_constraint),
            }
        )
        return config
