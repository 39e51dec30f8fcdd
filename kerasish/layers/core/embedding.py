"""`Embedding`: a trainable lookup table from integer ids to vectors."""

import warnings

import numpy as np

from kerasish import constraints, initializers, ops, regularizers
from kerasish.backend.indexed_slices import RowSlices
from kerasish.backend.tensor import Function
from kerasish.layers.layer import Layer
from kerasish.saving.serialization_lib import serialize_keras_object


class _Lookup(Function):
    """The rows of a table at integer `indices`. The table's gradient keeps
    one row per looked-up index (RowSlices, like TensorFlow's IndexedSlices),
    so optimizers square a repeated token's gradients one by one, as Keras
    on TensorFlow does."""

    def forward(self, table):
        self.table_shape = table.shape
        return table[self.indices]

    def backward(self, grad):
        rows = grad.reshape((-1,) + self.table_shape[1:])
        return (RowSlices.from_rows(rows, self.indices.reshape(-1), self.table_shape),)


class Embedding(Layer):
    """Maps integer indices in [0, input_dim) to rows of a trainable
    (input_dim, output_dim) matrix.

    Each index in the input is replaced by its row, so an input of shape
    `(batch, length)` gives `(batch, length, output_dim)`. Indices keep their
    integer dtype (floats are truncated to ints); the gradient reaches only
    the rows that were looked up.

    Args:
        input_dim: the number of distinct indices (vocabulary size), a
            positive int.
        output_dim: the size of each vector, a positive int.
        embeddings_initializer: initializer of the table (default
            `"uniform"`: uniform in [-0.05, 0.05]).
        embeddings_regularizer: regularizer of the table, or None.
        embeddings_constraint: constraint applied to the table after
            updates, or None.
        mask_zero: whether index 0 is padding: the output then carries a
            mask (`True` where the index is not 0) that later layers such as
            `GlobalAveragePooling1D` use; `input_dim` should count the
            padding index.
        weights: optional initial value, a list holding one
            `(input_dim, output_dim)` array, set when the layer is built.
        lora_rank: must be None: kerasish has no LoRA.
        lora_alpha: accepted and ignored, as LoRA is not supported.
        quantization_config: must be None: kerasish has no quantization.
        **kwargs: Base layer keyword arguments such as `name`, `dtype` and
            `activity_regularizer`. Keras 2's `input_length` is ignored
            with a warning, as in Keras 3.

    Input shape:
        An integer array of indices of any rank, usually 2-D
        `(batch_size, sequence_length)`.

    Output shape:
        The input's shape with a new last axis of size `output_dim`, so
        `(batch_size, sequence_length)` gives `(batch_size, sequence_length,
        output_dim)`.

    Raises:
        ValueError: if `input_dim` or `output_dim` is not a positive int, if
            LoRA or quantization is given;
            when called, if an index is outside [0, input_dim).

    Examples:
        >>> table = np.array([[0.0, 0.0], [1.0, 2.0], [3.0, 4.0]])
        >>> layer = keras.layers.Embedding(input_dim=3, output_dim=2, weights=[table])
        >>> np.asarray(layer(np.array([[2, 1, 2]])))
        array([[[3., 4.],
                [1., 2.],
                [3., 4.]]], dtype=float32)

        With `mask_zero=True` the output carries a mask of the non-zero ids:

        >>> masked = keras.layers.Embedding(input_dim=3, output_dim=2, mask_zero=True)
        >>> keras.ops.convert_to_numpy(masked.compute_mask(np.array([[2, 0]]), None))
        array([[ True, False]])
    """

    def __init__(
        self,
        input_dim,
        output_dim,
        embeddings_initializer="uniform",
        embeddings_regularizer=None,
        embeddings_constraint=None,
        mask_zero=False,
        weights=None,
        lora_rank=None,
        lora_alpha=None,
        quantization_config=None,
        **kwargs,
    ):
        for name, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(
                    f"`{name}` must be a positive integer. Received: {name}={value} "
                    f"(of type {type(value).__name__})."
                )
        input_length = kwargs.pop("input_length", None)
        if input_length is not None:
            warnings.warn("Argument `input_length` is deprecated. Just remove it.")
        activity_regularizer = kwargs.pop("activity_regularizer", None)
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if lora_rank is not None or quantization_config is not None:
            raise ValueError("LoRA and quantization are not supported by kerasish Embedding.")
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self._initial_weights = weights

    def build(self, input_shape=None):
        self.embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer,
            name="embeddings",
            regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint,
        )
        self.built = True
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def _convert_inputs(self, inputs):
        return inputs  # indices keep their integer dtype

    def call(self, inputs):
        indices = np.asarray(ops.convert_to_numpy(inputs))
        if indices.dtype.kind == "f":
            indices = indices.astype("int64")
        if indices.size and (indices.min() < 0 or indices.max() >= self.input_dim):
            bad = indices[(indices < 0) | (indices >= self.input_dim)].flat[0]
            raise ValueError(
                f"Layer '{self.name}' received index {bad}, outside the valid range "
                f"[0, {self.input_dim}) of `input_dim`."
            )
        return _Lookup.apply(self.embeddings, indices=indices)

    def compute_mask(self, inputs, previous_mask=None):
        """The mask of the output: where the ids are not 0, with `mask_zero`.

        Args:
            inputs: the integer ids.
            previous_mask: ignored (an id input has no mask to pass on).

        Returns:
            A boolean array of the shape of `inputs`, or None without
            `mask_zero`.
        """
        if not self.mask_zero:
            return None
        return ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "input_dim": self.input_dim,
                "output_dim": self.output_dim,
                "embeddings_initializer": serialize_keras_object(self.embeddings_initializer),
                "embeddings_regularizer": serialize_keras_object(self.embeddings_regularizer),
                "activity_regularizer": serialize_keras_object(self.activity_regularizer),
                "embeddings_constraint": serialize_keras_object(self.embeddings_constraint),
                "mask_zero": self.mask_zero,
                "quantization_config": None,
            }
        )
        return config
