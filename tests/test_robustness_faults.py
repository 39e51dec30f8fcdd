"""Faults during training and saving: an exception or Ctrl-C in the middle of
`fit` leaves the weights and optimizer state of the last completed step, a
later `fit` carries on from there, and a save killed half-way leaves the
previous file as it was."""

import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import kerasish as keras

BATCH = 4
X = np.random.default_rng(0).normal(size=(12, 3)).astype("float32")  # 3 batches an epoch
Y = np.random.default_rng(1).normal(size=(12, 2)).astype("float32")


def fresh_model(weights=None):
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"),
                              keras.layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    if weights is not None:
        model.set_weights(weights)
    return model


def reference_after(steps, start_weights):
    """The weights and optimizer variables after `steps` batches in order
    (fit with shuffle=False sees exactly these batches)."""
    model = fresh_model(start_weights)
    for step in range(steps):
        batch = slice((step % 3) * BATCH, (step % 3 + 1) * BATCH)
        model.train_on_batch(X[batch], Y[batch])
    return model


def assert_same_state(model, reference):
    for got, want in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(got, want)
    got_vars = [np.asarray(v.value) for v in model.optimizer.variables]
    want_vars = [np.asarray(v.value) for v in reference.optimizer.variables]
    assert [v.shape for v in got_vars] == [v.shape for v in want_vars]
    for got, want in zip(got_vars, want_vars):
        np.testing.assert_array_equal(got, want)


class FailAt(keras.callbacks.Callback):
    """Raises `error` in `hook` at the given (epoch, batch)."""

    def __init__(self, hook, epoch, batch, error):
        super().__init__()
        self.where, self.error, self.epoch = (epoch, batch), error, None
        setattr(self, hook, self._maybe_fail)

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def _maybe_fail(self, batch, logs=None):
        if (self.epoch, batch) == self.where:
            raise self.error


@pytest.mark.parametrize("hook, completed", [
    ("on_train_batch_end", 3 + 2),    # epoch 1, batch 1 finished before the callback
    ("on_train_batch_begin", 3 + 1),  # epoch 1, batch 1 never started
])
@pytest.mark.parametrize("error", [KeyboardInterrupt(), RuntimeError("callback failed")])
def test_failing_callback_leaves_the_last_completed_step_and_fit_continues(hook, completed, error):
    start = fresh_model().get_weights()
    model = fresh_model(start)
    with pytest.raises(type(error)):
        model.fit(X, Y, batch_size=BATCH, epochs=3, shuffle=False, verbose=0,
                  callbacks=[FailAt(hook, epoch=1, batch=1, error=error)])
    assert int(model.optimizer.iterations.value) == completed
    assert_same_state(model, reference_after(completed, start))

    # A new fit picks up from there: its first batch is batch 0 again.
    history = model.fit(X, Y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
    reference = reference_after(completed, start)
    for step in range(3):
        reference.train_on_batch(X[step * BATCH:(step + 1) * BATCH], Y[step * BATCH:(step + 1) * BATCH])
    assert_same_state(model, reference)
    assert np.isfinite(history.history["loss"]).all()


def test_ctrl_c_in_the_middle_of_an_update_waits_for_the_step_to_finish(monkeypatch):
    """A real SIGINT arriving while the optimizer has updated only the first
    variable: the step still updates every variable and counts itself, then
    fit stops with KeyboardInterrupt."""
    start = fresh_model().get_weights()
    model = fresh_model(start)
    optimizer = model.optimizer
    original = type(optimizer).update_step
    calls = []

    def update_step(self, gradient, variable, learning_rate):
        original(self, gradient, variable, learning_rate)
        calls.append(variable.path)
        if len(calls) == 4 * 2 + 1:  # third step (4 variables a step), first variable done
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(type(optimizer), "update_step", update_step)
    with pytest.raises(KeyboardInterrupt):
        model.fit(X, Y, batch_size=BATCH, epochs=2, shuffle=False, verbose=0)
    monkeypatch.undo()
    assert len(calls) == 4 * 3  # the interrupted step updated all 4 variables
    assert int(optimizer.iterations.value) == 3
    assert_same_state(model, reference_after(3, start))
    # Python's own handler is back once fit has returned.
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ctrl_c_between_steps_still_stops_at_once():
    model = fresh_model()

    class Interrupt(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 1:
                os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        model.fit(X, Y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
                  callbacks=[Interrupt()])
    assert int(model.optimizer.iterations.value) == 2


def test_failed_train_on_batch_changes_nothing():
    start = fresh_model().get_weights()
    model = fresh_model(start)
    model.train_on_batch(X[:BATCH], Y[:BATCH])
    with pytest.raises(ValueError, match="`y_true` and `y_pred`"):
        model.train_on_batch(X[:BATCH], np.ones((BATCH, 5), "float32"))
    assert_same_state(model, reference_after(1, start))


# ------------------------------------------------------- saves killed midway
_SAVER = """
import sys, threading
import h5py
import kerasish as keras
model = keras.Sequential([keras.Input((1500,)), keras.layers.Dense(1500), keras.layers.Dense(1500)])
model.compile(optimizer="adam", loss="mse")
written = []
def hang_after_second_dataset(write):
    def wrapper(self, *args, **kwargs):
        result = write(self, *args, **kwargs)
        written.append(args[0])
        if len(written) == 2:
            print("WRITING", flush=True)
            threading.Event().wait(60)  # hold the write half done until killed
        return result
    return wrapper
h5py.Group.__setitem__ = hang_after_second_dataset(h5py.Group.__setitem__)
h5py.Group.create_dataset = hang_after_second_dataset(h5py.Group.create_dataset)
model.save(sys.argv[1])
"""


@pytest.mark.parametrize("filename", ["m.keras", "m.h5"])
def test_model_save_killed_midway_keeps_previous_file(tmp_path, filename):
    """tests/test_saving.py kills a `save_weights`; this kills whole-model saves."""
    path = tmp_path / filename
    model = fresh_model()
    model.fit(X, Y, batch_size=BATCH, epochs=1, verbose=0)
    model.save(path)
    good = path.read_bytes()
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(_SAVER), str(path)],
                             stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": os.getcwd()})
    try:
        assert child.stdout.readline().strip() == "WRITING"
    finally:
        child.kill()
        child.wait()
    assert path.read_bytes() == good
    loaded = keras.models.load_model(path)
    for got, want in zip(loaded.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(got, want)
