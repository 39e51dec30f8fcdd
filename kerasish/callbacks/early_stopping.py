import warnings

from kerasish.callbacks.monitor_callback import MonitorCallback


class EarlyStopping(MonitorCallback):
    """Stops training when a monitored value has stopped improving.

    At the end of each epoch the callback reads `logs[monitor]`. A value
    improves on the best so far when it is better by more than `min_delta`;
    after `patience` epochs in a row without improvement it sets
    `model.stop_training = True`, and `fit` stops after that epoch. With a
    `baseline`, the patience count only restarts once the baseline has been
    beaten.

    Args:
        monitor: the name of the logged value to watch. Defaults to
            "val_loss".
        min_delta: the smallest change that counts as an improvement.
            Defaults to 0.
        patience: how many epochs without improvement to allow before
            stopping. Defaults to 0.
        verbose: 1 to print a message when stopping (and restoring), 0
            (default) for silence.
        mode: "min" (lower is better), "max" (higher is better) or "auto"
            (default): "min" for losses, and for metrics the direction the
            metric declares (e.g. "max" for accuracy). An unknown mode warns
            and falls back to "auto".
        baseline: a value the monitored quantity must beat; until it does,
            epochs count against `patience`. Defaults to None.
        restore_best_weights: whether to put back, at the end of training,
            the weights of the best epoch. Defaults to False (the weights of
            the last epoch are kept).
        start_from_epoch: how many epochs to wait before watching at all
            (a warm-up). Defaults to 0.

    Examples:
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        >>> model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse")
        >>> stopper = keras.callbacks.EarlyStopping(monitor="loss", patience=2)
        >>> history = model.fit(np.ones((4, 2)), np.zeros((4, 1)), epochs=10, verbose=0,
        ...                     callbacks=[stopper])
        >>> len(history.history["loss"])
        3
    """

    def __init__(
        self,
        monitor="val_loss",
        min_delta=0,
        patience=0,
        verbose=0,
        mode="auto",
        baseline=None,
        restore_best_weights=False,
        start_from_epoch=0,
    ):
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.wait = 0
        self.stopped_epoch = 0
        self.restore_best_weights = restore_best_weights
        self.best_weights = None
        self.start_from_epoch = start_from_epoch

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # Start from this epoch's weights, so that even a run that never
            # improves on the baseline has weights to restore.
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            # Patience only restarts once the baseline is beaten.
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(
                    "Restoring model weights from the end of the best epoch: "
                    f"{self.best_epoch + 1}."
                )
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs):
        """The monitored value in `logs`, with a warning when it is missing.

        Args:
            logs: the epoch's logs.

        Returns:
            The value of `logs[monitor]`, or None when it is not there.
        """
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(
                f"Early stopping conditioned on metric `{self.monitor}` which is not "
                f"available. Available metrics are: {','.join(list(logs.keys()))}",
                stacklevel=2,
            )
        return value
