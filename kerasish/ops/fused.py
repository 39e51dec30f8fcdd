"""Ops that pick a fused primitive when one exists for the arguments.

Layers call these instead of chaining ops, and get one graph node where the
chain would record several (see backend/fused_primitives.py). They are not in
`kerasish.ops` itself: `keras.ops` has no such functions.
"""

from kerasish import activations
from kerasish.backend.fused_primitives import FusedDense

# Activations FusedDense applies itself, by the name it knows them under.
_FUSED_ACTIVATIONS = {None: "linear", activations.linear: "linear", activations.relu: "relu"}


def dense(inputs, kernel, bias=None, activation=None):
    """Returns `activation(inputs @ kernel + bias)`, as a Dense layer computes it.

    relu and linear run inside the one FusedDense node; any other
    activation is applied to its output as an op of its own (softmax and
    sigmoid outputs must remember their logits for the losses).

    Args:
        inputs: a Tensor or array whose last axis matches `kernel.shape[0]`;
            other dtypes compute in the kernel's dtype.
        kernel: the `(input_dim, units)` weight.
        bias: the `(units,)` bias, or None.
        activation: a callable, or None for none.

    Returns:
        A Tensor when an input needs a gradient, else a NumPy array, of shape
        `inputs.shape[:-1] + (units,)`.

    Examples:
        >>> from kerasish.ops import fused
        >>> fused.dense(np.ones((1, 2), "float32"), np.ones((2, 3), "float32"),
        ...             activation=keras.activations.relu)
        array([[2., 2., 2.]], dtype=float32)
    """
    name = _FUSED_ACTIVATIONS.get(activation)
    if name is not None:
        return FusedDense.apply(inputs, kernel, bias, activation=name)
    return activation(FusedDense.apply(inputs, kernel, bias, activation="linear"))
