"""Scratch gradients: arrays the autodiff engine alone holds may be overwritten
(by a backward, by SGD), and nothing else ever is."""

import numpy as np
import pytest

import kerasish as keras
from kerasish.backend import Function, Variable
from kerasish.backend import fused_primitives as F
from kerasish.backend import primitives as P
from kerasish.backend.scratch import Primitive, scratch_gradients
from kerasish.backend.tensor import gradients


class ReturnsSavedArray(Function):
    """y = x * c, whose backward returns the array it keeps (wrong for a
    general grad, right for the sum below): a custom Function may do that."""

    def forward(self, x):
        self.c = np.full(x.shape, 2.0, dtype=x.dtype)
        return x * self.c

    def backward(self, grad):
        return (self.c,)


def test_a_saved_array_returned_by_backward_is_not_scratch():
    w = Variable(np.ones(3, "float32"))
    y = ReturnsSavedArray.apply(w)
    grads = scratch_gradients(keras.ops.sum(y), [w])
    assert grads[0] is y.function.c
    assert not grads.scratch_ids


def test_an_array_given_to_two_inputs_is_not_scratch():
    a, b = Variable(np.ones(2, "float32")), Variable(np.ones(2, "float32"))
    loss = keras.ops.sum(a + b)
    grads = scratch_gradients(loss, [a, b])
    assert grads[0] is grads[1]  # Add passes one array to both inputs
    assert not grads.scratch_ids
    keras.optimizers.SGD(learning_rate=0.5).apply(grads, [a, b])
    np.testing.assert_allclose(a.numpy(), [0.5, 0.5])
    np.testing.assert_allclose(b.numpy(), [0.5, 0.5])


def test_fresh_gradients_are_scratch_and_sgd_scales_them_in_place():
    x = np.arange(6, dtype="float32").reshape(3, 2)
    kernel = Variable(np.ones((2, 2), "float32"))
    loss = keras.ops.sum(F.FusedDense.apply(x, kernel, None, activation="linear"))
    grads = scratch_gradients(loss, [kernel])
    assert grads.scratch_ids == {id(grads[0])}
    expected = kernel.numpy() - 0.1 * grads[0]
    keras.optimizers.SGD(learning_rate=0.1).apply(grads, [kernel])
    np.testing.assert_allclose(kernel.numpy(), expected, rtol=1e-6)
    np.testing.assert_allclose(grads[0], 0.1 * x.sum(axis=0)[:, None] * np.ones((1, 2)), rtol=1e-6)


def test_user_gradients_are_never_overwritten():
    kernel = Variable(np.ones((2, 2), "float32"))
    x = np.ones((3, 2), "float32")
    grads = gradients(keras.ops.sum(keras.ops.matmul(x, kernel)), [kernel])
    kept = grads[0].copy()
    keras.optimizers.SGD(learning_rate=0.1).apply(grads, [kernel])
    np.testing.assert_array_equal(grads[0], kept)


def test_a_gradient_used_twice_accumulates_correctly():
    w = Variable(np.array([1.0, -2.0, 3.0], "float32"))
    hidden = keras.ops.relu(w) * 3.0
    loss = keras.ops.sum(hidden * hidden + hidden + w * w)
    (grad,) = gradients(loss, [w])
    positive = (w.numpy() > 0).astype("float32")
    expected = positive * (18 * w.numpy() + 3) + 2 * w.numpy()
    np.testing.assert_allclose(grad, expected, rtol=1e-6)


def test_relu_dense_backward_gives_the_same_gradient_with_and_without_scratch():
    rng = np.random.default_rng(0)
    x = Variable(rng.standard_normal((4, 3)).astype("float32"))
    kernel = Variable(rng.standard_normal((3, 5)).astype("float32"))
    out = F.FusedDense.apply(x, kernel, None, activation="relu")
    upstream = rng.standard_normal((4, 5)).astype("float32")
    function = out.function
    function.grad_is_scratch = False
    kept = upstream.copy()
    expected = function.backward(upstream)
    np.testing.assert_array_equal(upstream, kept)  # not scratch: left alone
    function.grad_is_scratch = True
    got = function.backward(upstream.copy())
    for e, g in zip(expected, got):
        np.testing.assert_array_equal(e, g)


def test_fit_does_not_change_what_the_model_predicted_during_the_step():
    # y_pred is read by the metrics after the optimizer ran: scratch
    # gradients must never alias it.
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
    x = np.eye(3, dtype="float32")
    y = np.array([[1, 0], [0, 1], [1, 0]], "float32")
    seen = {}
    original = model.compute_metrics

    def record(x_batch, y_batch, y_pred, sample_weight=None):
        seen["y_pred"] = np.array(y_pred)
        return original(x_batch, y_batch, y_pred, sample_weight=sample_weight)

    model.compute_metrics = record
    before = model.predict(x, verbose=0)
    model.train_on_batch(x, y)
    np.testing.assert_allclose(seen["y_pred"], before, rtol=1e-6)


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _graphs_using_every_primitive():
    """Small graphs that together run every primitive kerasish ships."""
    rng = np.random.default_rng(0)
    ops = keras.ops

    def var(*shape):
        return Variable(rng.standard_normal(shape).astype("float32") + 0.5)

    a, b = var(3, 4), var(3, 4)
    positive = Variable(np.abs(rng.standard_normal((3, 4))).astype("float32") + 0.5)
    labels = np.eye(4, dtype="float32")[[0, 1, 3]]
    yield (a + b) - a * b / positive + ops.maximum(a, b) + ops.minimum(a, b)
    yield ops.abs(a) + ops.clip(a, -0.5, 0.5) + ops.exp(a) + ops.log(positive)
    yield ops.sqrt(positive) + ops.square(a) + ops.power(positive, 1.5) - (-a)
    yield ops.relu(a) + ops.sigmoid(a) + ops.tanh(a) + ops.softplus(a) + ops.log_softmax(a)
    yield ops.gelu(a)
    yield ops.where(np.ones((3, 4), bool), a, b) + ops.cast(ops.cast(a, "float16"), "float32")
    yield ops.sum(a, axis=0) + ops.max(b, axis=0) + ops.prod(positive, axis=0)
    yield ops.reshape(ops.transpose(a), (12,)) + ops.broadcast_to(var(1), (12,))
    yield ops.concatenate([a, b], axis=0)[1:4] + ops.pad(a, [[0, 0], [0, 0]])[0:3]
    yield ops.pad(a, [[1, 2], [2, 1]], mode="reflect") + ops.pad(a, [[2, 1], [1, 2]], mode="symmetric")
    yield ops.matmul(a, ops.transpose(b))
    yield keras.losses.MeanSquaredError()(b, a)
    yield ops.categorical_crossentropy(labels, ops.softmax(a)) + ops.sum(ops.softmax(b) * 2.0)
    yield ops.sparse_categorical_crossentropy(np.array([0, 1, 3]), a, from_logits=True)
    yield ops.binary_crossentropy(np.ones((3, 4), "float32"), ops.sigmoid(a))
    yield keras.layers.Dense(2, activation="relu")(a)
    images = var(2, 6, 6, 3)
    yield keras.layers.Conv2D(2, 3, activation="relu")(images)
    # a first layer: the input (data) needs no gradient, the bias rides in the GEMM
    yield keras.layers.Conv2D(2, 3, activation="relu")(rng.random((2, 6, 6, 1), "float32"))
    yield keras.layers.Conv2DTranspose(2, 3)(images)
    yield keras.layers.MaxPooling2D()(images) + keras.layers.AveragePooling2D(2)(images)
    yield keras.layers.MaxPooling2D(3, strides=1)(images)
    yield keras.layers.BatchNormalization()(images, training=True)


def test_kerasish_primitives_never_return_an_array_they_keep():
    # The engine trusts this of the built-in primitives (a user-defined
    # Function's gradients are never scratch), so check every one of them.
    from kerasish.backend import tensor
    rng = np.random.default_rng(1)
    covered = set()
    for output in _graphs_using_every_primitive():
        for node in tensor._topological_order(output):
            function = node.function
            covered.add(type(function))
            kept = list(vars(function).values()) + [getattr(x, "value", x) for x in node.inputs]
            grad = rng.standard_normal(node.shape).astype(node.value.dtype)
            for returned in function.backward(grad):
                if returned is None:
                    continue
                assert not any(returned is k for k in kept), type(function).__name__
    trusted = {
        c for c in _all_subclasses(Function) if getattr(c, "returns_unshared_gradients", False)
    }
    trusted.discard(Primitive)  # the base class: no forward to run
    missing = sorted(c.__name__ for c in trusted - covered)
    assert not missing, f"add a graph that runs {missing}"


@pytest.mark.parametrize("differentiate", [gradients, scratch_gradients])
def test_gradients_summed_to_a_scalar_variable_accumulate(differentiate):
    # Broadcasting a 0-d variable twice: each gradient is summed back to a
    # NumPy scalar, which cannot be added to in place.
    w = Variable(np.array(2.0, "float32"))
    x = np.ones((3,), "float32")
    loss = keras.ops.sum(w * x) + keras.ops.sum(w * x * 2.0)
    (grad,) = differentiate(loss, [w])
    assert float(grad) == 9.0


@pytest.mark.parametrize("differentiate", [gradients, scratch_gradients])
def test_three_gradients_of_a_scalar_variable_all_count(differentiate):
    # The sum of two 0-d gradients is a NumPy scalar, not an array: a third
    # gradient added "in place" to it was lost (6 instead of 7).
    w = Variable(np.array(2.0, "float32"))
    (grad,) = differentiate(w * 1.0 + w * 2.0 + w * 4.0, [w])
    assert float(grad) == 7.0
    x = np.ones((3,), "float32")
    loss = keras.ops.sum(w * x) + keras.ops.sum(w * x * 2.0) + keras.ops.sum(w * x * 4.0)
    (grad,) = differentiate(loss, [w])
    assert float(grad) == 21.0


class KeepsItsGradient(Function):
    """The identity, whose backward records the gradient it passes on (a
    user's probe): the engine must not add to that array afterwards."""

    def forward(self, x):
        return x

    def backward(self, grad):
        self.seen = grad
        return (grad,)


_CONSTANT_GRADIENT = np.full(3, 5.0, "float32")


class ReturnsAGlobalArray(Function):
    """y = 5 * x with its backward returning a module-level array (right for
    the sum below): the engine cannot see that the module keeps it."""

    def forward(self, x):
        return x * 5.0

    def backward(self, grad):
        return (_CONSTANT_GRADIENT,)


@pytest.mark.parametrize("differentiate", [gradients, scratch_gradients])
def test_a_gradient_a_custom_backward_recorded_is_not_added_to(differentiate):
    w = Variable(np.ones(3, "float32"))
    hidden = w * 1.0
    direct = keras.ops.sum(hidden)  # made first, so its backward runs last
    probe = KeepsItsGradient.apply(hidden)
    (grad,) = differentiate(direct + keras.ops.sum(probe), [w])
    np.testing.assert_array_equal(grad, [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(probe.function.seen, [1.0, 1.0, 1.0])


@pytest.mark.parametrize("differentiate", [gradients, scratch_gradients])
def test_an_array_a_custom_backward_keeps_elsewhere_is_not_added_to(differentiate):
    w = Variable(np.ones(3, "float32"))
    loss = keras.ops.sum(w * 2.0) + keras.ops.sum(ReturnsAGlobalArray.apply(w))
    (grad,) = differentiate(loss, [w])
    np.testing.assert_array_equal(grad, [7.0, 7.0, 7.0])
    np.testing.assert_array_equal(_CONSTANT_GRADIENT, [5.0, 5.0, 5.0])
