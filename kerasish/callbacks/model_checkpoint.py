"""`ModelCheckpoint`: saves the model or its weights during training."""

import os
import warnings

import numpy as np

from kerasish.callbacks.monitor_callback import MonitorCallback


class ModelCheckpoint(MonitorCallback):
    """Saves the model, or its weights, during training.

    Saves at the end of every epoch, or every `save_freq` batches. The
    `filepath` may contain format fields filled from the epoch (from 1) and
    the logs, e.g. `"model_{epoch:02d}_{val_loss:.2f}.keras"`, so that
    each save gets its own file. With `save_best_only`, a save happens only
    when `monitor` improved on the best value so far.

    Args:
        filepath: where to save: a path ending in ".keras" (or ".h5") for
            the whole model, or in ".weights.h5" with `save_weights_only`.
        monitor: the logged value that `save_best_only` compares. Defaults
            to "val_loss".
        verbose: 1 to print a message at each save, 0 (default) for silence.
        save_best_only: whether to save only when `monitor` improved.
            Defaults to False.
        save_weights_only: whether to save only the weights
            (`model.save_weights`) rather than the whole model. Defaults to
            False.
        mode: "min", "max" or "auto" (default): whether lower or higher
            `monitor` values are better; "auto" decides from the name, as
            for `EarlyStopping`.
        save_freq: "epoch" (default) to save at the end of each epoch, or an
            int to save every that many training batches.
        initial_value_threshold: with `save_best_only`, the value to beat
            before the first save. Defaults to None.

    Raises:
        ValueError: when `save_freq` is neither "epoch" nor an int, or
            `filepath` does not end in ".weights.h5" (with
            `save_weights_only`) or ".keras"/".h5" (without).

    Examples:
        >>> import os
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> checkpoint = keras.callbacks.ModelCheckpoint(
        ...     "checkpoint_{epoch:02d}.weights.h5", save_weights_only=True)
        >>> _ = model.fit(np.ones((4, 2)), np.zeros((4, 1)), epochs=2, verbose=0,
        ...               callbacks=[checkpoint])
        >>> sorted(os.listdir("."))
        ['checkpoint_01.weights.h5', 'checkpoint_02.weights.h5']
    """

    def __init__(
        self,
        filepath,
        monitor="val_loss",
        verbose=0,
        save_best_only=False,
        save_weights_only=False,
        mode="auto",
        save_freq="epoch",
        initial_value_threshold=None,
    ):
        super().__init__(monitor, mode, initial_value_threshold)
        if save_freq != "epoch" and (not isinstance(save_freq, int) or isinstance(save_freq, bool)):
            raise ValueError(
                f"Unrecognized save_freq: {save_freq}. Expected save_freq are 'epoch' or "
                "integer values"
            )
        self.filepath = os.fspath(filepath)
        if save_weights_only and not self.filepath.endswith(".weights.h5"):
            raise ValueError(
                "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath "
                "provided must end in `.weights.h5` (Keras weights format). Received: "
                f"filepath={self.filepath}"
            )
        if not save_weights_only and not self.filepath.endswith((".keras", ".h5")):
            raise ValueError(
                "The filepath provided must end in `.keras` (Keras model format). Received: "
                f"filepath={self.filepath}"
            )
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self._current_epoch = 0
        self._batches_since_saving = 0
        self._last_batch_seen = None

    # ----------------------------------------------------------------- hooks
    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            self._save_model(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        if self.save_freq == "epoch":
            self._save_model(epoch, None, logs)

    def _should_save_on_batch(self, batch):
        if self.save_freq == "epoch":
            return False
        if self._last_batch_seen is None or batch <= self._last_batch_seen:
            added = batch + 1  # batches count from 0, and restart every epoch
        else:
            added = batch - self._last_batch_seen
        self._batches_since_saving += added
        self._last_batch_seen = batch
        if self._batches_since_saving >= self.save_freq:
            self._batches_since_saving = 0
            return True
        return False

    # ---------------------------------------------------------------- saving
    def _save_model(self, epoch, batch, logs):
        logs = logs or {}
        filepath = self._file_path(epoch, batch, logs)
        if not self._should_save(epoch, logs, filepath):
            return
        if os.path.isdir(filepath):
            raise IOError(
                "Please specify a non-directory filepath for ModelCheckpoint. Filepath used is "
                f"an existing directory: {filepath}"
            )
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: finished saving model to {filepath}")

    def _file_path(self, epoch, batch, logs):
        try:
            if batch is None or "batch" in logs:
                return self.filepath.format(epoch=epoch + 1, **logs)
            return self.filepath.format(epoch=epoch + 1, batch=batch + 1, **logs)
        except KeyError as error:
            raise KeyError(
                f'Failed to format this callback filepath: "{self.filepath}". Reason: {error}'
            ) from None

    def _should_save(self, epoch, logs, filepath):
        if not self.save_best_only:
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"Can save best model only with {self.monitor} available.", stacklevel=3
            )
            return True
        if np.ndim(current) > 0:
            warnings.warn(
                "Can save best model only when `monitor` is a scalar value. Received: "
                f"{current}. Falling back to `save_best_only=False`.",
                stacklevel=3,
            )
            return True
        if self.monitor_op is None:  # saving every `save_freq` batches, before any epoch end
            self._set_monitor_op()
        best = "None" if self.best is None else f"{self.best:.5f}"
        if self._is_improvement(current, self.best):
            if self.verbose > 0:
                print(
                    f"\nEpoch {epoch + 1}: {self.monitor} improved from {best} to "
                    f"{current:.5f}, saving model to {filepath}"
                )
            self.best = current
            return True
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {best}")
        return False
