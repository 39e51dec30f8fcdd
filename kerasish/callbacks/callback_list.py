import numpy as np

from kerasish.callbacks.callback import Callback
from kerasish.callbacks.history import History
from kerasish.callbacks.progbar_logger import ProgbarLogger


class CallbackList(Callback):
    """A list of callbacks that acts as one: each hook calls it on every callback.

    `fit`, `evaluate` and `predict` wrap their `callbacks` in one, adding a
    `History` and a `ProgbarLogger` where Keras does; you rarely build one
    yourself. Every hook first turns `logs` into a fresh dict of Python
    floats (sorted by name, never None) and hands that same dict to each
    callback in order, so entries a callback adds are seen by the next.

    Args:
        callbacks: a list of `Callback`s, a single callback, or None.
        add_history: whether to append a `History` when there is none.
            Defaults to False.
        add_progbar: whether to append a `ProgbarLogger` when there is none.
            Defaults to False.
        model: if given, the model to attach to every callback.
        **params: if given, the run's parameters (`verbose`, `epochs`,
            `steps`) passed to every callback's `set_params`.

    Raises:
        TypeError: when an element of `callbacks` is not a `Callback`.

    Examples:
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        >>> history = keras.callbacks.History()
        >>> callbacks = keras.callbacks.CallbackList([history], model=model)
        >>> callbacks.on_train_begin()
        >>> callbacks.on_epoch_end(0, {"loss": np.float32(0.5)})
        >>> history.history
        {'loss': [0.5]}
    """

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None, **params):
        super().__init__()
        if callbacks is None:
            callbacks = []
        elif not isinstance(callbacks, (list, tuple)):
            callbacks = [callbacks]  # one callback on its own, as Keras takes it
        self.callbacks = list(callbacks)
        for callback in self.callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(
                    "All callbacks must be instances of `kerasish.callbacks.Callback`. "
                    f"Received: callback={callback} of type {type(callback)}"
                )
        if add_history and not any(isinstance(c, History) for c in self.callbacks):
            self.callbacks.append(History())
        if add_progbar and not any(isinstance(c, ProgbarLogger) for c in self.callbacks):
            self.callbacks.append(ProgbarLogger())
        if model is not None:
            self.set_model(model)
        if params:
            self.set_params(params)

    def set_params(self, params):
        super().set_params(params)
        for callback in self.callbacks:
            callback.set_params(params)

    def set_model(self, model):
        super().set_model(model)
        for callback in self.callbacks:
            callback.set_model(model)
            if isinstance(callback, History):
                model.history = callback  # so fit returns it even when no epoch runs

    def __iter__(self):
        return iter(self.callbacks)


def pythonify_logs(logs):
    """A fresh, sorted dict of the logs with scalars as Python floats, as
    Keras hands every callback (never None)."""
    result = {}
    for key, value in sorted((logs or {}).items()):
        if isinstance(value, dict):
            result.update(pythonify_logs(value))
            continue
        if not isinstance(value, (list, tuple)) and np.ndim(value) == 0:  # lists: multi-output
            try:
                value = float(value)
            except (TypeError, ValueError):
                pass
        result[key] = value
    return result


def _broadcast(hook):
    # Keras's calling convention, which LambdaCallback functions rely on:
    # hook(epoch, logs), hook(batch, logs=logs), hook(logs).
    if "batch" in hook:

        def method(self, batch, logs=None):
            logs = pythonify_logs(logs)
            for callback in self.callbacks:
                getattr(callback, hook)(batch, logs=logs)

    elif "epoch" in hook:

        def method(self, epoch, logs=None):
            logs = pythonify_logs(logs)
            for callback in self.callbacks:
                getattr(callback, hook)(epoch, logs)

    else:

        def method(self, logs=None):
            logs = pythonify_logs(logs)
            for callback in self.callbacks:
                getattr(callback, hook)(logs)

    method.__name__ = hook
    return method


for _hook in [name for name in vars(Callback) if name.startswith("on_")]:
    setattr(CallbackList, _hook, _broadcast(_hook))
