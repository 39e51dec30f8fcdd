"""`Softmax`: the softmax activation as a layer, with an optional mask."""

import numpy as np

from kerasish import activations, ops
from kerasish.layers.layer import Layer


def _large_negative(dtype):
    """What masked logits become: small enough to vanish in the softmax,
    finite in `dtype` (Keras uses the same values)."""
    return -3e4 if np.dtype(dtype) == np.float16 else -1e9


def _check_mask_shape(mask_shape, input_shape):
    mask_shape, input_shape = tuple(mask_shape), tuple(input_shape)
    if len(mask_shape) > len(input_shape):
        raise ValueError(
            "The `mask` must be broadcastable to `inputs` and must not have more "
            f"dimensions. Received: inputs.shape={input_shape}, mask.shape={mask_shape}"
        )
    for mask_dim, input_dim in zip(mask_shape[::-1], input_shape[::-1]):
        if mask_dim not in (1, input_dim):
            raise ValueError(
                "The `mask` must be broadcastable to `inputs`. Each mask dimension must be 1 "
                "or match the corresponding input dimension. Received: "
                f"inputs.shape={input_shape}, mask.shape={mask_shape}"
            )


class Softmax(Layer):
    """Softmax along `axis`; where `mask` is False the logit is ignored and the output is 0.

    Args:
        axis: the axis (or a tuple of axes) the probabilities sum to 1 over;
            default -1.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Call arguments:
        inputs: the logits.
        mask: an optional boolean (or 0/1) array broadcastable to `inputs`:
            True keeps a position, False masks it out.

    Input shape:
        Any shape; the softmax runs along `axis` (default -1). An optional boolean
        `mask` broadcastable to the input leaves out the entries where it is False.

    Output shape:
        The input's shape.

    Raises:
        ValueError: when called, if `mask` does not broadcast to `inputs`.

    Examples:
        >>> x = np.array([[1.0, 2.0, 3.0]])
        >>> np.asarray(keras.layers.Softmax()(x))
        array([[0.09  , 0.2447, 0.6652]], dtype=float32)
        >>> np.asarray(keras.layers.Softmax()(x, mask=np.array([[True, True, False]])))
        array([[0.2689, 0.7311, 0.    ]], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(4,)), keras.layers.Softmax()]).output_shape
        (None, 4)
    """

    built_at_init = True  # as in Keras: no build_config

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True
        self.built = True

    def call(self, inputs, mask=None):
        if mask is not None:
            mask = ops.convert_to_numpy(mask)
            _check_mask_shape(mask.shape, np.shape(inputs))
            if mask.dtype != bool:
                mask = mask > 0.5
            inputs = ops.where(mask, inputs, _large_negative(ops.dtype(inputs)))
        outputs = self._softmax(inputs)
        if mask is not None:
            outputs = ops.where(mask, outputs, 0.0)
        return outputs

    def _softmax(self, inputs):
        axis = self.axis
        if isinstance(axis, (tuple, list)) and len(axis) == 1:
            axis = axis[0]
        if not isinstance(axis, (tuple, list)):
            return activations.softmax(inputs, axis=axis)
        # Several axes: exp(x - logsumexp(x)) over all of them at once.
        axis = tuple(axis)
        shift = ops.stop_gradient(ops.max(inputs, axis=axis, keepdims=True))
        exps = ops.exp(ops.subtract(inputs, shift))
        return ops.divide(exps, ops.sum(exps, axis=axis, keepdims=True))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config
