from kerasish.callbacks.callback import Callback


class LambdaCallback(Callback):
    """A callback made of plain functions, for quick one-off hooks.

    Each function replaces the hook of the same name and is called with
    the same arguments: `(epoch, logs)` for epoch hooks, `(batch, logs)` for
    batch hooks and `(logs)` for the others. Hooks not listed below (e.g.
    `on_test_end=...` or `on_predict_batch_end=...`) can be passed as
    keyword arguments too.

    Args:
        on_epoch_begin: called as `f(epoch, logs)` at the start of each
            epoch.
        on_epoch_end: called as `f(epoch, logs)` at the end of each epoch.
        on_train_begin: called as `f(logs)` when `fit` starts.
        on_train_end: called as `f(logs)` when `fit` ends.
        on_train_batch_begin: called as `f(batch, logs)` before each
            training batch.
        on_train_batch_end: called as `f(batch, logs)` after each training
            batch.
        **kwargs: any other hook, by name, as a function.

    Examples:
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> show_epoch = keras.callbacks.LambdaCallback(
        ...     on_epoch_end=lambda epoch, logs: print("finished epoch", epoch))
        >>> _ = model.fit(np.ones((4, 2)), np.zeros((4, 1)), epochs=2, verbose=0,
        ...               callbacks=[show_epoch])
        finished epoch 0
        finished epoch 1
    """

    def __init__(
        self,
        on_epoch_begin=None,
        on_epoch_end=None,
        on_train_begin=None,
        on_train_end=None,
        on_train_batch_begin=None,
        on_train_batch_end=None,
        **kwargs,
    ):
        super().__init__()
        self.__dict__.update(kwargs)
        given = dict(
            on_epoch_begin=on_epoch_begin, on_epoch_end=on_epoch_end,
            on_train_begin=on_train_begin, on_train_end=on_train_end,
            on_train_batch_begin=on_train_batch_begin, on_train_batch_end=on_train_batch_end,
        )
        for hook, function in given.items():
            if function is not None:
                setattr(self, hook, function)
