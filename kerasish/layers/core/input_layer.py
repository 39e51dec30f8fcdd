from kerasish.backend import config as backend_config
from kerasish.backend.keras_tensor import KerasTensor
from kerasish.layers.layer import Layer, is_valid_shape


class InputLayer(Layer):
    """The entry point of a model: holds the shape of its input (batch first)."""

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
        self.output = input_tensor or KerasTensor(
            self.batch_shape, self._input_dtype, name=self.name, producer=self
        )
        from kerasish.layers.node import Node

        Node(self, None, {}, [self.output])  # node 0: the model input itself

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
    """Returns a symbolic input of the given shape (not counting the batch)."""
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
