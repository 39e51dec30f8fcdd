"""Shared checks for layers and ops: finite-difference gradients, shapes,
weight counts, config round trips and `set_weights` errors.

A new layer is covered in a few lines:

    check_layer(lambda: Dense(3, activation="tanh"), input_shape=(4, 5),
                num_weights=2, num_trainable=2)
"""

import contextlib

import numpy as np
import pytest

from kerasish import ops
from kerasish.backend import config
from kerasish.backend.tensor import Tensor, gradients

# Central differences in float64 have an error of about step**2 (truncation)
# plus 1e-16 / step (rounding), so step=1e-6 gives ~1e-10 absolute error;
# 1e-6 relative leaves room for sums over a few hundred elements.
STEP = 1e-6
RTOL = 1e-6
ATOL = 1e-7


@contextlib.contextmanager
def float64():
    """Runs the body with floatx float64 and restores the previous floatx."""
    previous = config.floatx()
    config.set_floatx("float64")
    try:
        yield
    finally:
        config.set_floatx(previous)


def random_weights_for(shape, seed=0):
    """Cotangent used to turn an output into a scalar: sum(output * weights).
    Random (not ones) so that a backward pass that mixes up elements fails."""
    return np.random.default_rng(seed).normal(size=shape)


def _scalar_from(output, weights):
    return ops.sum(ops.multiply(output, weights))


def _plain(x):
    return x.value if isinstance(x, Tensor) else np.asarray(x)


def numeric_gradient(scalar_fn, array):
    """d scalar_fn() / d array by central differences; `array` is perturbed
    in place (it is the storage the function reads) and restored."""
    grad = np.zeros_like(array, dtype=np.float64)
    flat, flat_grad = array.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + STEP
        plus = float(scalar_fn())
        flat[i] = original - STEP
        minus = float(scalar_fn())
        flat[i] = original
        flat_grad[i] = (plus - minus) / (2 * STEP)
    return grad


def check_op_gradients(fn, *arrays, seed=0):
    """Checks the analytic gradient of `fn(*tensors)` against finite
    differences, for every float64 input in `arrays`.

    Returns the analytic gradients so callers can make further checks.
    """
    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    tensors = [Tensor(a) for a in arrays]
    output = fn(*tensors)
    assert isinstance(output, Tensor), "a differentiable op must record a graph"
    weights = random_weights_for(np.shape(_plain(output)), seed)
    analytic = gradients(_scalar_from(output, weights), tensors)

    def scalar():
        # Plain arrays in, so no graph is built while differencing.
        return _plain(_scalar_from(fn(*arrays), weights))

    for index, (array, grad) in enumerate(zip(arrays, analytic)):
        assert grad.shape == array.shape, f"gradient {index} has the wrong shape"
        np.testing.assert_allclose(
            grad, numeric_gradient(scalar, array), rtol=RTOL, atol=ATOL,
            err_msg=f"gradient with respect to input {index}",
        )
    return analytic


def _layer_gradient_check(layer, x, seed):
    x_tensor = Tensor(x.copy())
    output = layer(x_tensor)
    weights = random_weights_for(np.shape(_plain(output)), seed)
    sources = [x_tensor] + list(layer.trainable_weights)
    analytic = gradients(_scalar_from(output, weights), sources)

    def scalar_of_input():
        return _plain(_scalar_from(layer(x_tensor.value), weights))

    np.testing.assert_allclose(
        analytic[0], numeric_gradient(scalar_of_input, x_tensor.value), rtol=RTOL, atol=ATOL,
        err_msg=f"{layer.name}: gradient with respect to the inputs",
    )
    for variable, grad in zip(layer.trainable_weights, analytic[1:]):
        np.testing.assert_allclose(
            grad, numeric_gradient(scalar_of_input, variable.value), rtol=RTOL, atol=ATOL,
            err_msg=f"{layer.name}: gradient with respect to {variable.path}",
        )


def _check_config_round_trip(layer, x):
    config_ = layer.get_config()
    clone = type(layer).from_config(config_)
    assert clone.get_config() == config_
    clone(x)
    clone.set_weights(layer.get_weights())
    np.testing.assert_array_equal(_plain(clone(x)), _plain(layer(x)))


def _check_set_weights_errors(layer):
    weights = layer.get_weights()
    with pytest.raises(ValueError, match="weight list of length"):
        layer.set_weights(weights + [np.zeros(1)])
    for index, value in enumerate(weights):
        wrong = list(weights)
        wrong[index] = np.zeros(value.shape + (2,))
        with pytest.raises(ValueError, match="is not compatible with provided weight shape"):
            layer.set_weights(wrong)
    for before, after in zip(weights, layer.get_weights()):
        np.testing.assert_array_equal(before, after)  # a failed set changed nothing


def check_layer(make_layer, input_shape, num_weights, num_trainable=None, seed=0, input_fn=None,
                reference=None):
    """Runs every generic layer check on `make_layer()` with a random input.

    `input_fn(rng, shape)` may replace the default standard-normal input (for
    layers with kinks, to keep inputs away from them). `reference(x,
    weights)` computes the expected output in float64 NumPy from the input
    and `layer.get_weights()`: the forward values are then checked too (the
    other checks pass a forward pass that is consistently wrong).
    """
    rng = np.random.default_rng(seed)
    with float64():
        x = rng.normal(size=input_shape) if input_fn is None else input_fn(rng, input_shape)
        layer = make_layer()
        output = _plain(layer(x))
        assert output.dtype == np.float64
        if reference is not None:
            expected = reference(np.asarray(x, np.float64), layer.get_weights())
            np.testing.assert_allclose(output, expected, rtol=1e-9, atol=1e-12)
        expected = layer.compute_output_shape((None,) + tuple(input_shape[1:]))
        assert tuple(expected) == (None,) + output.shape[1:]
        assert len(layer.weights) == num_weights
        trainable = num_weights if num_trainable is None else num_trainable
        assert len(layer.trainable_weights) == trainable
        assert layer.count_params() == sum(w.size for w in layer.get_weights())
        _check_config_round_trip(layer, x)
        _layer_gradient_check(layer, x, seed)
        if num_weights:
            _check_set_weights_errors(layer)
    return layer

