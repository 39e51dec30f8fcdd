"""`EinsumDense`: a dense layer whose product is any einsum equation."""

import re

from kerasish import activations, constraints, initializers, ops, regularizers
from kerasish.initializers.initializers import VarianceScaling
from kerasish.layers.layer import Layer
from kerasish.saving.serialization_lib import serialize_keras_object


class EinsumDense(Layer):
    """A dense layer computing `einsum(equation, inputs, kernel) + bias`.

    The equation names the input's axes, the kernel's and the output's, as
    `"abc,cd->abd"` (a Dense on a 3-D input) or `"abc,cde->abde"` (project
    each vector into `d` heads of size `e`, as MultiHeadAttention does). The
    kernel's shape follows from the equation, the input shape and
    `output_shape`; the bias spans the output axes named in `bias_axes`.
    The first input axis is the batch axis, and a `...` on the left or the
    right of both input and output stands for axes passed through.

    Args:
        equation: the einsum equation, of the form `"ab,bc->ac"`,
            `"...ab,bc->...ac"` or `"ab...,bc->ac..."`.
        output_shape: the output shape without the batch axis (an int for a
            single axis); None entries are taken from the input.
        activation: the activation applied last (name or callable); None
            applies none.
        bias_axes: the output letters that the bias spans, such as `"de"`;
            None (default) for no bias.
        kernel_initializer: initializer of the kernel (default
            `"glorot_uniform"`, whose fans come from the equation's input
            and output letters, as in Keras).
        bias_initializer: initializer of the bias (default `"zeros"`).
        kernel_regularizer: regularizer of the kernel, or None.
        bias_regularizer: regularizer of the bias, or None.
        kernel_constraint: constraint applied to the kernel after updates, or None.
        bias_constraint: constraint applied to the bias after updates, or None.
        lora_rank: must be None: kerasish has no LoRA.
        lora_alpha: accepted and ignored, as LoRA is not supported.
        gptq_unpacked_column_size: must be None: kerasish has no quantization.
        quantization_config: must be None: kerasish has no quantization.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        An array with one axis per letter on the left of the equation's
        input term (batch first), plus any axes that `...` stands for.

    Output shape:
        `(batch_size,) + output_shape`, with each None of `output_shape`
        taken from the input axis of the same letter, and the `...` axes kept
        where the equation puts them.

    Raises:
        ValueError: if LoRA or quantization is asked for; when built, if the
            equation has another form, a bias letter is not an output letter,
            a kernel letter is in neither the input nor the output, or the
            input and `output_shape` disagree on a shared axis.

    Examples:
        >>> layer = keras.layers.EinsumDense("abc,cde->abde", output_shape=(None, 2, 4),
        ...                                  bias_axes="de")
        >>> layer(np.ones((3, 5, 8), dtype="float32")).shape
        (3, 5, 2, 4)
        >>> layer.kernel.shape, layer.bias.shape
        ((8, 2, 4), (2, 4))
    """

    def __init__(
        self,
        equation,
        output_shape,
        activation=None,
        bias_axes=None,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        lora_rank=None,
        lora_alpha=None,
        gptq_unpacked_column_size=None,
        quantization_config=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if lora_rank or quantization_config is not None or gptq_unpacked_column_size:
            raise ValueError("LoRA and quantization are not supported by kerasish EinsumDense.")
        self.equation = equation
        if isinstance(output_shape, int):
            output_shape = (output_shape,)
        self.partial_output_shape = tuple(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

    def build(self, input_shape):
        kernel_shape, bias_shape, full_output_shape, input_axes, output_axes = analyze_einsum(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape
        )
        self.full_output_shape = tuple(full_output_shape)
        self.kernel = self.add_weight(
            name="kernel",
            shape=tuple(kernel_shape),
            initializer=self._kernel_initializer_for(input_axes, output_axes),
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.bias = None
        if bias_shape is not None:
            self.bias = self.add_weight(
                name="bias",
                shape=tuple(bias_shape),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.built = True

    def _kernel_initializer_for(self, input_axes, output_axes):
        """Glorot and the other fan-based initializers count the fans over the
        kernel axes the equation contracts (in) and produces (out), as Keras does."""
        initializer = self.kernel_initializer
        if not isinstance(initializer, VarianceScaling):
            return initializer
        if initializer.input_axes is not None and initializer.output_axes is not None:
            return initializer
        config = initializer.get_config()
        config.update(input_axes=input_axes, output_axes=output_axes)
        return type(initializer).from_config(config)

    def call(self, inputs):
        outputs = ops.einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            outputs = ops.add(outputs, self.bias)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape):
        return tuple(analyze_einsum(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape
        )[2])

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "output_shape": self.partial_output_shape,
                "equation": self.equation,
                "activation": activations.serialize(self.activation),
                "bias_axes": self.bias_axes,
                "kernel_initializer": serialize_keras_object(self.kernel_initializer),
                "bias_initializer": serialize_keras_object(self.bias_initializer),
                "kernel_regularizer": serialize_keras_object(self.kernel_regularizer),
                "bias_regularizer": serialize_keras_object(self.bias_regularizer),
                "activity_regularizer": serialize_keras_object(self.activity_regularizer),
                "kernel_constraint": serialize_keras_object(self.kernel_constraint),
                "bias_constraint": serialize_keras_object(self.bias_constraint),
                "quantization_config": None,
            }
        )
        return config


# The three forms Keras accepts: no ellipsis, ellipsis on the left of input
# and output, or on the right of both.
_FORMS = (
    (r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$", None),
    (r"\.\.\.([a-zA-Z]+),([a-zA-Z]+)->\.\.\.([a-zA-Z]+)$", "left"),
    (r"([a-zA-Z]{2,})\.\.\.,([a-zA-Z]+)->([a-zA-Z]+)\.\.\.$", "right"),
)


def analyze_einsum(equation, bias_axes, input_shape, output_shape):
    """Returns (kernel shape, bias shape or None, full output shape, kernel
    input axes, kernel output axes) for an EinsumDense equation."""
    for pattern, elided_side in _FORMS:
        match = re.match(pattern, equation)
        if match:
            return _analyze(*match.groups(), elided_side, bias_axes, input_shape, output_shape)
    raise ValueError(
        f"Invalid einsum equation '{equation}'. Equations must be in the form "
        "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]...."
    )


def _full_output_shape(input_shape, output_shape, elided, elided_side):
    """The output shape with the batch axis and the elided axes put back."""
    full = [input_shape[0]] + list(output_shape)
    if elided > 0 and elided_side == "left":
        full[1:1] = list(input_shape[1:elided])
    elif elided > 0:
        full += list(input_shape[len(input_shape) - elided:])
    return full


def _analyze(input_spec, kernel_spec, output_spec, elided_side, bias_axes, input_shape,
             output_shape):
    input_shape = tuple(input_shape)
    elided = len(input_shape) - len(input_spec)
    full = _full_output_shape(input_shape, output_shape, elided, elided_side)
    if elided_side == "left":
        input_axis = {c: i + elided for i, c in enumerate(input_spec)}
        output_axis = {c: i + elided for i, c in enumerate(output_spec)}
    else:
        input_axis = {c: i for i, c in enumerate(input_spec)}
        output_axis = {c: i for i, c in enumerate(output_spec)}
    for c in input_spec:
        if c in output_axis:
            size_in, size_out = input_shape[input_axis[c]], full[output_axis[c]]
            if size_out is not None and size_out != size_in:
                raise ValueError(
                    "Input shape and output shape do not match at shared dimension "
                    f"'{c}'. Input shape is {size_in}, and output shape is {size_out}."
                )
    for c in output_spec:
        if c not in input_spec and c not in kernel_spec:
            raise ValueError(
                f"Dimension '{c}' was specified in the output '{output_spec}' but has no "
                f"corresponding dim in the input spec '{input_spec}' or weight spec "
                f"'{kernel_spec}'"
            )
    kernel_shape, input_axes, output_axes = [], [], []
    for i, c in enumerate(kernel_spec):
        if c in output_axis:
            kernel_shape.append(full[output_axis[c]])
            output_axes.append(i)
        elif c in input_axis:
            kernel_shape.append(input_shape[input_axis[c]])
            input_axes.append(i)
        else:
            raise ValueError(
                f"Weight dimension '{c}' did not have a match in either the input spec "
                f"'{input_spec}' or the output spec '{output_spec}'. For this layer, the "
                "weight must be fully specified."
            )
    bias_shape = _bias_shape(bias_axes, output_spec, full, elided, elided_side)
    return kernel_shape, bias_shape, full, input_axes, output_axes


def _bias_shape(bias_axes, output_spec, full, elided, elided_side):
    """The bias spans the output axes from the first bias letter on, with
    size 1 on the axes that are not bias letters (so it broadcasts)."""
    if bias_axes is None:
        return None
    for c in bias_axes:
        if c not in output_spec:
            raise ValueError(
                f"Bias dimension '{c}' was requested, but is not part of the output spec "
                f"'{output_spec}'"
            )
    offset = elided if elided_side == "left" else 0
    size_of = {c: full[i + offset] for i, c in enumerate(output_spec)}
    first = min(output_spec.find(c) for c in bias_axes)
    shape = [size_of[c] if c in bias_axes else 1 for c in output_spec[first:]]
    if elided_side != "left":
        shape += [1] * max(elided, 0)
    return shape
