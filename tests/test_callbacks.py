"""Callback hooks: order, arguments and logs, as Keras calls them."""

import numpy as np
import pytest

import kerasish as keras

HOOKS = [
    "on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end", "on_train_batch_begin",
    "on_train_batch_end", "on_test_begin", "on_test_end", "on_test_batch_begin",
    "on_test_batch_end", "on_predict_begin", "on_predict_end", "on_predict_batch_begin",
    "on_predict_batch_end",
]


class Recorder(keras.callbacks.Callback):
    """Records (hook, index or None, sorted log keys or None) for every call."""

    def __init__(self):
        super().__init__()
        self.events = []


def _recording_hook(hook):
    def record(self, *args, logs=None):
        index = args[0] if args and isinstance(args[0], int) else None
        if logs is None and args and isinstance(args[-1], dict):
            logs = args[-1]
        keys = tuple(sorted(logs)) if logs else None
        self.events.append((hook, index, keys))

    return record


for _hook in HOOKS:
    setattr(Recorder, _hook, _recording_hook(_hook))

METRICS = ("loss", "mae")
EPOCH_KEYS = ("loss", "mae", "val_loss", "val_mae")


def model():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse", metrics=["mae"])
    return model


def test_fit_calls_hooks_in_keras_order():
    recorder = Recorder()
    model().fit(np.ones((4, 2)), np.ones((4, 1)), batch_size=2, epochs=2, verbose=0,
                validation_data=(np.ones((2, 2)), np.ones((2, 1))), callbacks=[recorder])
    epoch = lambda e: [  # noqa: E731
        ("on_epoch_begin", e, None),
        ("on_train_batch_begin", 0, None), ("on_train_batch_end", 0, METRICS),
        ("on_train_batch_begin", 1, None), ("on_train_batch_end", 1, METRICS),
        ("on_test_begin", None, None),
        ("on_test_batch_begin", 0, None), ("on_test_batch_end", 0, METRICS),
        ("on_test_end", None, METRICS),
        ("on_epoch_end", e, EPOCH_KEYS),
    ]
    expected = [("on_train_begin", None, None)] + epoch(0) + epoch(1)
    expected += [("on_train_end", None, EPOCH_KEYS)]
    assert recorder.events == expected


def test_evaluate_and_predict_call_their_hooks():
    recorder = Recorder()
    m = model()
    m.evaluate(np.ones((4, 2)), np.ones((4, 1)), batch_size=2, verbose=0, callbacks=[recorder])
    m.predict(np.ones((4, 2)), batch_size=2, verbose=0, callbacks=[recorder])
    assert recorder.events == [
        ("on_test_begin", None, None),
        ("on_test_batch_begin", 0, None), ("on_test_batch_end", 0, METRICS),
        ("on_test_batch_begin", 1, None), ("on_test_batch_end", 1, METRICS),
        ("on_test_end", None, METRICS),
        ("on_predict_begin", None, None),
        ("on_predict_batch_begin", 0, None), ("on_predict_batch_end", 0, ("outputs",)),
        ("on_predict_batch_begin", 1, None), ("on_predict_batch_end", 1, ("outputs",)),
        ("on_predict_end", None, None),
    ]
    assert recorder.params == {"verbose": 0, "epochs": 1, "steps": 2}
    assert recorder.model is m


def test_fit_params():
    recorder = Recorder()
    model().fit(np.ones((5, 2)), np.ones((5, 1)), batch_size=2, epochs=3, verbose=0,
                callbacks=[recorder])
    assert recorder.params == {"verbose": 0, "epochs": 3, "steps": 3}


def test_batch_logs_are_running_means():
    seen = []

    class Keep(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append(dict(logs))

    m = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, kernel_initializer="zeros")])
    m.compile(keras.optimizers.SGD(0.0), "mae")
    m.fit(np.zeros((3, 1)), np.array([[1.0], [3.0], [8.0]]), batch_size=1, shuffle=False,
          verbose=0, callbacks=[Keep()])
    assert [entry["loss"] for entry in seen] == pytest.approx([1.0, 2.0, 4.0])


def test_stop_training_from_a_callback():
    class StopAfterFirstEpoch(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            self.model.stop_training = True

    history = model().fit(np.ones((4, 2)), np.ones((4, 1)), epochs=5, verbose=0,
                          callbacks=[StopAfterFirstEpoch()])
    assert history.epoch == [0]


def test_legacy_batch_hooks_are_called():
    calls = []

    class Legacy(keras.callbacks.Callback):
        def on_batch_begin(self, batch, logs=None):
            calls.append(("begin", batch))

        def on_batch_end(self, batch, logs=None):
            calls.append(("end", batch))

    model().fit(np.ones((4, 2)), np.ones((4, 1)), batch_size=2, verbose=0, callbacks=[Legacy()])
    assert calls == [("begin", 0), ("end", 0), ("begin", 1), ("end", 1)]


def test_callbacks_must_be_callback_instances():
    with pytest.raises(TypeError, match="must be instances of `kerasish.callbacks.Callback`"):
        model().fit(np.ones((4, 2)), np.ones((4, 1)), verbose=0, callbacks=[lambda: None])


def test_class_weight_weights_each_sample_by_its_class():
    m = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2, kernel_initializer="zeros",
                                                                activation="softmax")])
    m.compile(keras.optimizers.SGD(0.0), "sparse_categorical_crossentropy")
    labels = np.array([0, 1, 1, 0])
    history = m.fit(np.zeros((4, 1)), labels, class_weight={0: 1.0, 1: 3.0}, batch_size=4,
                    verbose=0)
    # Uniform predictions: every sample loses log(2); weights 1, 3, 3, 1 over 4 samples.
    assert history.history["loss"][0] == pytest.approx(np.log(2) * 8 / 4, rel=1e-6)


def test_backup_and_restore_checks_its_arguments():
    with pytest.raises(ValueError, match="Empty `backup_dir`"):
        keras.callbacks.BackupAndRestore("")
    with pytest.raises(ValueError, match="Invalid value for argument `save_freq`"):
        keras.callbacks.BackupAndRestore("dir", save_freq="batch")


def test_backup_and_restore_falls_back_on_the_previous_backup(tmp_path):
    x, y = np.ones((8, 2), dtype="float32"), np.ones((8, 1), dtype="float32")
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    backup_dir = tmp_path / "backup"
    backup = keras.callbacks.BackupAndRestore(str(backup_dir), double_checkpoint=True,
                                                 delete_checkpoint=False)
    model.fit(x, y, epochs=3, verbose=0, callbacks=[backup])
    (backup_dir / "latest.weights.h5").write_bytes(b"not an h5 file")
    resumed = keras.callbacks.BackupAndRestore(str(backup_dir), double_checkpoint=True)
    history = model.fit(x, y, epochs=4, verbose=0, callbacks=[resumed])
    assert history.epoch == [2, 3]  # the previous backup was taken after epoch 2


@pytest.mark.parametrize("kwargs, message", [
    ({"write_images": True}, "does not support `write_images`"),
    ({"profile_batch": 2}, "does not support `profile_batch`"),
    ({"embeddings_freq": 1}, "does not support `embeddings_freq`"),
    ({"update_freq": 0}, "`update_freq` must be"),
])
def test_tensorboard_refuses_what_it_cannot_write(kwargs, message):
    with pytest.raises(ValueError, match=message):
        keras.callbacks.TensorBoard(**kwargs)


def test_tensorboard_names_the_extra_when_tensorboard_is_missing(tmp_path, monkeypatch):
    import sys

    for name in [n for n in sys.modules if n == "tensorboard" or n.startswith("tensorboard.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "tensorboard", None)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    callback = keras.callbacks.TensorBoard(log_dir=str(tmp_path))
    with pytest.raises(ImportError, match=r'pip install "kerasish\[tensorboard\]"'):
        model.fit(np.ones((4, 2)), np.ones((4, 1)), epochs=1, verbose=0, callbacks=[callback])


def test_tensorboard_writes_event_files(tmp_path):
    pytest.importorskip("tensorboard")
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    model.fit(np.ones((4, 2)), np.ones((4, 1)), epochs=2, verbose=0,
              callbacks=[keras.callbacks.TensorBoard(log_dir=str(tmp_path), update_freq="batch")])
    files = list((tmp_path / "train").glob("events.out.tfevents.*.v2"))
    assert len(files) == 1 and files[0].stat().st_size > 0
