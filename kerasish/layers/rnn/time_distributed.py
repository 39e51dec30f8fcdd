"""`TimeDistributed`: applies a layer to every timestep of a sequence."""

import inspect

import numpy as np

from kerasish import ops
from kerasish.layers.core.dense import Dense
from kerasish.layers.layer import Layer


class TimeDistributed(Layer):
    """Applies the same layer (the same weights) to every timestep of its input.

    The input is `(batch, timesteps, ...)`; the wrapped layer sees
    `(batch, ...)` slices, one per timestep, and the outputs are stacked
    back along axis 1. A `Dense` layer, which already acts on the last
    axis only, is applied to the whole sequence at once (the same numbers,
    one GEMM).

    Args:
        layer: a layer instance.
        **kwargs: Base layer keyword arguments such as `name`.

    Input shape:
        An array `(batch_size, timesteps, ...)` whose per-step shape the wrapped
        layer accepts.

    Output shape:
        `(batch_size, timesteps) + output`, where `output` is the wrapped layer's
        output shape for one step, without its batch axis.

    Raises:
        ValueError: if `layer` is not a layer; when called, if the input has
            fewer than 3 dimensions or a mask does not match the input's
            batch and timesteps.

    Examples:
        >>> layer = keras.layers.TimeDistributed(keras.layers.Dense(2, name="dense"),
        ...                                      name="per_step")
        >>> layer(np.ones((4, 3, 5), dtype="float32")).shape
        (4, 3, 2)
        >>> [w.path for w in layer.weights]
        ['per_step/dense/kernel', 'per_step/dense/bias']
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                "Please initialize `TimeDistributed` layer with a `keras.layers.Layer` "
                f"instance. Received: {layer}"
            )
        super().__init__(**kwargs)
        self.layer = layer
        self.supports_masking = True

    def _child_input_shape(self, input_shape):
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 3:
            raise ValueError(
                "`TimeDistributed` Layer should be passed an `input_shape` with at least 3 "
                f"dimensions, received: {input_shape}"
            )
        return (input_shape[0], *input_shape[2:])

    def build(self, input_shape):
        child_shape = self._child_input_shape(tuple(input_shape))
        if not self.layer.built:
            self.layer._build_input_shape = child_shape
            self.layer.build(child_shape)
            self.layer.built = True
            for variable in self.layer.weights:  # "time_distributed/dense/kernel"
                variable.path = f"{self.name}/{variable.path}"
        self.built = True

    def compute_output_shape(self, input_shape):
        child_output = self.layer.compute_output_shape(self._child_input_shape(input_shape))
        return (child_output[0], input_shape[1], *child_output[1:])

    def call(self, inputs, training=None, mask=None):
        shape = tuple(np.shape(inputs))
        self._child_input_shape(shape)
        if mask is not None:
            self._check_mask(mask, shape)
        if isinstance(self.layer, Dense):
            return self.layer.call(inputs)
        parameters = inspect.signature(self.layer.call).parameters
        outputs = []
        for t in range(shape[1]):
            kwargs = {}
            if "training" in parameters:
                kwargs["training"] = training
            if "mask" in parameters and mask is not None:
                kwargs["mask"] = np.asarray(mask)[:, t]
            outputs.append(self.layer.call(inputs[:, t], **kwargs))
        return ops.stack(outputs, axis=1)

    def _check_mask(self, mask, input_shape):
        mask_shape = tuple(np.shape(mask))
        if len(mask_shape) < 2:
            raise ValueError(
                "The `mask` passed to the `TimeDistributed` layer must be at least 2D (e.g., "
                f"`(batch_size, timesteps)`), but it has {len(mask_shape)} dimension(s) with "
                f"shape {mask_shape}."
            )
        if mask_shape[:2] != input_shape[:2]:
            raise ValueError(
                f"The `mask` passed to the `TimeDistributed` layer has a shape {mask_shape} "
                f"that is incompatible with the input shape {input_shape}. The first two "
                "dimensions of the mask (batch size and timesteps) must match the input's "
                f"first two dimensions. Expected mask shape prefix: ({input_shape[0]}, "
                f"{input_shape[1]})."
            )

    def get_config(self):
        from kerasish.saving.serialization_lib import serialize_keras_object

        return {**super().get_config(), "layer": serialize_keras_object(self.layer)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kerasish.saving.serialization_lib import deserialize_keras_object

        config = dict(config)
        layer = deserialize_keras_object(config.pop("layer"), custom_objects=custom_objects)
        return cls(layer, **config)
