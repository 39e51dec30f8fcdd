"""`Dense`: the fully connected layer."""

from kerasish import activations, constraints, initializers, regularizers
from kerasish.layers.input_spec import InputSpec
from kerasish.layers.layer import Layer
from kerasish.ops import fused
from kerasish.saving.serialization_lib import serialize_keras_object


class Dense(Layer):
    """A fully connected layer: `activation(inputs @ kernel + bias)`.

    The kernel has shape `(input_dim, units)`, where `input_dim` is the size
    of the input's last axis, found when the layer is built; the bias has
    shape `(units,)`. Inputs of rank above 2 are transformed along their last
    axis only, so `(batch, steps, input_dim)` gives `(batch, steps, units)`,
    as in Keras.

    Args:
        units: the number of outputs, a positive int.
        activation: the activation applied last (name or callable); None
            (default) applies none (`"linear"`).
        use_bias: whether to add a bias vector.
        kernel_initializer: initializer of the kernel (default `"glorot_uniform"`).
        bias_initializer: initializer of the bias (default `"zeros"`).
        kernel_regularizer: regularizer of the kernel, or None.
        bias_regularizer: regularizer of the bias, or None.
        activity_regularizer: regularizer of the output, or None.
        kernel_constraint: constraint applied to the kernel after updates, or None.
        bias_constraint: constraint applied to the bias after updates, or None.
        lora_rank: must be None: kerasish has no LoRA.
        lora_alpha: accepted and ignored, as LoRA is not supported.
        quantization_config: must be None: kerasish has no quantization.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        An array of rank 2 or more, `(batch_size, ..., input_dim)`; most often
        2-D, `(batch_size, input_dim)`.

    Output shape:
        The same shape with the last axis replaced by `units`:
        `(batch_size, ..., units)`, so `(batch_size, input_dim)` gives
        `(batch_size, units)`.

    Raises:
        ValueError: if `units` is not a positive int or LoRA or quantization
            is asked for; when called, if the input has fewer than 2 axes or
            its last axis is unknown or differs from the built size.

    Examples:
        >>> layer = keras.layers.Dense(2, kernel_initializer="ones", bias_initializer="ones")
        >>> np.asarray(layer(np.array([[1.0, 2.0, 3.0]])))
        array([[7., 7.]], dtype=float32)
        >>> layer.kernel.shape, layer.bias.shape
        ((3, 2), (2,))
        >>> keras.Sequential([keras.Input(shape=(16,)), keras.layers.Dense(4)]).output_shape
        (None, 4)
    """

    def __init__(
        self,
        units,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        lora_rank=None,
        lora_alpha=None,
        quantization_config=None,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.supports_masking = True  # the mask passes through, as in Keras
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(
                "Received an invalid value for `units`, expected a positive integer. "
                f"Received: units={units}"
            )
        if lora_rank is not None or quantization_config is not None:
            raise ValueError("LoRA and quantization are not supported by kerasish Dense.")
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape):
        if len(input_shape) < 2:
            raise ValueError(
                f"Input 0 with name 'None' of layer '{self.name}' is incompatible with the "
                f"layer: expected min_ndim=2, found ndim={len(input_shape)}. "
                f"Full shape received: {tuple(input_shape)}"
            )
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"The last dimension of the inputs to layer '{self.name}' should be defined. "
                f"Found None. Received: input_shape={input_shape}"
            )
        self.kernel = self.add_weight(
            name="kernel",
            shape=(input_dim, self.units),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self.units,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True

    def call(self, inputs):
        if inputs.shape[-1] != self.kernel.shape[0]:
            raise ValueError(
                f"Input 0 with name 'None' of layer '{self.name}' is incompatible with the "
                "layer: expected "
                f"axis -1 of input shape to have value {self.kernel.shape[0]}, but received "
                f"input with shape {tuple(inputs.shape)}"
            )
        # One graph node for matmul, bias and (relu) activation: see ops/fused.py.
        return fused.dense(inputs, self.kernel, self.bias, self.activation)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "units": self.units,
                "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                "kernel_initializer": serialize_keras_object(self.kernel_initializer),
                "bias_initializer": serialize_keras_object(self.bias_initializer),
                "kernel_regularizer": serialize_keras_object(self.kernel_regularizer),
                "bias_regularizer": serialize_keras_object(self.bias_regularizer),
                "kernel_constraint": serialize_keras_object(self.kernel_constraint),
                "bias_constraint": serialize_keras_object(self.bias_constraint),
                "quantization_config": None,
            }
        )
        return config
