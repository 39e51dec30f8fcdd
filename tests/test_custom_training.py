"""Custom training in Keras 3's form: train_step(data), test_step(data),
predict_step(data), compute_loss/compute_metrics overrides, metrics held as
attributes, functional subclassing and models trained only by add_loss."""

import numpy as np
import pytest

import kerasish as keras


def _data(n=32, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype("float32")
    return x, (x @ np.array([[1.0], [-2.0], [0.5]], "float32")).astype("float32")


class TapeModel(keras.Model):
    """The guide's model: its own train_step, trackers held as attributes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.mae_metric = keras.metrics.MeanAbsoluteError(name="mae")

    def train_step(self, data):
        x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)
        with keras.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x, y, y_pred, sample_weight)
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return self._track(loss, y, y_pred)

    def test_step(self, data):
        x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        return self._track(self.compute_loss(x, y, y_pred, sample_weight), y, y_pred)

    def _track(self, loss, y, y_pred):
        self.loss_tracker.update_state(loss)
        self.mae_metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}

    @property
    def metrics(self):
        return [self.loss_tracker, self.mae_metric]


def _functional_subclass(cls=TapeModel):
    keras.utils.set_random_seed(1)
    inputs = keras.Input((3,))
    return cls(inputs, keras.layers.Dense(1)(inputs))


def test_functional_subclass_keeps_its_methods_and_is_functional():
    model = _functional_subclass()
    assert isinstance(model, TapeModel)
    assert isinstance(model, keras.models.Model)
    assert len(model.layers) == 2 and model.output_shape == (None, 1)
    assert model.predict(np.ones((2, 3)), verbose=0).shape == (2, 1)


def test_custom_train_step_trains_and_logs_its_metrics_key_for_key():
    model = _functional_subclass()
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    x, y = _data()
    history = model.fit(x, y, batch_size=8, epochs=3, verbose=0, validation_data=(x, y))
    assert sorted(history.history) == ["loss", "mae", "val_loss", "val_mae"]
    assert history.history["loss"][-1] < history.history["loss"][0]
    # Reset every epoch: the last epoch's mean is not the mean of all epochs.
    model.loss_tracker.reset_state()
    assert model.evaluate(x, y, verbose=0, return_dict=True)["loss"] == pytest.approx(
        history.history["val_loss"][-1], rel=1e-6)


def test_custom_train_step_matches_the_default_one():
    x, y = _data()
    default = _functional_subclass(keras.Model)
    custom = _functional_subclass()
    custom.set_weights(default.get_weights())
    default.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    custom.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    a = default.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    b = custom.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(a.history["loss"], b.history["loss"], rtol=1e-6)
    for wa, wb in zip(default.get_weights(), custom.get_weights()):
        np.testing.assert_allclose(wa, wb, rtol=1e-6)


def test_metric_attributes_join_model_metrics_after_the_compiled_ones():
    class WithTracker(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(1)
            self.extra = keras.metrics.Mean(name="extra")

        def call(self, x):
            return self.dense(x)

        def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
            loss = super().compute_loss(x, y, y_pred, sample_weight, training)
            self.extra.update_state(keras.ops.convert_to_numpy(loss) * 2)
            return loss

    model = WithTracker()
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    x, y = _data()
    history = model.fit(x, y, epochs=2, verbose=0)
    assert [m.name for m in model.metrics] == ["loss", "compile_metrics", "extra"]
    assert sorted(history.history) == ["extra", "loss", "mae"]
    np.testing.assert_allclose(history.history["extra"], 2 * np.array(history.history["loss"]),
                               rtol=1e-5)


def test_step_overrides_receive_data_and_return_logs():
    seen = []

    class Recorder(keras.Model):
        def test_step(self, data):
            seen.append(type(data).__name__)
            return super().test_step(data)

        def predict_step(self, data):
            seen.append(type(data).__name__)
            return super().predict_step(data)

    inputs = keras.Input((3,))
    model = Recorder(inputs, keras.layers.Dense(1)(inputs))
    model.compile(loss="mse")
    x, y = _data(8)
    model.evaluate(x, y, batch_size=4, verbose=0)
    model.predict(x, batch_size=4, verbose=0)
    model.test_on_batch(x, y)
    assert seen == ["tuple", "tuple", "ndarray", "ndarray", "tuple"]


def test_train_on_batch_returns_the_custom_step_logs():
    model = _functional_subclass()
    model.compile(optimizer="sgd", loss="mse")
    x, y = _data(8)
    logs = model.train_on_batch(x, y, return_dict=True)
    assert sorted(logs) == ["loss", "mae"]


def test_compute_loss_override_without_training_argument():
    class OldStyle(keras.Model):
        def compute_loss(self, x, y, y_pred, sample_weight):
            return keras.ops.mean(keras.ops.abs(y_pred - y))

    inputs = keras.Input((3,))
    model = OldStyle(inputs, keras.layers.Dense(1)(inputs))
    model.compile(optimizer="sgd")
    x, y = _data(8)
    assert np.isfinite(model.fit(x, y, verbose=0).history["loss"][0])


def test_model_trained_only_by_add_loss():
    class Endpoint(keras.layers.Layer):
        def call(self, inputs):
            targets, predictions = inputs
            self.add_loss(keras.ops.mean(keras.ops.square(targets - predictions)))
            return predictions

    keras.utils.set_random_seed(0)
    x_in, t_in = keras.Input((3,)), keras.Input((1,))
    out = Endpoint()([t_in, keras.layers.Dense(1)(x_in)])
    model = keras.Model([x_in, t_in], out)
    model.compile(optimizer=keras.optimizers.SGD(0.1))
    x, y = _data()
    history = model.fit([x, y], epochs=5, verbose=0)
    assert list(history.history) == ["loss"]
    assert history.history["loss"][-1] < history.history["loss"][0] / 2


def test_subclassed_model_with_add_loss_in_call_and_no_compiled_loss():
    class Regularized(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(1)

        def call(self, x):
            out = self.dense(x)
            self.add_loss(keras.ops.mean(keras.ops.square(out)))
            return out

    model = Regularized()
    model.compile(optimizer=keras.optimizers.SGD(0.1))
    history = model.fit(np.ones((8, 3), "float32"), epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_no_loss_at_all_is_a_clear_error():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd")
    with pytest.raises(ValueError, match="No loss to compute"):
        model.fit(np.ones((4, 3)), np.ones((4, 1)), verbose=0)


def test_optimizer_apply_and_apply_gradients_agree():
    x, y = _data(8)
    models = [_functional_subclass(keras.Model) for _ in range(2)]
    for model in models:
        model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    for step, model in enumerate(models):
        with keras.GradientTape() as tape:
            loss = model.compute_loss(x, y, model(x))
        grads = tape.gradient(loss, model.trainable_variables)
        if step == 0:
            model.optimizer.apply(grads, model.trainable_variables)
        else:
            model.optimizer.apply_gradients(zip(grads, model.trainable_variables))
    for a, b in zip(models[0].get_weights(), models[1].get_weights()):
        np.testing.assert_array_equal(a, b)


def test_a_gan_style_step_with_two_optimizers_logs_what_it_returns():
    class TwoParts(keras.Model):
        def __init__(self):
            super().__init__()
            self.g = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
            self.d = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
            self.g_tracker = keras.metrics.Mean(name="g_loss")

        def compile(self, g_optimizer, d_optimizer):
            super().compile()
            self.g_optimizer, self.d_optimizer = g_optimizer, d_optimizer

        def train_step(self, data):
            noise = np.random.default_rng(0).normal(size=(len(data), 2)).astype("float32")
            with keras.GradientTape() as tape:
                d_loss = keras.ops.mean(self.d(data)) - keras.ops.mean(self.d(self.g(noise)))
            grads = tape.gradient(d_loss, self.d.trainable_variables)
            self.d_optimizer.apply(grads, self.d.trainable_variables)
            with keras.GradientTape() as tape:
                g_loss = keras.ops.mean(self.d(self.g(noise)))
            grads = tape.gradient(g_loss, self.g.trainable_variables)
            self.g_optimizer.apply(grads, self.g.trainable_variables)
            self.g_tracker.update_state(g_loss)
            return {"d_loss": d_loss, "g_loss": self.g_tracker.result()}

    model = TwoParts()
    model.compile(keras.optimizers.SGD(0.01), keras.optimizers.SGD(0.01))
    history = model.fit(np.ones((16, 3), "float32"), batch_size=4, epochs=2, verbose=0)
    assert sorted(history.history) == ["d_loss", "g_loss"]
    assert model.d_optimizer.iterations.numpy() == 8


def test_gan_example_runs_and_writes_a_png(tmp_path, monkeypatch):
    import os
    import runpy
    import sys

    example = os.path.join(os.path.dirname(__file__), "..", "examples", "gan_mnist.py")
    output = tmp_path / "grid.png"
    monkeypatch.setattr(sys, "argv", ["gan_mnist.py", "--epochs", "1", "--samples", "128",
                                      "--output", str(output)])
    runpy.run_path(example, run_name="__main__")
    data = output.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 100


def test_metrics_held_by_layers_are_logged_but_not_those_of_nested_models():
    class Counting(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.seen = keras.metrics.Sum(name="seen")

        def call(self, x):
            self.seen.update_state(keras.ops.convert_to_numpy(x).shape[0])
            return x

    inner = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3)])
    inner.compile(loss="mse")
    inputs = keras.Input((3,))
    model = keras.Model(inputs, keras.layers.Dense(1)(inner(Counting()(inputs))))
    model.compile(optimizer="sgd", loss="mse")
    x, y = _data(16)
    history = model.fit(x, y, batch_size=4, epochs=2, verbose=0)
    assert [m.name for m in model.metrics] == ["loss", "seen"]
    assert history.history["seen"] == [16.0, 16.0]  # reset every epoch
