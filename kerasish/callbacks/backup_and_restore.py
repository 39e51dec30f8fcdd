"""`BackupAndRestore`: resumes an interrupted `fit` from its last backup."""

import json
import os
import shutil

from kerasish.callbacks.callback import Callback


class BackupAndRestore(Callback):
    """Backs up the model (weights and optimizer state) and the epoch
    reached during `fit`; when `fit` starts again after an interruption, it
    restores them and training continues from the epoch after the backup.

    The backup lives in `backup_dir`: `latest.weights.h5` and
    `training_metadata.json`, the files Keras writes, so either library can
    resume from the other's backup. It is deleted when training ends
    normally (unless `delete_checkpoint=False`).

    Args:
        backup_dir: the directory of the backup files.
        save_freq: `"epoch"` (default) to back up after every epoch, or an
            int to back up every that many batches.
        double_checkpoint: whether to keep the previous backup too (as
            `*.bkp` files), used when the latest one is unreadable.
        delete_checkpoint: whether to delete the backup at the end of training.

    Raises:
        ValueError: if `backup_dir` is empty or `save_freq` is invalid; at
            the start of training, if the model is not built.

    Examples:
        >>> import os
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        >>> model.compile("sgd", "mse")
        >>> class Interrupt(keras.callbacks.Callback):
        ...     def on_epoch_end(self, epoch, logs=None):
        ...         if epoch == 1:
        ...             raise RuntimeError("interrupted")
        >>> backup = keras.callbacks.BackupAndRestore("backup")
        >>> x, y = np.ones((4, 2)), np.ones((4, 1))
        >>> try:
        ...     model.fit(x, y, epochs=4, callbacks=[backup, Interrupt()], verbose=0)
        ... except RuntimeError:
        ...     pass
        >>> history = model.fit(x, y, epochs=4, callbacks=[backup], verbose=0)
        >>> history.epoch  # resumed after the two epochs backed up
        [2, 3]
        >>> os.path.exists("backup")
        False
    """

    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint=False,
                 delete_checkpoint=True):
        super().__init__()
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed")
        if save_freq != "epoch" and (not isinstance(save_freq, int) or isinstance(save_freq, bool)):
            raise ValueError(
                f"Invalid value for argument `save_freq`. Received: save_freq={save_freq}. "
                "Expected either 'epoch' or an integer value."
            )
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = 0
        self._current_epoch = 0
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.h5")
        self._metadata_path = os.path.join(self.backup_dir, "training_metadata.json")
        self._previous_weights_path = self._weights_path + ".bkp"
        self._previous_metadata_path = self._metadata_path + ".bkp"

    def on_train_begin(self, logs=None):
        try:
            self._restore()
        except OSError:
            if not os.path.exists(self._previous_weights_path):
                raise
            # The latest backup is unreadable: fall back on the previous one.
            shutil.copy(self._previous_weights_path, self._weights_path)
            if os.path.exists(self._previous_metadata_path):
                shutil.copy(self._previous_metadata_path, self._metadata_path)
            elif os.path.exists(self._metadata_path):
                os.remove(self._metadata_path)
            self._restore()

    def _restore(self):
        if not self.model.built:
            raise ValueError(
                "To use the BackupAndRestore callback, you model must be built before you call "
                f"`fit()`. Model {self.model} is unbuilt. You can build it beforehand by "
                "calling it on a batch of data."
            )
        if os.path.exists(self._weights_path):
            optimizer = getattr(self.model, "optimizer", None)
            if optimizer is not None and not optimizer.built:
                optimizer.build(self.model.trainable_variables)
            self.model.load_weights(self._weights_path)
        if os.path.exists(self._metadata_path):
            with open(self._metadata_path) as file:
                metadata = json.load(file)
            # fit() starts from this epoch (read once, after on_train_begin).
            self.model._initial_epoch = metadata["epoch"]

    def on_epoch_end(self, epoch, logs=None):
        self._current_epoch = epoch + 1
        self._last_batch_seen = 0
        if self.save_freq == "epoch":
            self._backup()

    def on_train_batch_end(self, batch, logs=None):
        if self._should_back_up_after(batch):
            self._backup()

    def _should_back_up_after(self, batch):
        if self.save_freq == "epoch":
            return False
        # A batch index not above the last one seen starts a new epoch.
        new = batch + 1 if batch <= self._last_batch_seen else batch - self._last_batch_seen
        self._batches_seen_since_last_saving += new
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _backup(self):
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint:
            for latest, previous in ((self._weights_path, self._previous_weights_path),
                                     (self._metadata_path, self._previous_metadata_path)):
                if os.path.exists(latest):
                    shutil.copy(latest, previous)
        self.model.save_weights(self._weights_path, overwrite=True)
        with open(self._metadata_path, "w") as file:
            json.dump({"epoch": self._current_epoch, "batch": self._last_batch_seen}, file)

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)
