"""Custom training against real Keras: one train_step written once (gradients
through keras.GradientTape here, tf.GradientTape there) trains to the same
weights; metrics held as attributes give the same history keys and values;
models trained only by add_loss; compute_loss overrides."""

import numpy as np

import kerasish
from compat_tests.helpers import TRAINING, assert_close, real_keras, tf

RNG = np.random.default_rng(3)
X = RNG.normal(size=(40, 4)).astype("float32")
Y = (X @ RNG.normal(size=(4, 1)) + 0.1).astype("float32")


def _tape(lib):
    return kerasish.GradientTape if lib is kerasish else tf().GradientTape


def _custom_model_class(lib):
    """The custom train_step of Keras's guide, written once for both libraries."""
    tape_class = _tape(lib)

    class CustomModel(lib.Model):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.loss_tracker = lib.metrics.Mean(name="loss")
            self.mae_metric = lib.metrics.MeanAbsoluteError(name="mae")

        def train_step(self, data):
            x, y = data
            with tape_class() as tape:
                y_pred = self(x, training=True)
                loss = lib.ops.mean(lib.ops.square(y_pred - y))
            trainable = self.trainable_variables
            gradients = tape.gradient(loss, trainable)
            self.optimizer.apply(gradients, trainable)
            self.loss_tracker.update_state(loss)
            self.mae_metric.update_state(y, y_pred)
            return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

        def test_step(self, data):
            x, y = data
            y_pred = self(x, training=False)
            self.loss_tracker.update_state(lib.ops.mean(lib.ops.square(y_pred - y)))
            self.mae_metric.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

        @property
        def metrics(self):
            return [self.loss_tracker, self.mae_metric]

    return CustomModel


def _functional(lib, cls):
    inputs = lib.Input((4,))
    hidden = lib.layers.Dense(8, activation="relu")(inputs)
    return cls(inputs, lib.layers.Dense(1)(hidden))


def _pair(make):
    ours, theirs = make(kerasish), make(real_keras())
    ours.set_weights(theirs.get_weights())
    return ours, theirs


def _assert_same_training(ours, theirs, ours_history, theirs_history):
    assert list(ours_history.history) == list(theirs_history.history)
    for key, values in theirs_history.history.items():
        assert_close(ours_history.history[key], values, TRAINING, key)
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        assert_close(a, b, TRAINING, "weights")


def test_custom_train_step_with_tapes_trains_to_the_same_weights():
    ours, theirs = _pair(lambda lib: _functional(lib, _custom_model_class(lib)))
    histories = []
    for lib, model in ((kerasish, ours), (real_keras(), theirs)):
        model.compile(optimizer=lib.optimizers.Adam(0.01))
        histories.append(model.fit(X, Y, batch_size=8, epochs=3, shuffle=False, verbose=0,
                                   validation_data=(X[:16], Y[:16])))
    _assert_same_training(ours, theirs, *histories)


def test_metrics_as_attributes_updated_in_compute_loss_match_key_for_key():
    def make(lib):
        class Tracked(lib.Model):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.abs_tracker = lib.metrics.Mean(name="abs_error")

            def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None,
                             training=True):
                loss = super().compute_loss(x, y, y_pred, sample_weight, training)
                self.abs_tracker.update_state(lib.ops.mean(lib.ops.abs(y_pred - y)))
                return loss

        model = _functional(lib, Tracked)
        model.compile(optimizer=lib.optimizers.SGD(0.05), loss="mse", metrics=["mae"])
        return model

    ours, theirs = _pair(make)
    kwargs = dict(batch_size=8, epochs=3, shuffle=False, verbose=0, validation_split=0.25)
    _assert_same_training(ours, theirs, ours.fit(X, Y, **kwargs), theirs.fit(X, Y, **kwargs))
    assert [m.name for m in ours.metrics] == [m.name for m in theirs.metrics]
    assert_close(ours.evaluate(X, Y, verbose=0), theirs.evaluate(X, Y, verbose=0), TRAINING,
                 "evaluate")


def test_default_train_step_on_a_functional_subclass():
    def make(lib):
        class Plain(lib.Model):
            pass

        model = _functional(lib, Plain)
        model.compile(optimizer=lib.optimizers.RMSprop(0.01), loss="mae", metrics=["mse"])
        return model

    ours, theirs = _pair(make)
    kwargs = dict(batch_size=16, epochs=2, shuffle=False, verbose=0)
    _assert_same_training(ours, theirs, ours.fit(X, Y, **kwargs), theirs.fit(X, Y, **kwargs))


def test_model_trained_only_by_add_loss():
    def make(lib):
        class Endpoint(lib.layers.Layer):
            def call(self, inputs):
                targets, predictions = inputs
                self.add_loss(lib.ops.mean(lib.ops.square(targets - predictions)))
                return predictions

        x_in, t_in = lib.Input((4,)), lib.Input((1,))
        outputs = Endpoint()([t_in, lib.layers.Dense(1)(x_in)])
        model = lib.Model([x_in, t_in], outputs)
        model.compile(optimizer=lib.optimizers.SGD(0.05))
        return model

    ours, theirs = _pair(make)
    kwargs = dict(batch_size=8, epochs=3, shuffle=False, verbose=0)
    _assert_same_training(ours, theirs, ours.fit([X, Y], **kwargs),
                          theirs.fit([X, Y], **kwargs))


def test_gan_style_step_with_two_optimizers_and_returned_logs():
    def make(lib):
        tape_class = _tape(lib)

        class TwoNets(lib.Model):
            def __init__(self):
                super().__init__()
                self.generator = lib.Sequential([lib.Input((2,)), lib.layers.Dense(4)])
                self.critic = lib.Sequential([lib.Input((4,)), lib.layers.Dense(1)])
                self.g_tracker = lib.metrics.Mean(name="g_loss")
                self.d_tracker = lib.metrics.Mean(name="d_loss")

            def compile(self, d_optimizer, g_optimizer):
                super().compile()
                self.d_optimizer, self.g_optimizer = d_optimizer, g_optimizer

            @property
            def metrics(self):
                return [self.d_tracker, self.g_tracker]

            def train_step(self, data):
                noise = data[:, :2]
                with tape_class() as tape:
                    d_loss = (lib.ops.mean(self.critic(self.generator(noise)))
                              - lib.ops.mean(self.critic(data)))
                grads = tape.gradient(d_loss, self.critic.trainable_weights)
                self.d_optimizer.apply_gradients(zip(grads, self.critic.trainable_weights))
                with tape_class() as tape:
                    g_loss = -lib.ops.mean(self.critic(self.generator(noise)))
                grads = tape.gradient(g_loss, self.generator.trainable_weights)
                self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights))
                self.d_tracker.update_state(d_loss)
                self.g_tracker.update_state(g_loss)
                return {"d_loss": self.d_tracker.result(), "g_loss": self.g_tracker.result()}

        model = TwoNets()
        model.compile(lib.optimizers.Adam(0.001), lib.optimizers.Adam(0.002))
        return model

    ours, theirs = make(kerasish), make(real_keras())
    ours.generator.set_weights(theirs.generator.get_weights())
    ours.critic.set_weights(theirs.critic.get_weights())
    kwargs = dict(batch_size=10, epochs=2, shuffle=False, verbose=0)
    ours_history, theirs_history = ours.fit(X, **kwargs), theirs.fit(X, **kwargs)
    assert list(ours_history.history) == list(theirs_history.history)
    for key, values in theirs_history.history.items():
        assert_close(ours_history.history[key], values, TRAINING, key)
    for a, b in zip(ours.generator.get_weights() + ours.critic.get_weights(),
                    theirs.generator.get_weights() + theirs.critic.get_weights()):
        assert_close(a, b, TRAINING, "weights")


def test_tape_gradients_match_tf_gradient_tape():
    w = np.array([[0.5, -1.0], [2.0, 0.25]], "float32")
    ours_w = kerasish.Variable(w)
    theirs_w = tf().Variable(w)
    results = []
    for lib, variable, tape_class in ((kerasish, ours_w, kerasish.GradientTape),
                                      (real_keras(), theirs_w, tf().GradientTape)):
        x = np.array([[1.0, 2.0], [3.0, -1.0]], "float32")
        with tape_class(persistent=True) as tape:
            y = lib.ops.tanh(lib.ops.matmul(x, variable))
            loss = lib.ops.sum(y * y)
        results.append((tape.gradient(loss, {"w": variable})["w"],
                        tape.gradient(y, variable, output_gradients=np.ones((2, 2), "float32"))))
    for ours, theirs in zip(*results):
        assert_close(ours, np.asarray(theirs), TRAINING, "gradient")
