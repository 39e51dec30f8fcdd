import numpy as np
import pytest

import kerasish as keras
from kerasish import constraints, layers, regularizers
from layer_checks import check_op_gradients, float64

W = np.array([[1.0, -2.0], [0.5, 3.0], [-1.5, 0.0]])


@pytest.mark.parametrize(
    "regularizer, expected",
    [
        (regularizers.L1(0.1), 0.1 * np.abs(W).sum()),
        (regularizers.L2(0.2), 0.2 * (W ** 2).sum()),
        (regularizers.L1L2(l1=0.1, l2=0.2), 0.1 * np.abs(W).sum() + 0.2 * (W ** 2).sum()),
        (regularizers.L2(), 0.01 * (W ** 2).sum()),
    ],
)
def test_regularizer_values(regularizer, expected):
    assert float(np.asarray(regularizer(W.astype("float32")))) == pytest.approx(expected, rel=1e-6)


def test_regularizer_gradients():
    with float64():
        check_op_gradients(regularizers.L1L2(l1=0.1, l2=0.2), W)


def test_regularizer_get_and_config():
    assert isinstance(regularizers.get("l2"), regularizers.L2)
    # float32-rounded, as Keras's L1 config is
    assert regularizers.get("l1").get_config() == {"l1": float(np.float32(0.01))}
    config = regularizers.L1L2(0.1, 0.3).get_config()
    assert regularizers.L1L2.from_config(config).get_config() == config
    with pytest.raises(ValueError, match="Could not interpret regularizer identifier: l3"):
        regularizers.get("l3")
    with pytest.raises(ValueError, match="Received: l2=-1"):
        regularizers.L2(-1)


def regularized_model(**dense_kwargs):
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2, **dense_kwargs)])
    model.set_weights([W.astype("float32"), np.zeros(2, "float32")])
    model.compile(keras.optimizers.SGD(0.0), "mse")
    return model


def test_weight_penalty_is_added_to_the_training_and_evaluation_loss():
    model = regularized_model(kernel_regularizer=regularizers.L2(0.1))
    x = np.array([[1.0, 0.0, 2.0]], "float32")
    y = np.zeros((1, 2), "float32")
    mse = ((x @ W) ** 2).mean()
    penalty = 0.1 * (W ** 2).sum()
    assert len(model.losses) == 1
    assert model.evaluate(x, y, verbose=0) == pytest.approx(mse + penalty, rel=1e-6)
    assert model.train_on_batch(x, y) == pytest.approx(mse + penalty, rel=1e-6)


def test_frozen_layers_contribute_no_weight_penalty():
    # Keras regularizes only trainable weights.
    model = regularized_model(kernel_regularizer=regularizers.L2(0.1))
    model.layers[0].trainable = False
    assert model.losses == []


def test_activity_regularizer_is_divided_by_the_batch_size():
    model = regularized_model(activity_regularizer=regularizers.L1(0.5))
    x = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 0.0]], "float32")
    y = np.zeros((2, 2), "float32")
    outputs = x @ W
    expected = (outputs ** 2).mean() + 0.5 * np.abs(outputs).sum() / 2
    assert model.evaluate(x, y, verbose=0) == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize(
    "constraint, expected",
    [
        (constraints.NonNeg(), np.maximum(W, 0)),
        (constraints.UnitNorm(), W / (1e-7 + np.linalg.norm(W, axis=0, keepdims=True))),
        (constraints.UnitNorm(axis=1), W / (1e-7 + np.linalg.norm(W, axis=1, keepdims=True))),
        (constraints.MaxNorm(2.0),
         W * np.minimum(np.linalg.norm(W, axis=0), 2.0) / (1e-7 + np.linalg.norm(W, axis=0))),
        (constraints.MinMaxNorm(3.0, 3.5, rate=0.5),
         W * (0.5 * np.clip(np.linalg.norm(W, axis=0), 3.0, 3.5) + 0.5 * np.linalg.norm(W, axis=0))
         / (1e-7 + np.linalg.norm(W, axis=0))),
    ],
)
def test_constraint_values(constraint, expected):
    np.testing.assert_allclose(constraint(W), expected, rtol=1e-6)
    config = constraint.get_config()
    assert type(constraint).from_config(config).get_config() == config


def test_non_neg_gives_positive_zeros_and_keeps_the_dtype():
    # Keras 3 computes maximum(w, 0): no -0.0 where a weight was negative.
    clipped = constraints.NonNeg()(np.array([-1.0, 2.0, -0.0], dtype="float32"))
    assert clipped.dtype == np.float32
    assert not np.signbit(clipped).any()
    assert constraints.NonNeg()(np.array(-3.0, dtype="float32")).dtype == np.float32


def test_constraints_apply_after_each_update():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2, kernel_constraint="non_neg")])
    model.compile(keras.optimizers.SGD(1.0), "mse")
    model.train_on_batch(np.ones((4, 3), "float32"), np.full((4, 2), -10.0, "float32"))
    assert (model.layers[0].kernel.value >= 0).all()


def test_constraint_get():
    assert isinstance(constraints.get("max_norm"), constraints.MaxNorm)
    with pytest.raises(ValueError, match="Could not interpret constraint identifier: positive"):
        constraints.get("positive")
