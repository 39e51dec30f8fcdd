import numpy as np

from kerasish import constraints, initializers, ops, regularizers
from kerasish.layers.layer import Layer
from kerasish.saving.serialization_lib import serialize_keras_object


class Embedding(Layer):
    """Maps integer indices in [0, input_dim) to rows of a trainable
    (input_dim, output_dim) matrix."""

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
        input_length = kwargs.pop("input_length", None)
        if input_length is not None:
            raise ValueError("Argument `input_length` is deprecated. Just remove it.")
        activity_regularizer = kwargs.pop("activity_regularizer", None)
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        for name, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(
                    f"Received an invalid value for `{name}`, expected a positive integer. "
                    f"Received: {name}={value}"
                )
        if mask_zero:
            raise ValueError("kerasish does not support masking (`mask_zero=True`) yet.")
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
        return ops.take(self.embeddings, indices, axis=0)

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
