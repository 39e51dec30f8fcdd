"""`Concatenate`: joins a list of inputs along one axis."""

import numpy as np

from kerasish import ops
from kerasish.layers.layer import Layer
from kerasish.layers.merging.base_merge import as_bool_array, check_mask_list


class Concatenate(Layer):
    """Joins a list of inputs along `axis`; all other axes must match.

    The output's size along `axis` is the sum of the inputs' sizes.
    `keras.layers.concatenate(inputs, axis=-1)` is the functional shortcut.

    Args:
        axis: the axis to join along, an int; negative values count from the
            end (default -1, the features). Axis 0 joins batches.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A list of at least 2 arrays of the same rank whose shapes agree on every
        axis but `axis`.

    Output shape:
        The shape of the inputs with the size along `axis` being the sum of their
        sizes there: `(batch_size, 2)` and `(batch_size, 3)` give `(batch_size, 5)`.

    Examples:
        >>> a, b = np.array([[1.0, 2.0]]), np.array([[3.0, 4.0, 5.0]])
        >>> np.asarray(keras.layers.Concatenate()([a, b]))
        array([[1., 2., 3., 4., 5.]], dtype=float32)
        >>> keras.layers.Concatenate()([keras.Input(shape=(2,)), keras.Input(shape=(3,))]).shape
        (None, 5)
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True  # the mask passes through, as in Keras
        self.axis = axis

    def _check_inputs(self, input_shapes):
        if not isinstance(input_shapes, (list, tuple)) or len(input_shapes) < 1 or not all(
            isinstance(s, (list, tuple)) for s in input_shapes
        ):
            raise ValueError(
                "A `Concatenate` layer should be called on a list of at least 1 input. "
                f"Received: input_shape={input_shapes}"
            )
        rank = len(input_shapes[0])
        axis = self.axis % rank if -rank <= self.axis < rank else None
        compatible = axis is not None and all(len(s) == rank for s in input_shapes)
        if compatible:
            for i in range(rank):
                if i == axis or i == 0:
                    continue
                known = {s[i] for s in input_shapes if s[i] is not None}
                if len(known) > 1:
                    compatible = False
        if not compatible:
            raise ValueError(
                "A `Concatenate` layer requires inputs with matching shapes except for the "
                f"concatenation axis. Layer '{self.name}' received: "
                f"input_shape={[tuple(s) for s in input_shapes]}"
            )
        return axis

    def compute_mask(self, inputs, mask=None):
        """The inputs' masks joined along `axis` (all-True for unmasked inputs), as Keras does.

        Args:
            inputs: the list of inputs.
            mask: the list of their masks, or None.

        Returns:
            A boolean array, or None when no input has a mask.

        Raises:
            ValueError: if `mask` or `inputs` is not a list, or their lengths differ.
        """
        masks = check_mask_list(inputs, mask)
        if masks is None or all(m is None for m in masks):
            return None
        full = []
        for value, value_mask in zip(inputs, masks):
            shape = np.shape(ops.convert_to_numpy(value))
            if value_mask is None:
                full.append(np.ones(shape, dtype=bool))
                continue
            value_mask = as_bool_array(value_mask)
            if value_mask.ndim < len(shape):
                value_mask = np.broadcast_to(value_mask[..., None], shape)
            full.append(value_mask)
        return np.any(np.concatenate(full, axis=self.axis), axis=-1)

    def build(self, input_shape):
        self._check_inputs(input_shape)
        self.built = True

    def compute_output_shape(self, input_shape):
        axis = self._check_inputs(input_shape)
        output = list(input_shape[0])
        sizes = [s[axis] for s in input_shape]
        output[axis] = None if any(d is None for d in sizes) else sum(sizes)
        if output[0] is None:
            output[0] = next((s[0] for s in input_shape if s[0] is not None), None)
        return tuple(output)

    def call(self, inputs):
        axis = self._check_inputs([tuple(x.shape) for x in inputs])
        return ops.concatenate(list(inputs), axis=axis)

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config
