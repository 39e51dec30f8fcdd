"""EarlyStopping, ReduceLROnPlateau, LearningRateScheduler, CSVLogger,
TerminateOnNaN and LambdaCallback, driven by scripted logs and by fit."""

import numpy as np
import pytest

import kerasish
from kerasish import callbacks


class _Model:
    """Just what the callbacks touch: weights, an optimizer and stop_training."""

    def __init__(self):
        self.weights = [np.zeros(2)]
        self.optimizer = kerasish.optimizers.SGD(learning_rate=0.1)
        self.stop_training = False
        self.metrics = []

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = [w.copy() for w in weights]


def _drive(callback, values, monitor="val_loss"):
    """Feeds one monitored value per epoch; returns the epochs that ran."""
    model = _Model()
    callback.set_model(model)
    callback.on_train_begin({})
    ran = []
    for epoch, value in enumerate(values):
        model.weights = [np.full(2, float(epoch))]
        callback.on_epoch_begin(epoch, {})
        callback.on_epoch_end(epoch, {monitor: value})
        ran.append(epoch)
        if model.stop_training:
            break
    callback.on_train_end({})
    return model, ran


def test_early_stopping_waits_patience_epochs_without_improvement(capsys):
    stopper = callbacks.EarlyStopping(patience=2, verbose=1)
    _, ran = _drive(stopper, [1.0, 0.5, 0.6, 0.7, 0.4])
    assert ran == [0, 1, 2, 3] and stopper.stopped_epoch == 3
    assert capsys.readouterr().out == "Epoch 4: early stopping\n"


def test_early_stopping_min_delta_mode_and_restore(capsys):
    stopper = callbacks.EarlyStopping(monitor="val_auc", mode="max", min_delta=0.1, patience=1,
                                      restore_best_weights=True, verbose=1)
    model, ran = _drive(stopper, [0.5, 0.55, 0.58, 0.9], monitor="val_auc")
    assert ran == [0, 1]  # 0.55 is not 0.1 better than 0.5
    np.testing.assert_array_equal(model.weights[0], [0.0, 0.0])
    assert capsys.readouterr().out.splitlines() == [
        "Epoch 2: early stopping",
        "Restoring model weights from the end of the best epoch: 1.",
    ]


def test_early_stopping_baseline_and_start_from_epoch():
    values = [0.5, 0.4, 0.45, 0.45, 0.45]
    _, ran = _drive(callbacks.EarlyStopping(patience=2), values)
    assert ran == [0, 1, 2, 3]
    # Improvements that do not beat the baseline do not reset the patience.
    _, ran = _drive(callbacks.EarlyStopping(patience=2, baseline=0.1), values)
    assert ran == [0, 1, 2]
    stopper = callbacks.EarlyStopping(patience=0, start_from_epoch=3)
    _, ran = _drive(stopper, [1.0, 2.0, 3.0, 4.0, 5.0])
    assert ran == [0, 1, 2, 3, 4]  # the first counted epoch only sets the best value


def test_early_stopping_warns_when_the_monitor_is_missing():
    stopper = callbacks.EarlyStopping(monitor="val_acc", mode="max")
    with pytest.warns(UserWarning, match="Available metrics are: loss"):
        stopper.set_model(_Model())
        stopper.on_train_begin()
        stopper.on_epoch_end(0, {"loss": 1.0})


def test_auto_mode_needs_a_known_direction():
    stopper = callbacks.EarlyStopping(monitor="val_mystery")
    stopper.set_model(_Model())
    stopper.on_train_begin()
    with pytest.raises(ValueError, match="Pass `mode='max'`"):
        stopper.on_epoch_end(0, {"val_mystery": 1.0})
    with pytest.warns(UserWarning, match="mode 'up' is unknown, fallback to auto mode"):
        callbacks.EarlyStopping(mode="up")


def test_auto_mode_maximises_accuracy_metrics_in_fit():
    model = kerasish.Sequential([kerasish.Input((2,)), kerasish.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    x = np.random.default_rng(0).normal(size=(16, 2)).astype("float32")
    stopper = callbacks.EarlyStopping(monitor="accuracy", patience=50)
    model.fit(x, np.arange(16) % 2, epochs=1, verbose=0, callbacks=[stopper])
    assert stopper.monitor_op is np.greater


def test_reduce_lr_on_plateau_reduces_then_cools_down(capsys):
    reducer = callbacks.ReduceLROnPlateau(factor=0.5, patience=1, cooldown=1, min_lr=0.03,
                                          verbose=1)
    model, _ = _drive(reducer, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    assert float(model.optimizer.learning_rate) == pytest.approx(0.03)
    assert capsys.readouterr().out.splitlines()[1:] == [
        "Epoch 2: ReduceLROnPlateau reducing learning rate to 0.05000000074505806.",
        "",
        # The cooldown epoch (3) counts towards the patience again, as in Keras.
        "Epoch 3: ReduceLROnPlateau reducing learning rate to 0.03.",
    ]
    with pytest.raises(ValueError, match="does not support a factor >= 1.0"):
        callbacks.ReduceLROnPlateau(factor=1.5)


def test_learning_rate_scheduler_sets_and_logs_the_rate():
    model = kerasish.Sequential([kerasish.Input((2,)), kerasish.layers.Dense(1)])
    model.compile(optimizer=kerasish.optimizers.SGD(learning_rate=0.1), loss="mse")
    x, y = np.ones((4, 2), "float32"), np.ones((4, 1), "float32")
    history = model.fit(x, y, epochs=3, verbose=0,
                        callbacks=[callbacks.LearningRateScheduler(lambda epoch: 0.1 / (epoch + 1))])
    assert history.history["learning_rate"] == pytest.approx([0.1, 0.05, 0.1 / 3])
    with pytest.raises(ValueError, match="should be a float. Got: 1"):
        model.fit(x, y, epochs=1, verbose=0,
                  callbacks=[callbacks.LearningRateScheduler(lambda epoch, lr: 1)])


def test_csv_logger_writes_one_row_per_epoch(tmp_path):
    path = tmp_path / "log.csv"
    model = kerasish.Sequential([kerasish.Input((2,)), kerasish.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    x, y = np.ones((4, 2), "float32"), np.ones((4, 1), "float32")
    history = model.fit(x, y, epochs=2, verbose=0, callbacks=[callbacks.CSVLogger(path)])
    lines = path.read_text().splitlines()
    assert lines[0] == "epoch,loss,mae,val_loss,val_mae"
    assert lines[1].split(",")[:2] == ["0", repr(history.history["loss"][0])]
    assert lines[1].endswith(",NA,NA")
    model.fit(x, y, epochs=1, verbose=0, callbacks=[callbacks.CSVLogger(path, append=True)])
    assert len(path.read_text().splitlines()) == 4  # no second header


def test_terminate_on_nan_stops_or_raises(capsys):
    stopper = callbacks.TerminateOnNaN()
    model = _Model()
    stopper.set_model(model)
    stopper.on_train_batch_end(3, {"loss": float("nan")})
    assert model.stop_training
    assert capsys.readouterr().out == "Batch 3: Invalid loss, terminating training\n"
    strict = callbacks.TerminateOnNaN(raise_error=True)
    strict.set_model(_Model())
    with pytest.raises(RuntimeError, match="NaN or Inf loss encountered at batch 0"):
        strict.on_train_batch_end(0, {"loss": float("inf")})


def test_lambda_callback_and_hook_order_in_fit():
    events = []
    callback = callbacks.LambdaCallback(
        on_train_begin=lambda logs: events.append("train_begin"),
        on_epoch_begin=lambda epoch, logs: events.append(f"epoch_begin {epoch}"),
        on_train_batch_end=lambda batch, logs: events.append(f"batch_end {batch}"),
        on_epoch_end=lambda epoch, logs: events.append(f"epoch_end {epoch} {sorted(logs)}"),
        on_train_end=lambda logs: events.append("train_end"),
        on_test_begin=lambda logs: events.append("test_begin"),
    )
    model = kerasish.Sequential([kerasish.Input((2,)), kerasish.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.ones((3, 2), "float32"), np.ones((3, 1), "float32")
    model.fit(x, y, batch_size=2, epochs=1, verbose=0, validation_data=(x, y), callbacks=[callback])
    assert events == ["train_begin", "epoch_begin 0", "batch_end 0", "batch_end 1", "test_begin",
                      "epoch_end 0 ['loss', 'val_loss']", "train_end"]


def test_stop_training_set_in_a_batch_ends_fit():
    class StopAfterTwoBatches(callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 1:
                self.model.stop_training = True

    model = kerasish.Sequential([kerasish.Input((2,)), kerasish.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.ones((8, 2), "float32"), np.ones((8, 1), "float32")
    history = model.fit(x, y, batch_size=2, epochs=5, verbose=0, callbacks=[StopAfterTwoBatches()])
    assert history.epoch == [0]
    assert int(model.optimizer.iterations.value) == 2
