"""`BatchNormalization`: normalizes with batch statistics in training."""

import numpy as np

from kerasish import constraints, initializers, ops, regularizers
from kerasish.ops.conv import _normalize_with_moments
from kerasish.layers import input_checks
from kerasish.layers.layer import Layer
from kerasish.saving.serialization_lib import serialize_keras_object
from kerasish.layers.input_spec import InputSpec


class BatchNormalization(Layer):
    """Normalizes each channel (along `axis`) to zero mean and unit variance.

    Training (`training=True`, as in `fit`) uses the batch's statistics and
    moves `moving_mean`/`moving_variance` towards them:
    `moving = moving * momentum + batch_stat * (1 - momentum)`.
    Inference uses the moving statistics. A frozen layer (`trainable=False`)
    always runs in inference mode, as in Keras.

    In both modes the output is
    `gamma * (x - mean) / sqrt(variance + epsilon) + beta`, with `gamma` and
    `beta` trainable and of shape `(channels,)`. Batch variances are biased
    (divided by the batch size), as in Keras.

    Args:
        axis: the channel axis, an int (default -1, channels-last); the
            statistics are computed over all other axes.
        momentum: the weight of the old value in the moving statistics'
            update, a float (default 0.99).
        epsilon: added to the variance before the square root (default 1e-3).
        center: whether to add the trainable offset `beta`.
        scale: whether to multiply by the trainable scale `gamma`.
        beta_initializer: initializer of `beta` (default `"zeros"`).
        gamma_initializer: initializer of `gamma` (default `"ones"`).
        moving_mean_initializer: initializer of the moving mean (default `"zeros"`).
        moving_variance_initializer: initializer of the moving variance
            (default `"ones"`).
        beta_regularizer: regularizer of `beta`, or None.
        gamma_regularizer: regularizer of `gamma`, or None.
        beta_constraint: constraint applied to `beta` after updates, or None.
        gamma_constraint: constraint applied to `gamma` after updates, or None.
        synchronized: accepted and recorded for Keras compatibility; kerasish
            runs on one device, where it makes no difference.
        renorm: must be False: batch renormalization is not supported.
        renorm_clipping: recorded in the config only (no renormalization).
        renorm_momentum: recorded in the config only (no renormalization).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape; `axis` (default -1, the channels of `"channels_last"` data) is
        the axis whose entries get their own mean and variance.

    Output shape:
        The input's shape.

    Raises:
        ValueError: if `renorm=True` or `axis` is not an int; when called, if
            `axis` is outside the input's rank, the channel count differs
            from the built one, or a mask is given.

    Examples:
        >>> layer = keras.layers.BatchNormalization(momentum=0.5)
        >>> x = np.array([[1.0, 10.0], [3.0, 30.0]])
        >>> np.asarray(layer(x, training=True))
        array([[-0.9995, -1.    ],
               [ 0.9995,  1.    ]], dtype=float32)
        >>> layer.moving_mean.numpy(), layer.moving_variance.numpy()
        (array([ 1., 10.], dtype=float32), array([ 1. , 50.5], dtype=float32))
        >>> keras.Sequential([keras.Input(shape=(8, 8, 3)),
        ...                   keras.layers.BatchNormalization()]).output_shape
        (None, 8, 8, 3)
    """

    def __init__(
        self,
        axis=-1,
        momentum=0.99,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer="zeros",
        gamma_initializer="ones",
        moving_mean_initializer="zeros",
        moving_variance_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        synchronized=False,
        renorm=False,
        renorm_clipping=None,
        renorm_momentum=0.99,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.supports_masking = True  # the mask passes through, as in Keras
        if renorm:
            raise ValueError("kerasish does not support `renorm=True` in BatchNormalization.")
        if not isinstance(axis, int):
            raise ValueError(
                f"Expected an integer value for `axis`. Received: axis={axis}"
            )
        self.axis = axis
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.synchronized = synchronized
        self.renorm = renorm
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = renorm_momentum

    def _check_axis(self, input_shape):
        rank = len(input_shape)
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Axis {self.axis} is out of bounds for input shape {tuple(input_shape)}. "
                f"Received: axis={self.axis}"
            )

    def build(self, input_shape):
        self._check_axis(input_shape)
        shape = (input_shape[self.axis],)
        self.gamma = self.beta = None
        if self.scale:
            self.gamma = self.add_weight(
                shape=shape, name="gamma", initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
            )
        if self.center:
            self.beta = self.add_weight(
                shape=shape, name="beta", initializer=self.beta_initializer,
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
            )
        self.moving_mean = self.add_weight(
            shape=shape, name="moving_mean", initializer=self.moving_mean_initializer,
            trainable=False,
        )
        self.moving_variance = self.add_weight(
            shape=shape, name="moving_variance",
            initializer=self.moving_variance_initializer, trainable=False,
        )
        self._channels = shape[0]
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: shape[0]})
        self.built = True

    def compute_output_shape(self, input_shape):
        self._check_axis(input_shape)
        if self.built:
            input_checks.check_axis(self, input_shape, self.axis, self._channels)
        return tuple(input_shape)

    def call(self, inputs, training=None, mask=None):
        if mask is not None:
            raise ValueError("kerasish's BatchNormalization does not support masks yet.")
        self.compute_output_shape(inputs.shape)
        rank = len(inputs.shape)
        axis = self.axis % rank
        if training and self.trainable:
            reduction_axes = tuple(a for a in range(rank) if a != axis)
            normalized, mean, variance = _normalize_with_moments(
                inputs, reduction_axes, self.epsilon
            )
            self._update_moving_statistics(mean.reshape(-1), variance.reshape(-1))
            shape = [1] * rank
            shape[axis] = -1
            if self.gamma is not None:
                normalized = ops.multiply(normalized, ops.reshape(self.gamma, shape))
            if self.beta is not None:
                normalized = ops.add(normalized, ops.reshape(self.beta, shape))
            return normalized
        return ops.batch_normalization(
            inputs,
            self.moving_mean,
            self.moving_variance,
            axis=axis,
            offset=self.beta,
            scale=self.gamma,
            epsilon=self.epsilon,
        )

    def _update_moving_statistics(self, mean, variance):
        keep = np.float32(self.momentum)
        self.moving_mean.assign(self.moving_mean.value * keep + mean * (1 - keep))
        self.moving_variance.assign(self.moving_variance.value * keep + variance * (1 - keep))

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "axis": self.axis,
                "momentum": self.momentum,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
                "beta_initializer": serialize_keras_object(self.beta_initializer),
                "gamma_initializer": serialize_keras_object(self.gamma_initializer),
                "moving_mean_initializer": serialize_keras_object(self.moving_mean_initializer),
                "moving_variance_initializer": serialize_keras_object(
                    self.moving_variance_initializer
                ),
                "beta_regularizer": serialize_keras_object(self.beta_regularizer),
                "gamma_regularizer": serialize_keras_object(self.gamma_regularizer),
                "beta_constraint": serialize_keras_object(self.beta_constraint),
                "gamma_constraint": serialize_keras_object(self.gamma_constraint),
                "synchronized": self.synchronized,
                "renorm": self.renorm,
                "renorm_clipping": self.renorm_clipping,
                "renorm_momentum": self.renorm_momentum,
            }
        )
        return config
