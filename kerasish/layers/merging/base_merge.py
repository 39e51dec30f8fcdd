"""Layers that combine a list of tensors into one."""

import numpy as np

from kerasish import ops
from kerasish.layers.layer import Layer


class Merge(Layer):
    """Elementwise merge of two or more inputs of compatible (broadcastable)
    shapes. Subclasses implement `_merge(a, b)` or override `_merge_all`."""

    minimum_inputs = 2

    def compute_mask(self, inputs, mask=None):
        """The union (logical or) of the inputs' masks, as Keras's merge layers do.

        Args:
            inputs: the list of inputs.
            mask: the list of their masks, or None.

        Returns:
            A boolean array, or None when some input has no mask.

        Raises:
            ValueError: if `mask` or `inputs` is not a list, or their lengths differ.
        """
        masks = check_mask_list(inputs, mask)
        if masks is None or any(m is None for m in masks):
            return None
        union = as_bool_array(masks[0])
        for other in masks[1:]:
            union = np.logical_or(union, as_bool_array(other))
        return union

    def _check_inputs(self, input_shapes):
        if not isinstance(input_shapes, (list, tuple)) or not all(
            isinstance(s, (list, tuple)) for s in input_shapes
        ):
            raise ValueError(
                f"A merge layer should be called on a list of inputs. Layer '{self.name}' "
                f"received: input_shape={input_shapes}"
            )
        if len(input_shapes) < self.minimum_inputs:
            raise ValueError(
                f"A merge layer should be called on a list of at least {self.minimum_inputs} "
                f"inputs. Layer '{self.name}' got {len(input_shapes)} inputs. "
                f"Full input_shape received: {input_shapes}"
            )
        output = tuple(input_shapes[0])[1:]
        for shape in input_shapes[1:]:
            output = self._broadcast(output, tuple(shape)[1:], input_shapes)
        return output

    def _broadcast(self, first, second, input_shapes):
        if len(first) < len(second):
            first, second = second, first
        second = (1,) * (len(first) - len(second)) + second
        result = []
        for a, b in zip(first, second):
            if a is None or b is None:
                result.append(None if a in (None, 1) or b in (None, 1) else a)
            elif a == b or b == 1:
                result.append(a)
            elif a == 1:
                result.append(b)
            else:
                raise ValueError(
                    f"Inputs have incompatible shapes in layer '{self.name}'. "
                    f"Received shapes {[tuple(s) for s in input_shapes]}"
                )
        return tuple(result)

    def build(self, input_shape):
        self._check_inputs(input_shape)
        self.built = True

    def compute_output_shape(self, input_shape):
        sample_shape = self._check_inputs(input_shape)
        batch = next((s[0] for s in input_shape if s[0] is not None), None)
        return (batch,) + sample_shape

    def call(self, inputs):
        self._check_inputs([tuple(x.shape) for x in inputs])
        return self._merge_all(_expand_to_same_rank(list(inputs)))

    def _merge_all(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = self._merge(output, x)
        return output


def _expand_to_same_rank(inputs):
    """Gives lower-rank inputs size-1 axes right after the batch axis, as Keras
    does, so `(batch, 4)` merges with `(batch, 3, 4)` sample by sample
    (NumPy's broadcasting alone would align the batch axis with the 3)."""
    rank = max(len(x.shape) for x in inputs)
    expanded = []
    for x in inputs:
        while len(x.shape) < rank:
            x = ops.expand_dims(x, 1)
        expanded.append(x)
    return expanded


class Add(Merge):
    """Adds a list of inputs elementwise.

    Takes two or more inputs of the same (or broadcastable) shape and
    returns their sum, as in residual connections. `keras.layers.add(inputs)`
    is the functional shortcut.

    Args:
        activity_regularizer: regularizer of the output, or None.
        trainable: as for any layer (this layer has no weights).
        dtype: the dtype inputs are cast to; `floatx()` when None.
        autocast: whether float inputs are cast to `dtype`.
        name: the layer's name.

    Input shape:
        A list of at least 2 arrays of the same shape, or of shapes that broadcast
        against each other (an axis of size 1 stretches to match; an input of lower
        rank gets size-1 axes after the batch axis).

    Output shape:
        The broadcast shape of the inputs, for example `(batch_size, features)` for
        inputs of that shape.

    Raises:
        ValueError: if a base-layer argument is invalid; when called, if the
            input is not a list of at least two tensors of broadcastable
            shapes.

    Examples:
        >>> a, b = np.array([[1.0, 2.0]]), np.array([[3.0, 5.0]])
        >>> np.asarray(keras.layers.Add()([a, b]))
        array([[4., 7.]], dtype=float32)
        >>> a_in, b_in = keras.Input(shape=(2,)), keras.Input(shape=(2,))
        >>> keras.layers.Add()([a_in, b_in]).shape
        (None, 2)
    """

    def _merge(self, a, b):
        return ops.add(a, b)


class Subtract(Merge):
    """Subtracts the second of two inputs from the first: `inputs[0] - inputs[1]`.

    Takes exactly two inputs of the same (or broadcastable) shape.

    Args:
        activity_regularizer: regularizer of the output, or None.
        trainable: as for any layer (this layer has no weights).
        dtype: the dtype inputs are cast to; `floatx()` when None.
        autocast: whether float inputs are cast to `dtype`.
        name: the layer's name.

    Input shape:
        A list of exactly 2 arrays of the same shape, or of shapes that broadcast
        against each other (an axis of size 1 stretches to match; an input of lower
        rank gets size-1 axes after the batch axis).

    Output shape:
        The broadcast shape of the inputs, for example `(batch_size, features)` for
        inputs of that shape.

    Raises:
        ValueError: if a base-layer argument is invalid; when called, if the
            input is not a list of exactly two tensors of broadcastable shapes.

    Examples:
        >>> a, b = np.array([[1.0, 2.0]]), np.array([[3.0, 5.0]])
        >>> np.asarray(keras.layers.Subtract()([a, b]))
        array([[-2., -3.]], dtype=float32)
    """

    def _check_inputs(self, input_shapes):
        if isinstance(input_shapes, (list, tuple)) and len(input_shapes) != 2:
            raise ValueError(
                f"A `Subtract` layer should be called on exactly 2 inputs. Layer "
                f"'{self.name}' received {len(input_shapes)} inputs."
            )
        return super()._check_inputs(input_shapes)

    def _merge(self, a, b):
        return ops.subtract(a, b)


class Multiply(Merge):
    """Multiplies a list of inputs elementwise.

    Takes two or more inputs of the same (or broadcastable) shape, e.g. to
    gate one tensor with another.

    Args:
        activity_regularizer: regularizer of the output, or None.
        trainable: as for any layer (this layer has no weights).
        dtype: the dtype inputs are cast to; `floatx()` when None.
        autocast: whether float inputs are cast to `dtype`.
        name: the layer's name.

    Input shape:
        A list of at least 2 arrays of the same shape, or of shapes that broadcast
        against each other (an axis of size 1 stretches to match; an input of lower
        rank gets size-1 axes after the batch axis).

    Output shape:
        The broadcast shape of the inputs, for example `(batch_size, features)` for
        inputs of that shape.

    Raises:
        ValueError: if a base-layer argument is invalid; when called, if the
            input is not a list of at least two tensors of broadcastable
            shapes.

    Examples:
        >>> a, b = np.array([[1.0, 2.0]]), np.array([[3.0, 5.0]])
        >>> np.asarray(keras.layers.Multiply()([a, b]))
        array([[ 3., 10.]], dtype=float32)
    """

    def _merge(self, a, b):
        return ops.multiply(a, b)


class Average(Merge):
    """Averages a list of inputs elementwise.

    Takes two or more inputs of the same (or broadcastable) shape and
    returns their sum divided by their number, e.g. to ensemble models.

    Args:
        activity_regularizer: regularizer of the output, or None.
        trainable: as for any layer (this layer has no weights).
        dtype: the dtype inputs are cast to; `floatx()` when None.
        autocast: whether float inputs are cast to `dtype`.
        name: the layer's name.

    Input shape:
        A list of at least 2 arrays of the same shape, or of shapes that broadcast
        against each other (an axis of size 1 stretches to match; an input of lower
        rank gets size-1 axes after the batch axis).

    Output shape:
        The broadcast shape of the inputs, for example `(batch_size, features)` for
        inputs of that shape.

    Raises:
        ValueError: if a base-layer argument is invalid; when called, if the
            input is not a list of at least two tensors of broadcastable
            shapes.

    Examples:
        >>> a, b = np.array([[1.0, 2.0]]), np.array([[3.0, 5.0]])
        >>> np.asarray(keras.layers.Average()([a, b]))
        array([[2. , 3.5]], dtype=float32)
    """

    def _merge_all(self, inputs):
        return ops.divide(super()._merge_all(inputs), len(inputs))

    def _merge(self, a, b):
        return ops.add(a, b)


class Maximum(Merge):
    """Takes the elementwise maximum of a list of inputs.

    Takes two or more inputs of the same (or broadcastable) shape; the
    gradient flows to the input that holds the maximum.

    Args:
        activity_regularizer: regularizer of the output, or None.
        trainable: as for any layer (this layer has no weights).
        dtype: the dtype inputs are cast to; `floatx()` when None.
        autocast: whether float inputs are cast to `dtype`.
        name: the layer's name.

    Input shape:
        A list of at least 2 arrays of the same shape, or of shapes that broadcast
        against each other (an axis of size 1 stretches to match; an input of lower
        rank gets size-1 axes after the batch axis).

    Output shape:
        The broadcast shape of the inputs, for example `(batch_size, features)` for
        inputs of that shape.

    Raises:
        ValueError: if a base-layer argument is invalid; when called, if the
            input is not a list of at least two tensors of broadcastable
            shapes.

    Examples:
        >>> a, b = np.array([[1.0, 6.0]]), np.array([[3.0, 5.0]])
        >>> np.asarray(keras.layers.Maximum()([a, b]))
        array([[3., 6.]], dtype=float32)
    """

    def _merge(self, a, b):
        return ops.maximum(a, b)


class Minimum(Merge):
    """Takes the elementwise minimum of a list of inputs.

    Takes two or more inputs of the same (or broadcastable) shape; the
    gradient flows to the input that holds the minimum.

    Args:
        activity_regularizer: regularizer of the output, or None.
        trainable: as for any layer (this layer has no weights).
        dtype: the dtype inputs are cast to; `floatx()` when None.
        autocast: whether float inputs are cast to `dtype`.
        name: the layer's name.

    Input shape:
        A list of at least 2 arrays of the same shape, or of shapes that broadcast
        against each other (an axis of size 1 stretches to match; an input of lower
        rank gets size-1 axes after the batch axis).

    Output shape:
        The broadcast shape of the inputs, for example `(batch_size, features)` for
        inputs of that shape.

    Raises:
        ValueError: if a base-layer argument is invalid; when called, if the
            input is not a list of at least two tensors of broadcastable
            shapes.

    Examples:
        >>> a, b = np.array([[1.0, 6.0]]), np.array([[3.0, 5.0]])
        >>> np.asarray(keras.layers.Minimum()([a, b]))
        array([[1., 5.]], dtype=float32)
    """

    def _merge(self, a, b):
        return ops.minimum(a, b)


def as_bool_array(mask):
    """A mask (array or tensor) as a NumPy boolean array."""
    return np.asarray(ops.convert_to_numpy(mask)).astype(bool)


def check_mask_list(inputs, mask):
    """The masks of a merge's inputs, checked as Keras checks them; None when
    there is no mask at all."""
    if mask is None:
        return None
    if not isinstance(mask, (tuple, list)):
        raise ValueError(f"`mask` should be a list. Received: mask={mask}")
    if not isinstance(inputs, (tuple, list)):
        raise ValueError(f"`inputs` should be a list. Received: inputs={inputs}")
    if len(mask) != len(inputs):
        raise ValueError(
            "The lists `inputs` and `mask` should have the same length. "
            f"Received: inputs={inputs} of length {len(inputs)}, and "
            f"mask={mask} of length {len(mask)}"
        )
    return list(mask)
