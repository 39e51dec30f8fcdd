from kerasish.callbacks.callback import Callback


class LambdaCallback(Callback):
    """A callback made of plain functions, e.g.
    `LambdaCallback(on_epoch_end=lambda epoch, logs: print(epoch))`. Other
    hooks (`on_test_begin=...`) may be passed as keyword arguments."""

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
