"""Callbacks against real Keras: the same hooks in the same order, the same
stopping epochs, learning rates, messages, CSV files and restored weights."""

import re

import numpy as np
import pytest

import kerasish
from compat_tests.toolkit_helpers import assert_weights_close, regression_data, twin_models

keras = pytest.importorskip("keras")


def _recorder(module):
    class Recorder(module.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.calls = []

    hooks = [name for name in dir(module.callbacks.Callback) if name.startswith("on_")]
    for hook in hooks:
        def record(self, *args, _hook=hook, **kwargs):
            self.calls.append(_hook)
        setattr(Recorder, hook, record)
    return Recorder()


def test_hooks_are_called_in_keras_order():
    x, y = regression_data(n=20)
    calls = []
    for index, module in enumerate((kerasish, keras)):
        model = twin_models(keras)[index]
        model.compile(optimizer="sgd", loss="mse")
        recorder = _recorder(module)
        model.fit(x, y, batch_size=8, epochs=2, validation_data=(x[:10], y[:10]),
                  callbacks=[recorder], verbose=0)
        model.evaluate(x, y, batch_size=8, callbacks=[recorder], verbose=0)
        model.predict(x, batch_size=8, callbacks=[recorder], verbose=0)
        calls.append(recorder.calls)
    assert calls[0] == calls[1]


def _fit(module, make_callbacks, epochs=12, lr=0.05):
    """Trains the kerasish or the Keras twin (same weights, same data, no shuffling)."""
    x, y = regression_data(n=48)
    model = twin_models(keras)[0 if module is kerasish else 1]
    model.compile(optimizer=module.optimizers.SGD(learning_rate=lr), loss="mse", metrics=["mae"])
    history = model.fit(x, y, batch_size=16, epochs=epochs, shuffle=False, verbose=0,
                        validation_data=(x[:16], y[:16]), callbacks=make_callbacks(module))
    return model, history


def _fit_both(make_callbacks, capsys, **kwargs):
    """Returns ((model, history, printed), ...) for kerasish then Keras."""
    results = []
    for module in (kerasish, keras):
        capsys.readouterr()
        model, history = _fit(module, make_callbacks, **kwargs)
        results.append((model, history, capsys.readouterr().out))
    return results


def _assert_same_history(ours, theirs):
    assert ours.epoch == theirs.epoch
    assert sorted(ours.history) == sorted(theirs.history)
    for key in ours.history:
        # float32 SGD over a dozen epochs; TF's matmul sums in another order.
        np.testing.assert_allclose(ours.history[key], theirs.history[key], rtol=1e-4, atol=1e-7)


@pytest.mark.parametrize("kwargs", [
    {"monitor": "val_mae", "patience": 2, "min_delta": 0.02, "restore_best_weights": True},
    {"monitor": "loss", "patience": 0, "baseline": 0.001, "restore_best_weights": True},
    {"monitor": "val_loss", "patience": 1, "min_delta": 0.05, "start_from_epoch": 4},
    {"monitor": "val_loss", "mode": "max", "patience": 2, "restore_best_weights": True},
])
def test_early_stopping_matches_keras(kwargs, capsys):
    (ours, our_history, our_out), (theirs, their_history, their_out) = _fit_both(
        lambda m: [m.callbacks.EarlyStopping(verbose=1, **kwargs)], capsys
    )
    _assert_same_history(our_history, their_history)
    assert_weights_close(ours, theirs, rtol=1e-4, atol=1e-6)
    assert our_out == their_out


def test_early_stopping_warns_on_missing_monitor():
    x, y = regression_data(n=16)
    for index, module in enumerate((kerasish, keras)):
        model = twin_models(keras)[index]
        model.compile(optimizer="sgd", loss="mse")
        with pytest.warns(UserWarning, match="Early stopping conditioned on metric `val_auc` "
                                             "which is not available. Available metrics are: loss"):
            model.fit(x, y, epochs=1, verbose=0,
                      callbacks=[module.callbacks.EarlyStopping(monitor="val_auc", mode="max")])


def test_reduce_lr_on_plateau_matches_keras(capsys):
    (_, our_history, our_out), (_, their_history, their_out) = _fit_both(
        lambda m: [m.callbacks.ReduceLROnPlateau(
            monitor="val_loss", factor=0.5, patience=1, min_delta=0.2, cooldown=1,
            min_lr=0.004, verbose=1)],
        capsys,
    )
    _assert_same_history(our_history, their_history)
    assert "learning_rate" in our_history.history
    assert "ReduceLROnPlateau reducing learning rate to" in our_out
    assert our_out == their_out


def test_learning_rate_scheduler_matches_keras(capsys):
    def schedule(epoch, lr):
        return lr if epoch < 2 else lr * 0.5

    (_, our_history, our_out), (_, their_history, their_out) = _fit_both(
        lambda m: [m.callbacks.LearningRateScheduler(schedule, verbose=1)], capsys, epochs=4
    )
    _assert_same_history(our_history, their_history)
    assert our_out == their_out


def test_csv_logger_writes_the_same_file(tmp_path, capsys):
    paths = {kerasish: tmp_path / "ours.csv", keras: tmp_path / "theirs.csv"}
    _fit_both(lambda m: [m.callbacks.CSVLogger(str(paths[m]))], capsys, epochs=3)
    ours, theirs = (paths[m].read_text().splitlines() for m in (kerasish, keras))
    assert ours[0] == theirs[0]
    assert len(ours) == len(theirs)
    for our_line, their_line in zip(ours[1:], theirs[1:]):
        # Losses after float32 SGD; TF sums the matmuls in another order.
        np.testing.assert_allclose([float(v) for v in our_line.split(",")],
                                   [float(v) for v in their_line.split(",")], rtol=1e-4)


def test_terminate_on_nan_matches_keras(capsys):
    x, y = regression_data(n=32)
    y[20] = np.inf  # the third batch of 8 has an infinite target
    histories = []
    for index, module in enumerate((kerasish, keras)):
        model = twin_models(keras)[index]
        model.compile(optimizer="sgd", loss="mse")
        try:
            histories.append(model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0,
                                       callbacks=[module.callbacks.TerminateOnNaN()]))
        except ValueError as error:  # kerasish refuses non-finite targets up front
            histories.append(error)
    out = capsys.readouterr().out
    assert "Batch 2: Invalid loss, terminating training" in out


def test_lambda_callback_receives_keras_arguments():
    x, y = regression_data(n=16)
    seen = []
    for index, module in enumerate((kerasish, keras)):
        events = []
        model = twin_models(keras)[index]
        model.compile(optimizer="sgd", loss="mse")
        callback = module.callbacks.LambdaCallback(
            on_train_begin=lambda logs: events.append(("train_begin", logs)),
            on_epoch_end=lambda epoch, logs: events.append(("epoch_end", epoch, sorted(logs))),
            on_train_batch_end=lambda batch, logs: events.append(("batch_end", batch)),
            on_train_end=lambda logs: events.append(("train_end", sorted(logs))),
        )
        model.fit(x, y, batch_size=8, epochs=2, verbose=0, callbacks=[callback])
        seen.append(events)
    assert seen[0] == seen[1]


class _InterruptAfter:
    """A callback class for either library that raises after epoch `epoch`."""

    @staticmethod
    def make(module, epoch):
        class Interrupt(module.callbacks.Callback):
            def on_epoch_end(self, current, logs=None):
                if current == epoch:
                    raise RuntimeError("simulated crash")

        return Interrupt()


def _interrupted_then_resumed(module, model, x, y, backup_dir, save_freq="epoch"):
    model.compile(optimizer=module.optimizers.Adam(0.01), loss="mse")
    backup = module.callbacks.BackupAndRestore(str(backup_dir), save_freq=save_freq)
    with pytest.raises(RuntimeError, match="simulated crash"):
        model.fit(x, y, batch_size=16, epochs=5, shuffle=False, verbose=0,
                  callbacks=[backup, _InterruptAfter.make(module, 2)])
    backup = module.callbacks.BackupAndRestore(str(backup_dir), save_freq=save_freq)
    return model.fit(x, y, batch_size=16, epochs=5, shuffle=False, verbose=0, callbacks=[backup])


@pytest.mark.parametrize("save_freq", ["epoch", 3])
def test_backup_and_restore_resumes_like_keras(tmp_path, save_freq):
    x, y = regression_data()
    ours, theirs = twin_models(keras)
    our_history = _interrupted_then_resumed(kerasish, ours, x, y, tmp_path / "ours", save_freq)
    their_history = _interrupted_then_resumed(keras, theirs, x, y, tmp_path / "theirs", save_freq)
    assert our_history.epoch == their_history.epoch
    np.testing.assert_allclose(our_history.history["loss"], their_history.history["loss"],
                               rtol=1e-5)
    assert_weights_close(ours, theirs, rtol=1e-5, atol=1e-6)
    assert not (tmp_path / "ours").exists() and not (tmp_path / "theirs").exists()


def test_backup_written_by_keras_resumes_in_kerasish(tmp_path):
    x, y = regression_data()
    ours, theirs = twin_models(keras)
    backup_dir = str(tmp_path / "shared")
    theirs.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    with pytest.raises(RuntimeError):
        theirs.fit(x, y, batch_size=16, epochs=5, shuffle=False, verbose=0,
                   callbacks=[keras.callbacks.BackupAndRestore(backup_dir),
                              _InterruptAfter.make(keras, 1)])
    ours.compile(optimizer=kerasish.optimizers.Adam(0.01), loss="mse")
    history = ours.fit(x, y, batch_size=16, epochs=5, shuffle=False, verbose=0,
                       callbacks=[kerasish.callbacks.BackupAndRestore(backup_dir)])
    their_history = theirs.fit(x, y, batch_size=16, epochs=5, shuffle=False, verbose=0,
                               initial_epoch=2)
    assert history.epoch == [2, 3, 4]
    np.testing.assert_allclose(history.history["loss"], their_history.history["loss"], rtol=1e-5)


@pytest.mark.parametrize("swap_on_epoch", [False, True])
def test_swap_ema_weights_matches_keras(swap_on_epoch):
    x, y = regression_data()
    ours, theirs = twin_models(keras)
    histories = []
    for module, model in ((kerasish, ours), (keras, theirs)):
        model.compile(optimizer=module.optimizers.SGD(0.05, momentum=0.5, use_ema=True,
                                                      ema_momentum=0.8), loss="mse")
        histories.append(model.fit(
            x, y, batch_size=16, epochs=3, shuffle=False, verbose=0,
            validation_data=(x[:16], y[:16]),
            callbacks=[module.callbacks.SwapEMAWeights(swap_on_epoch=swap_on_epoch)]))
    for key in ("loss", "val_loss"):
        np.testing.assert_allclose(histories[0].history[key], histories[1].history[key], rtol=1e-5)
    if swap_on_epoch:  # the averages end up in the model
        assert_weights_close(ours, theirs, rtol=1e-5, atol=1e-6)


def test_swap_ema_weights_refuses_an_optimizer_without_ema():
    x, y = regression_data()
    ours, _ = twin_models(keras)
    ours.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="SwapEMAWeights must be used when `use_ema=True`"):
        ours.fit(x, y, epochs=1, verbose=0, validation_data=(x, y),
                 callbacks=[kerasish.callbacks.SwapEMAWeights()])


def _read_tensorboard_scalars(run_dir):
    """{tag: [(step, value)]} of a run, read by TensorBoard's own event reader."""
    from tensorboard.backend.event_processing import event_accumulator
    from tensorboard.util import tensor_util

    reader = event_accumulator.EventAccumulator(str(run_dir), size_guidance={"tensors": 0})
    reader.Reload()
    scalars = {}
    for tag in reader.Tags()["tensors"]:
        events = reader.Tensors(tag)
        first = tensor_util.make_ndarray(events[0].tensor_proto) if events else None
        if first is not None and first.shape == () and first.dtype.kind == "f":
            scalars[tag] = [(e.step, float(tensor_util.make_ndarray(e.tensor_proto)))
                            for e in events]
    return scalars


def _fit_with_tensorboard(module, model, log_dir, x, y, update_freq):
    model.compile(optimizer=module.optimizers.SGD(0.05), loss="mse", metrics=["mae"])
    callback = module.callbacks.TensorBoard(log_dir=str(log_dir), update_freq=update_freq,
                                            histogram_freq=1)
    model.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0,
              validation_data=(x[:16], y[:16]), callbacks=[callback])


@pytest.mark.parametrize("update_freq", ["epoch", 2])
def test_tensorboard_logs_read_back_like_keras(tmp_path, update_freq):
    pytest.importorskip("tensorboard")
    x, y = regression_data()
    ours, theirs = twin_models(keras)
    _fit_with_tensorboard(kerasish, ours, tmp_path / "ours", x, y, update_freq)
    _fit_with_tensorboard(keras, theirs, tmp_path / "theirs", x, y, update_freq)
    for run in ("train", "validation"):
        our_scalars = _read_tensorboard_scalars(tmp_path / "ours" / run)
        their_scalars = _read_tensorboard_scalars(tmp_path / "theirs" / run)
        assert sorted(our_scalars) == sorted(their_scalars), run
        for tag, their_values in their_scalars.items():
            assert [s for s, _ in our_scalars[tag]] == [s for s, _ in their_values], tag
            np.testing.assert_allclose([v for _, v in our_scalars[tag]],
                                       [v for _, v in their_values], rtol=1e-5, err_msg=tag)
    assert (tmp_path / "ours" / "train").is_dir()


def test_tensorboard_histograms_and_model_config_are_readable(tmp_path):
    pytest.importorskip("tensorboard")
    from tensorboard.backend.event_processing import event_accumulator

    x, y = regression_data()
    ours, theirs = twin_models(keras)
    _fit_with_tensorboard(kerasish, ours, tmp_path / "ours", x, y, "epoch")
    _fit_with_tensorboard(keras, theirs, tmp_path / "theirs", x, y, "epoch")
    tags = []
    for side in ("ours", "theirs"):
        reader = event_accumulator.EventAccumulator(str(tmp_path / side / "train"),
                                                    size_guidance={"tensors": 0})
        reader.Reload()
        tags.append({t for t in reader.Tags()["tensors"] if t.endswith("/histogram") or t == "keras"})
    assert tags[0] == tags[1] and "keras" in tags[0]
def test_history_matches_keras(capsys):
    (_, ours, _), (_, theirs, _) = _fit_both(lambda m: [], capsys, epochs=3)
    assert type(ours).__name__ == type(theirs).__name__ == "History"
    _assert_same_history(ours, theirs)
    assert ours.params == theirs.params


def test_model_checkpoint_saves_the_same_epochs(tmp_path, capsys):
    folders = {kerasish: tmp_path / "ours", keras: tmp_path / "theirs"}

    def make(m):
        folders[m].mkdir()
        pattern = str(folders[m] / "w{epoch:02d}-{val_loss:.2f}.weights.h5")
        return [m.callbacks.ModelCheckpoint(pattern, monitor="val_loss", save_best_only=True,
                                            save_weights_only=True, verbose=1)]

    (our_model, _, our_out), (their_model, _, their_out) = _fit_both(make, capsys, epochs=6, lr=0.01)
    ours, theirs = (sorted(p.name for p in folders[m].iterdir()) for m in (kerasish, keras))
    assert [name.split("-")[0] for name in ours] == [name.split("-")[0] for name in theirs]
    assert our_out.count("improved from") == their_out.count("improved from")
    # The last file holds the best weights; each library reads the other's.
    their_model.load_weights(str(folders[kerasish] / ours[-1]))
    our_model.load_weights(str(folders[keras] / theirs[-1]))
    assert_weights_close(our_model, their_model, rtol=1e-4, atol=1e-6)


def test_progbar_logger_prints_the_same_lines(capsys):
    """A ProgbarLogger given explicitly, at verbose=2 (one line per epoch):
    the same lines, numbers and timings aside (the numbers are compared by
    the history tests)."""
    x, y = regression_data(n=32)
    printed = []
    for index, module in enumerate((kerasish, keras)):
        model = twin_models(keras)[index]
        model.compile(optimizer=module.optimizers.SGD(0.05), loss="mse")
        capsys.readouterr()
        model.fit(x, y, batch_size=16, epochs=2, verbose=2, shuffle=False,
                  callbacks=[module.callbacks.ProgbarLogger()])
        out = capsys.readouterr().out
        printed.append(re.sub(r"\d+(\.\d+)?(e[-+]\d+)?(us|ms|s)?", "<n>", out).splitlines())
    assert printed[0] == printed[1]
    assert "Epoch <n>/<n>" in printed[0]


def test_callback_list_adds_the_same_callbacks():
    kinds = []
    for module in (kerasish, keras):
        model = twin_models(keras)[0 if module is kerasish else 1]
        callbacks = module.callbacks.CallbackList(
            [module.callbacks.TerminateOnNaN()], add_history=True, add_progbar=True,
            model=model, verbose=0, epochs=1, steps=2)
        kinds.append([type(c).__name__ for c in callbacks.callbacks])
    assert kinds[0] == kinds[1]


# The tests above that compare each public callback with Keras.
CASES_BY_CALLBACK = {
    "BackupAndRestore": test_backup_and_restore_resumes_like_keras,
    "SwapEMAWeights": test_swap_ema_weights_matches_keras,
    "TensorBoard": test_tensorboard_logs_read_back_like_keras,
    "Callback": test_hooks_are_called_in_keras_order,
    "CallbackList": test_callback_list_adds_the_same_callbacks,
    "CSVLogger": test_csv_logger_writes_the_same_file,
    "EarlyStopping": test_early_stopping_matches_keras,
    "History": test_history_matches_keras,
    "LambdaCallback": test_lambda_callback_receives_keras_arguments,
    "LearningRateScheduler": test_learning_rate_scheduler_matches_keras,
    "ModelCheckpoint": test_model_checkpoint_saves_the_same_epochs,
    "ProgbarLogger": test_progbar_logger_prints_the_same_lines,
    "ReduceLROnPlateau": test_reduce_lr_on_plateau_matches_keras,
    "TerminateOnNaN": test_terminate_on_nan_matches_keras,
}


def test_every_callback_has_a_case():
    public = {name for name in dir(kerasish.callbacks)
              if not name.startswith("_") and isinstance(getattr(kerasish.callbacks, name), type)}
    assert sorted(public - set(CASES_BY_CALLBACK)) == []
    assert sorted(set(CASES_BY_CALLBACK) - public) == []
