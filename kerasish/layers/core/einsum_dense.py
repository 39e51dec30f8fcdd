"""`EinsumDense`: a dense layer whose contraction is an einsum equation."""

import re

import numpy as np

from kerasish import activations, constraints, initializers, ops, regularizers
from kerasish.backend.tensor import Function
from kerasish.layers.layer import Layer
from kerasish.saving.serialization_lib import serialize_keras_object


class _Einsum(Function):
    """`np.einsum(equation, x, kernel)`; each gradient is the einsum of the
    output gradient with the other operand into the operand's subscripts."""

    def forward(self, x, kernel):
        self.x, self.kernel = x, kernel
        self.explicit = _without_ellipsis(self.equation, x.ndim)
        return np.einsum(self.explicit, x, kernel)

    def backward(self, grad):
        inputs, output = self.explicit.split("->")
        x_spec, kernel_spec = inputs.split(",")
        grad_x = np.einsum(f"{output},{kernel_spec}->{x_spec}", grad, self.kernel)
        grad_kernel = np.einsum(f"{x_spec},{output}->{kernel_spec}", self.x, grad)
        return grad_x, grad_kernel


def _without_ellipsis(equation, input_rank):
    """The equation with `...` replaced by letters it does not use, one per
    elided input axis (NumPy cannot sum an ellipsis away in a gradient)."""
    if "..." not in equation:
        return equation
    inputs = equation.split("->")[0].split(",")[0]
    count = input_rank - (len(inputs) - 3)
    unused = [c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in equation]
    return equation.replace("...", "".join(unused[:count]))


def _parse_equation(equation):
    """(input spec, weight spec, output spec, where '...' is) of an equation
    of the forms Keras accepts: X,Y->Z, ...X,Y->...Z or X...,Y->Z...."""
    plain = equation.replace("...", "0")
    for pattern, elided in (("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$", None),
                            ("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$", "left"),
                            ("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$", "right")):
        match = re.match(pattern, plain)
        if match:
            return match.group(1), match.group(2), match.group(3), elided
    raise ValueError(
        f"Invalid einsum equation '{equation}'. Equations must be in the form "
        "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]...."
    )


def analyze_equation(equation, bias_axes, input_shape, output_shape):
    """The kernel shape, the bias shape (or None) and the full output shape,
    as Keras derives them from the equation and the shapes."""
    input_spec, weight_spec, output_spec, elided_side = _parse_equation(equation)
    input_shape = tuple(input_shape)
    elided = len(input_shape) - len(input_spec)
    output = [output_shape] if isinstance(output_shape, int) else list(output_shape)
    output.insert(0, input_shape[0])
    if elided > 0 and elided_side == "left":
        for i in range(1, elided):
            output.insert(1, input_shape[i])
    elif elided > 0:
        output.extend(input_shape[len(input_shape) - elided:])
    offset = elided if elided_side == "left" else 0
    input_axis = {dim: (i + elided - len(input_shape)) if elided_side == "left" else i
                  for i, dim in enumerate(input_spec)}
    output_axis = {dim: i + offset for i, dim in enumerate(output_spec)}
    for dim in input_spec:
        size = input_shape[input_axis[dim]]
        if dim in output_axis and output[output_axis[dim]] not in (None, size):
            raise ValueError(
                f"Input shape and output shape do not match at shared dimension '{dim}'. Input "
                f"shape is {size}, and output shape is {output[output_axis[dim]]}."
            )
    for dim in output_spec:
        if dim not in input_spec and dim not in weight_spec:
            raise ValueError(
                f"Dimension '{dim}' was specified in the output '{output_spec}' but has no "
                f"corresponding dim in the input spec '{input_spec}' or weight spec "
                f"'{output_spec}'"
            )
    kernel_shape = []
    for dim in weight_spec:
        if dim in output_axis:
            kernel_shape.append(output[output_axis[dim]])
        elif dim in input_axis:
            kernel_shape.append(input_shape[input_axis[dim]])
        else:
            raise ValueError(
                f"Weight dimension '{dim}' did not have a match in either the input spec "
                f"'{input_spec}' or the output spec '{output_spec}'. For this layer, the "
                "weight must be fully specified."
            )
    bias_shape = None
    if bias_axes is not None:
        for char in bias_axes:
            if char not in output_spec:
                raise ValueError(f"Bias dimension '{char}' was requested, but is not part of "
                                 f"the output spec '{output_spec}'")
        first = min(output_spec.find(char) for char in bias_axes)
        bias_shape = [output[output_axis[char]] if char in bias_axes else 1
                      for char in output_spec[first:]]
        if elided_side != "left":
            bias_shape.extend([1] * max(elided, 0))
    return tuple(kernel_shape), bias_shape and tuple(bias_shape), tuple(output)


class EinsumDense(Layer):
    """A dense layer written as an einsum equation: `einsum(equation, inputs,
    kernel) + bias`, then the activation. Common in transformers, where it
    projects to several heads at once.

    Args:
        equation: the einsum equation `"X,Y->Z"` of the inputs (X), the
            kernel (Y) and the output (Z); `...` may stand for leading (or
            trailing) axes, as in `"...b,bc->...c"`.
        output_shape: the output shape without the batch axis and the elided
            axes: an int or a tuple, with None for sizes taken from the input.
        activation: the activation applied last (name or callable), or None.
        bias_axes: the output letters that have a bias (for example `"d"`),
            or None for no bias.
        kernel_initializer: initializer of the kernel (default `"glorot_uniform"`).
        bias_initializer: initializer of the bias (default `"zeros"`).
        kernel_regularizer: regularizer of the kernel, or None.
        bias_regularizer: regularizer of the bias, or None.
        activity_regularizer: regularizer of the output, or None.
        kernel_constraint: constraint of the kernel, or None.
        bias_constraint: constraint of the bias, or None.
        lora_rank: must be None (kerasish has no LoRA).
        lora_alpha: must be None.
        quantization_config: must be None (kerasish has no quantization).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Raises:
        ValueError: if `lora_rank` or `quantization_config` is set; when built, if the equation is not
            of an accepted form or does not fit the shapes.

    Examples:
        >>> layer = keras.layers.EinsumDense("abc,cde->abde", output_shape=(None, 2, 4),
        ...                                  bias_axes="de")
        >>> layer(np.ones((1, 3, 5))).shape
        (1, 3, 2, 4)
        >>> [tuple(w.shape) for w in layer.weights]
        [(5, 2, 4), (2, 4)]
    """

    def __init__(self, equation, output_shape, activation=None, bias_axes=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None,
                 quantization_config=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if lora_rank is not None or lora_alpha is not None:
            raise ValueError(f"kerasish does not support LoRA. Received: lora_rank={lora_rank}")
        if quantization_config is not None:
            raise ValueError("kerasish does not support quantization. Received: "
                             f"quantization_config={quantization_config!r}")
        self.equation = equation
        self.partial_output_shape = (
            (output_shape,) if isinstance(output_shape, int) else tuple(output_shape))
        self.activation = activations.get(activation)
        self.bias_axes = bias_axes
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

    def build(self, input_shape):
        kernel_shape, bias_shape, self.full_output_shape = analyze_equation(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape)
        self.kernel = self.add_weight(
            name="kernel", shape=kernel_shape, initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.bias = None
        if bias_shape is not None:
            self.bias = self.add_weight(
                name="bias", shape=bias_shape, initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs):
        x = ops.convert_to_tensor(inputs)
        outputs = _Einsum.apply(x, self.kernel, equation=self.equation)
        if self.bias is not None:
            outputs = ops.add(outputs, self.bias)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return analyze_equation(self.equation, self.bias_axes, input_shape,
                                self.partial_output_shape)[2]

    def get_config(self):
        config = super().get_config()
        config.update({
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
        })
        return config
