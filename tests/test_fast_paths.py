"""The training fast paths give the same numbers as the plain ops they replace:
the fused Dense node, skipped gradients, the scalar Mean path; and inference
builds no graph."""

import numpy as np
import pytest

import kerasish as keras
from kerasish import ops
from kerasish.backend import fused_primitives as F
from kerasish.backend import primitives as P
from kerasish.backend.tensor import Tensor, gradients
from kerasish.backend.variables import Variable


def _unfused_dense(x, kernel, bias, activation):
    out = ops.matmul(x, kernel)
    if bias is not None:
        out = ops.add(out, bias)
    return ops.relu(out) if activation == "relu" else out


@pytest.mark.parametrize("activation", ["relu", "linear"])
@pytest.mark.parametrize("use_bias", [True, False])
@pytest.mark.parametrize("x_shape", [(5, 3), (2, 4, 3), (3,)])
def test_fused_dense_matches_matmul_add_relu(activation, use_bias, x_shape):
    rng = np.random.default_rng(0)
    x = Tensor(rng.normal(size=x_shape).astype("float32"))
    kernel = Variable(rng.normal(size=(3, 4)).astype("float32"))
    bias = Variable(rng.normal(size=(4,)).astype("float32")) if use_bias else None
    sources = [x, kernel] + ([bias] if use_bias else [])
    upstream = rng.normal(size=x_shape[:-1] + (4,)).astype("float32")

    fused = F.FusedDense.apply(x, kernel, bias, activation=activation)
    plain = _unfused_dense(x, kernel, bias, activation)
    np.testing.assert_array_equal(fused.value, plain.value)
    fused_grads = gradients(ops.sum(ops.multiply(fused, upstream)), sources)
    plain_grads = gradients(ops.sum(ops.multiply(plain, upstream)), sources)
    for got, want in zip(fused_grads, plain_grads):
        assert got.dtype == np.float32
        # Same products, summed by one GEMM instead of matmul + unbroadcast.
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_fused_dense_computes_no_gradient_for_data_inputs():
    x = np.ones((2, 3), "float32")
    kernel = Variable(np.ones((3, 4), "float32"))
    out = F.FusedDense.apply(x, kernel, None, activation="linear")
    assert out.function.needs_grad == (False, True, False)
    grad_x, grad_kernel, grad_bias = out.function.backward(np.ones((2, 4), "float32"))
    assert grad_x is None and grad_bias is None
    np.testing.assert_array_equal(grad_kernel, np.full((3, 4), 2.0))


def test_fused_dense_computes_integer_inputs_in_the_kernel_dtype():
    kernel = Variable(np.ones((3, 2), "float32"))
    out = F.FusedDense.apply(np.ones((4, 3), "int64"), kernel, None, activation="relu")
    assert out.dtype == "float32"


def test_dense_uses_one_fused_node_and_keeps_softmax_logits():
    layer = keras.layers.Dense(3, activation="softmax")
    x = Tensor(np.ones((2, 4), "float32"))
    out = layer(x)
    assert isinstance(out.function, P.Softmax)
    assert isinstance(out._keras_logits.function, F.FusedDense)
    relu = keras.layers.Dense(3, activation="relu")(x)
    assert isinstance(relu.function, F.FusedDense)


def test_dense_with_custom_activation_applies_it_after_the_fused_node():
    layer = keras.layers.Dense(2, activation=lambda t: ops.multiply(t, 2.0),
                               kernel_initializer="ones")
    out = layer(np.ones((1, 3), "float32"))
    np.testing.assert_array_equal(out, [[6.0, 6.0]])


def test_divide_skips_the_gradient_of_a_constant_divisor():
    x = Tensor(np.array([2.0, 4.0], "float32"))
    out = P.Divide.apply(x, np.float32(2.0))
    grad_a, grad_b = out.function.backward(np.ones(2, "float32"))
    assert grad_b is None
    np.testing.assert_array_equal(grad_a, [0.5, 0.5])


def test_divide_no_nan_by_a_constant_records_a_single_node():
    x = Tensor(np.array([2.0, 4.0], "float32"))
    out = ops.divide_no_nan(x, 2)
    assert isinstance(out.function, P.Divide) and out.inputs[0] is x
    np.testing.assert_array_equal(ops.divide_no_nan(np.array([1.0, 2.0]), np.array([0.0, 2.0])),
                                  [0.0, 1.0])


@pytest.mark.parametrize("weight", [None, 3, np.float32(2.5)])
def test_mean_scalar_path_matches_the_array_path(weight):
    fast, general = keras.metrics.Mean(), keras.metrics.Mean()
    for value in (0.1, np.float32(0.7), np.array(1.3, "float64")):
        fast.update_state(value, sample_weight=weight)
        general.update_state(np.array([value], "float32"),
                             sample_weight=None if weight is None else np.array([weight]))
    assert fast.result().dtype == np.float32
    assert fast.result() == general.result()
    assert fast.count.value == general.count.value


def _mlp():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def test_predict_and_evaluate_record_no_graph(monkeypatch):
    model = _mlp()
    x = np.random.default_rng(0).normal(size=(6, 4))
    y = keras.utils.to_categorical([0, 1, 2, 0, 1, 2], 3)
    recorded = []
    original = Tensor.__init__

    def spy(self, value, function=None, inputs=(), requires_grad=True):
        if function is not None:
            recorded.append(function)
        original(self, value, function, inputs, requires_grad)

    monkeypatch.setattr(Tensor, "__init__", spy)
    model.predict(x, verbose=0)
    model.evaluate(x, y, verbose=0)
    assert recorded == []
    model.train_on_batch(x, y)
    assert recorded  # training does record


def test_training_step_is_float32_throughout():
    model = _mlp()
    x = np.random.default_rng(0).normal(size=(6, 4))  # float64, as users pass it
    y = keras.utils.to_categorical([0, 1, 2, 0, 1, 2], 3)
    dtypes = set()
    original = F.FusedDense.forward

    def spy(self, *arrays):
        out = original(self, *arrays)
        dtypes.update(a.dtype.name for a in arrays if a is not None)
        dtypes.add(out.dtype.name)
        return out

    F.FusedDense.forward = spy
    try:
        logs = model.train_on_batch(x, y, return_dict=True)
    finally:
        F.FusedDense.forward = original
    assert dtypes == {"float32"}
    assert all(w.dtype == np.float32 for w in model.get_weights())
    assert all(isinstance(v, float) for v in logs.values())


def _tiny_compiled_model():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def test_batch_hooks_are_skipped_only_when_no_callback_overrides_them(monkeypatch):
    x = np.ones((8, 3), "float32")
    y = np.eye(2, dtype="float32")[[0, 1] * 4]
    model = _tiny_compiled_model()
    built_logs = []
    real_get_metrics_result = model.get_metrics_result

    def counting_get_metrics_result():
        built_logs.append(1)
        return real_get_metrics_result()

    monkeypatch.setattr(model, "get_metrics_result", counting_get_metrics_result)

    class EpochOnly(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            pass

    model.fit(x, y, batch_size=2, epochs=1, verbose=0, callbacks=[EpochOnly()])
    assert len(built_logs) == 1  # the epoch's logs only: 4 batches, no batch logs

    class OldStyle(keras.callbacks.Callback):  # on_batch_end is called by on_train_batch_end
        def __init__(self):
            super().__init__()
            self.seen = []

        def on_batch_end(self, batch, logs=None):
            self.seen.append((batch, sorted(logs)))

    old_style = OldStyle()
    lambda_batches = []
    on_batch = keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: lambda_batches.append(batch)
    )
    model.fit(x, y, batch_size=2, epochs=1, verbose=0, callbacks=[old_style, on_batch])
    assert [b for b, _ in old_style.seen] == [0, 1, 2, 3]
    assert old_style.seen[0][1] == ["accuracy", "loss"]
    assert lambda_batches == [0, 1, 2, 3]


def test_evaluate_and_predict_call_overridden_batch_hooks():
    x = np.ones((6, 3), "float32")
    y = np.eye(2, dtype="float32")[[0, 1, 0, 1, 0, 1]]
    model = _tiny_compiled_model()
    calls = []

    class BatchEnds(keras.callbacks.Callback):
        def on_test_batch_end(self, batch, logs=None):
            calls.append(("test", batch))

        def on_predict_batch_end(self, batch, logs=None):
            calls.append(("predict", batch))

    model.evaluate(x, y, batch_size=3, verbose=0, callbacks=[BatchEnds()])
    model.predict(x, batch_size=3, verbose=0, callbacks=[BatchEnds()])
    assert calls == [("test", 0), ("test", 1), ("predict", 0), ("predict", 1)]


@pytest.mark.parametrize("shape", [(5, 10), (4, 33), (3, 1), (2, 3, 4)])
def test_softmax_shift_is_the_exact_row_maximum(shape):
    a = np.random.default_rng(0).normal(size=shape).astype("float32")
    a.flat[0] = np.nan if shape == (5, 10) else a.flat[0]
    np.testing.assert_array_equal(P._row_max(a, -1), np.max(a, axis=-1, keepdims=True))
    np.testing.assert_array_equal(P._row_max(a, 0), np.max(a, axis=0, keepdims=True))


def test_crossentropy_of_a_softmax_output_reuses_its_normalizer_exactly():
    rng = np.random.default_rng(0)
    logits = Variable(np.concatenate([
        rng.standard_normal((4, 5)).astype("float32") * 10,
        np.array([[3e38, -3e38, 0.0, 1.0, -1.0]], "float32"),
    ]))
    labels = np.eye(5, dtype="float32")[[0, 1, 2, 3, 1]]
    probs = keras.ops.softmax(logits)
    assert probs.function.log_normalizer is not None
    reused = keras.ops.categorical_crossentropy(labels, probs)
    direct = keras.ops.categorical_crossentropy(labels, logits, from_logits=True)
    np.testing.assert_array_equal(np.asarray(reused), np.asarray(direct))
    sparse = keras.ops.sparse_categorical_crossentropy(np.array([0, 1, 2, 3, 1]), probs)
    np.testing.assert_array_equal(np.asarray(sparse), np.asarray(direct))
    grads = [keras.backend.gradients(keras.ops.sum(loss), [logits])[0] for loss in (reused, direct)]
    np.testing.assert_array_equal(*grads)


def test_crossentropy_over_another_axis_than_the_softmax_does_not_reuse_it():
    logits = Variable(np.arange(6, dtype="float32").reshape(2, 3))
    probs = keras.ops.softmax(logits, axis=0)
    labels = np.array([[1, 0, 0], [0, 1, 1]], "float32")
    got = keras.ops.categorical_crossentropy(labels, probs, axis=-1)
    assert got.function.log_normalizer is None


def test_crossentropy_of_a_softmax_over_several_axes_works_from_its_logits():
    # The softmax's axis is a tuple there: no normalizer to reuse, and the
    # cross-entropy (over the last axis of the logits, as before) must not fail.
    logits = Variable(np.arange(12, dtype="float32").reshape(2, 2, 3) / 4)
    probs = keras.ops.softmax(logits, axis=(1, 2))
    labels = np.eye(3, dtype="float32")[[[0, 1], [2, 0]]]
    got = keras.ops.categorical_crossentropy(labels, probs)
    assert got.function.log_normalizer is None
    direct = keras.ops.categorical_crossentropy(labels, logits, from_logits=True)
    np.testing.assert_array_equal(np.asarray(got), np.asarray(direct))
