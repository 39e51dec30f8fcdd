"""`Input` and `InputLayer`: where a model's data comes in."""

from kerasish.backend import config as backend_config
from kerasish.backend.keras_tensor import KerasTensor
from kerasish.layers.layer import Layer, is_valid_shape
from kerasish.layers.node import Node


class InputLayer(Layer):
    """The entry point of a model: holds the shape of its input (batch first).

    Users rarely create one directly: `keras.Input(...)` makes one and returns
    its symbolic output, and a Sequential model takes an `InputLayer` or an
    `Input` as its first entry to learn its input shape. The layer passes its
    input through unchanged.

    Args:
        shape: the shape of one sample (without the batch axis), a tuple of
            ints or None for unknown sizes, or an int for a vector.
        batch_size: a fixed batch size, or None (any batch size).
        dtype: the input's dtype name; `floatx()` when None.
        sparse: must be falsy: kerasish has no sparse tensors.
        ragged: must be falsy: kerasish has no ragged tensors.
        batch_shape: the full shape including the batch axis, instead of
            `shape` and `batch_size`.
        input_tensor: an existing KerasTensor to use as the output; its
            shape becomes the batch shape.
        optional: whether the input may be None (recorded in the config).
        name: the layer's name, also the input's name in a functional model.
        **kwargs: Base layer keyword arguments; the Keras 2 spellings
            `input_shape` and `batch_input_shape` are also accepted.

    Input shape:
        None: the layer is the start of a model and is not called on data
        of its own.

    Output shape:
        Its `batch_shape`: `(batch_size,) + shape`, with None for an unknown
        batch size.

    Raises:
        ValueError: if sparse or ragged input is asked for, if both `shape`
            and `batch_shape` (or neither) are given, or if the shape is not
            made of non-negative ints and None.

    Examples:
        >>> layer = keras.layers.InputLayer(shape=(3,))
        >>> layer.batch_shape
        (None, 3)
        >>> model = keras.Sequential([layer, keras.layers.Dense(2)])
        >>> model.output_shape
        (None, 2)
    """

    def __init__(
        self,
        shape=None,
        batch_size=None,
        dtype=None,
        sparse=None,
        ragged=None,
        batch_shape=None,
        input_tensor=None,
        optional=False,
        name=None,
        **kwargs,
    ):
        if "input_shape" in kwargs:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs:
            batch_shape = kwargs.pop("batch_input_shape")
        super().__init__(name=name, dtype=dtype, **kwargs)
        if sparse or ragged:
            raise ValueError("kerasish does not support sparse or ragged inputs.")
        if shape is not None and batch_shape is not None:
            raise ValueError(
                "You cannot pass both `shape` and `batch_shape` at the same time."
            )
        if input_tensor is not None:
            batch_shape = input_tensor.shape
        if shape is None and batch_shape is None:
            raise ValueError("You must pass a `shape` argument.")
        if batch_shape is None:
            shape = (shape,) if isinstance(shape, int) else tuple(shape)
            batch_shape = (batch_size,) + shape
        self.batch_shape = _checked_batch_shape(batch_shape)
        self.optional = optional
        self._input_dtype = dtype or backend_config.floatx()
        self.built = True
        output = input_tensor if input_tensor is not None else KerasTensor(
            self.batch_shape, self._input_dtype, name=self.name, producer=self
        )  # a KerasTensor has no truth value, as in Keras

        Node(self, None, {}, [output])  # node 0: the model input itself (`self.output`)

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            "batch_shape": self.batch_shape,
            "dtype": self._input_dtype,
            "sparse": False,
            "ragged": False,
            "name": self.name,
            "optional": self.optional,
        }


def Input(
    shape=None,
    batch_size=None,
    dtype=None,
    sparse=None,
    ragged=None,
    batch_shape=None,
    name=None,
    tensor=None,
    optional=False,
):
    """Returns a symbolic input of the given shape (not counting the batch).

    The result is a `KerasTensor`: it holds a shape and dtype but no data.
    Calling layers on it records the graph of a functional model, built with
    `keras.Model(inputs, outputs)`; as the first entry of a Sequential model
    it sets the model's input shape.

    Args:
        shape: the shape of one sample, a tuple of ints or None for unknown
            sizes (`(28, 28)`, `(None, 16)`), or an int for a vector.
        batch_size: a fixed batch size, or None (any batch size).
        dtype: the input's dtype name; `floatx()` (float32) when None.
        sparse: must be falsy: kerasish has no sparse tensors.
        ragged: must be falsy: kerasish has no ragged tensors.
        batch_shape: the full shape including the batch axis, instead of
            `shape` and `batch_size`.
        name: the input's name (also the key of the input in dict data).
        tensor: an existing KerasTensor to wrap instead of a new one.
        optional: whether the input may be None.

    Returns:
        A KerasTensor of shape `(batch_size,) + shape`.

    Raises:
        ValueError: if sparse or ragged input is asked for, if both `shape`
            and `batch_shape` (or neither) are given, or if the shape is
            invalid (raised by `InputLayer`).

    Examples:
        >>> inputs = keras.Input(shape=(3,), name="features")
        >>> inputs
        <KerasTensor shape=(None, 3), dtype=float32, name=features>
        >>> outputs = keras.layers.Dense(1)(inputs)
        >>> keras.Model(inputs, outputs).predict(np.ones((2, 3)), verbose=0).shape
        (2, 1)
    """
    layer = InputLayer(
        shape=shape,
        batch_size=batch_size,
        dtype=dtype,
        sparse=sparse,
        ragged=ragged,
        batch_shape=batch_shape,
        name=name,
        input_tensor=tensor,
        optional=optional,
    )
    return layer.output


def _checked_batch_shape(batch_shape):
    if not is_valid_shape(batch_shape):
        raise ValueError(
            "Expected `batch_shape` (or `shape`) to be a tuple of non-negative integers "
            f"or None. Received: batch_shape={batch_shape!r}"
        )
    return tuple(batch_shape)
