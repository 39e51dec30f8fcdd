from kerasish.callbacks.callback import Callback


class History(Callback):
    """Records the logs of every epoch; `fit` returns it.

    `fit` always adds one (after your callbacks, so it sees the entries they
    add). Its `history` attribute maps each name in the epoch logs
    (`loss`, metrics, `val_...`, `learning_rate`, ...) to the list of its
    values, one per epoch; `epoch` lists the epoch indices. Values
    accumulate over successive `fit` calls on the same History.

    Examples:
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> history = model.fit(np.ones((4, 2)), np.zeros((4, 1)), epochs=3, verbose=0,
        ...                     validation_split=0.5)
        >>> sorted(history.history), history.epoch
        (['loss', 'val_loss'], [0, 1, 2])
    """

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(value)
        self.model.history = self
