"""`SwapEMAWeights`: evaluates and predicts with the optimizer's moving averages of the weights."""

from kerasish.callbacks.callback import Callback


class SwapEMAWeights(Callback):
    """Puts the moving averages of an optimizer with `use_ema=True` into the
    model while it evaluates (validation included) and predicts, and the
    trained weights back afterwards, as Keras's callback does.

    With `swap_on_epoch=True` the averages are also put in at the end of
    every epoch (so `ModelCheckpoint` and other callbacks after this one see
    them) and taken out at the start of the next; after the last epoch they
    stay, and the averages are set to them.

    Args:
        swap_on_epoch: whether to swap at epoch boundaries too (default False).

    Raises:
        ValueError: when swapping, if the model's optimizer does not use EMA.

    Examples:
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        >>> model.compile(keras.optimizers.SGD(0.1, use_ema=True), "mse")
        >>> history = model.fit(np.ones((4, 2)), np.ones((4, 1)), epochs=2, verbose=0,
        ...                     validation_data=(np.ones((2, 2)), np.ones((2, 1))),
        ...                     callbacks=[keras.callbacks.SwapEMAWeights()])
        >>> sorted(history.history)
        ['loss', 'val_loss']
    """

    def __init__(self, swap_on_epoch=False):
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._ema_weights_in_model = False

    def _ema_optimizer(self):
        optimizer = self.model.optimizer
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)
        if not getattr(optimizer, "use_ema", False) or not hasattr(
                optimizer, "_model_variables_moving_average"):
            raise ValueError(
                "SwapEMAWeights must be used when `use_ema=True` is set on the optimizer. "
                f"Received: use_ema={getattr(optimizer, 'use_ema', None)}"
            )
        return optimizer

    def _swap_variables(self):
        optimizer = self._ema_optimizer()
        for variable, average in zip(optimizer._trainable_variables,
                                     optimizer._model_variables_moving_average):
            weights = variable.value.copy()
            variable.assign(average.value)
            average.assign(weights)

    def _finalize_ema_values(self):
        optimizer = self._ema_optimizer()
        for variable, average in zip(optimizer._trainable_variables,
                                     optimizer._model_variables_moving_average):
            average.assign(variable.value)

    def on_epoch_begin(self, epoch, logs=None):
        if self.swap_on_epoch and self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_epoch_end(self, epoch, logs=None):
        if self.swap_on_epoch and not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True
            if epoch == self.params["epochs"] - 1:
                self._finalize_ema_values()

    def on_test_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def on_test_end(self, logs=None):
        if self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_predict_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def on_predict_end(self, logs=None):
        # Keras 3.15 tests the flag the wrong way round here, so after
        # predict() the averages stay in the model; kept for the same results.
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False
