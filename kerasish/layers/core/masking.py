"""`Masking`: marks the timesteps whose features all equal a padding value."""

from kerasish import ops
from kerasish.backend.masking import set_keras_mask
from kerasish.layers.layer import Layer


class Masking(Layer):
    """Masks the timesteps of a sequence whose features all equal `mask_value`.

    For an input of shape `(batch, timesteps, features)`, a timestep is
    masked (its mask entry is False) when every feature equals
    `mask_value`; the output is the input with those timesteps set to 0, and
    carries the mask for the layers after it (`GlobalAveragePooling1D`,
    recurrent layers, losses, ...), as in Keras.

    Args:
        mask_value: the padding value, a number (default 0.0).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A sequence batch of rank 3 or more, `(batch_size, timesteps,
        features)`.

    Output shape:
        The input's shape; the mask it carries has shape
        `(batch_size, timesteps)`.

    Raises:
        ValueError: if `mask_value` is not a number.

    Examples:
        >>> x = np.array([[[1.0, 2.0], [0.0, 0.0], [3.0, 0.0]]])
        >>> layer = keras.layers.Masking(mask_value=0.0)
        >>> keras.ops.convert_to_numpy(layer.compute_mask(x, None))
        array([[ True, False,  True]])
        >>> np.asarray(layer(x))
        array([[[1., 2.],
                [0., 0.],
                [3., 0.]]], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(3, 2)), layer]).output_shape
        (None, 3, 2)
    """

    built_at_init = True  # as in Keras: no build_config

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(mask_value, dict) and isinstance(mask_value.get("config"), dict):
            mask_value = mask_value["config"].get("value", mask_value)  # a serialized number
        if isinstance(mask_value, bool) or not isinstance(mask_value, (int, float)):
            raise ValueError(
                f"Argument `mask_value` must be a number. Received: mask_value={mask_value!r}"
            )
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def compute_mask(self, inputs, previous_mask=None):
        """The timesteps that are kept: those with some feature other than `mask_value`.

        Args:
            inputs: the input, `(batch, timesteps, features)`.
            previous_mask: ignored (the mask is computed from the values).

        Returns:
            A boolean array of shape `(batch, timesteps)`.
        """
        return ops.any(ops.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = ops.any(ops.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        outputs = ops.where(keep, inputs, 0)
        # The mask comes out with the values, so it is not computed twice.
        set_keras_mask(outputs, ops.squeeze(keep, axis=-1))
        return outputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config["mask_value"] = self.mask_value
        return config
