class Callback:
    """Base class of callbacks: code that runs at fixed points of training.

    `fit`, `evaluate` and `predict` call the `on_*` hooks of each callback
    in `callbacks=[...]`: at the start and end of training, of each epoch
    and of each batch. Override the hooks you need; the others do nothing.
    Before the first hook, the model sets `self.model` (so a callback can
    read its weights, or stop training with `self.model.stop_training =
    True`) and `self.params`: a dict with `verbose`, `epochs` and `steps`
    (batches per epoch).

    Each hook receives `logs`, a fresh dict of Python floats as in Keras:
    what it holds at each point is described on each hook. A callback may
    add entries in `on_epoch_end` (LearningRateScheduler adds
    `learning_rate`); callbacks later in the list, and `History`, see them.

    Examples:
        >>> class LossRecorder(keras.callbacks.Callback):
        ...     def on_train_begin(self, logs=None):
        ...         self.losses = []
        ...     def on_epoch_end(self, epoch, logs=None):
        ...         self.losses.append(logs["loss"])
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> recorder = LossRecorder()
        >>> _ = model.fit(np.ones((4, 2)), np.zeros((4, 1)), epochs=3, verbose=0,
        ...               callbacks=[recorder])
        >>> len(recorder.losses), recorder.losses[2] < recorder.losses[0]
        (3, True)
    """

    def __init__(self):
        self.params = None
        self._model = None

    def set_params(self, params):
        """Stores the run's parameters in `self.params`; the model calls it first.

        Args:
            params: a dict with `verbose`, `epochs` and `steps` (the number
                of batches per epoch, or None when unknown).
        """
        self.params = params

    def set_model(self, model):
        """Attaches the model being trained, evaluated or predicted with.

        Args:
            model: the `Model`; read it back as `self.model`.
        """
        self._model = model

    @property
    def model(self):
        """The model this callback is attached to.

        Returns:
            The `Model` set by `set_model`, or None before it is set.
        """
        return self._model

    def on_batch_begin(self, batch, logs=None):
        """Called before each training batch; an older name of `on_train_batch_begin`.

        The default `on_train_batch_begin` calls it, so override one of the
        two, not both.

        Args:
            batch: index of the batch within the epoch, from 0.
            logs: an empty dict.
        """

    def on_batch_end(self, batch, logs=None):
        """Called after each training batch; an older name of `on_train_batch_end`.

        The default `on_train_batch_end` calls it, so override one of the
        two, not both.

        Args:
            batch: index of the batch within the epoch, from 0.
            logs: the loss and metrics averaged over the epoch so far, as
                for `on_train_batch_end`.
        """

    def on_epoch_begin(self, epoch, logs=None):
        """Called at the start of each training epoch, after the metrics are reset.

        Args:
            epoch: index of the epoch, from 0 (from `initial_epoch` when
                training resumes).
            logs: an empty dict.
        """

    def on_epoch_end(self, epoch, logs=None):
        """Called at the end of each training epoch, after validation.

        Args:
            epoch: index of the epoch, from 0.
            logs: the epoch's results: `loss` and each metric averaged over
                the epoch's batches, plus `val_loss` and `val_<metric>` when
                validation ran this epoch, sorted by name (e.g.
                `{"accuracy": 0.9, "loss": 0.3, "val_accuracy": 0.85,
                "val_loss": 0.4}`). Callbacks may add entries for the ones
                after them, such as `learning_rate`.
        """

    def on_train_batch_begin(self, batch, logs=None):
        """Called before each training batch; by default calls `on_batch_begin`.

        Args:
            batch: index of the batch within the epoch, from 0.
            logs: an empty dict.
        """
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch, logs=None):
        """Called after each training batch; by default calls `on_batch_end`.

        Args:
            batch: index of the batch within the epoch, from 0.
            logs: `loss` and each metric averaged over the epoch's batches so
                far, this one included (the numbers the progress bar shows).
        """
        self.on_batch_end(batch, logs=logs)

    def on_test_batch_begin(self, batch, logs=None):
        """Called before each batch of `evaluate` (and of validation in `fit`).

        Args:
            batch: index of the batch, from 0.
            logs: an empty dict.
        """

    def on_test_batch_end(self, batch, logs=None):
        """Called after each batch of `evaluate` (and of validation in `fit`).

        Args:
            batch: index of the batch, from 0.
            logs: `loss` and each metric averaged over the evaluation's
                batches so far, without a `val_` prefix even in `fit`.
        """

    def on_predict_batch_begin(self, batch, logs=None):
        """Called before each batch of `predict`.

        Args:
            batch: index of the batch, from 0.
            logs: an empty dict.
        """

    def on_predict_batch_end(self, batch, logs=None):
        """Called after each batch of `predict`.

        Args:
            batch: index of the batch, from 0.
            logs: `{"outputs": ...}`, the model's outputs for this batch
                (a NumPy array, or a list or dict of them).
        """

    def on_train_begin(self, logs=None):
        """Called once when `fit` starts, before the first epoch.

        Args:
            logs: an empty dict.
        """

    def on_train_end(self, logs=None):
        """Called once when `fit` ends, also after early stopping.

        Args:
            logs: the last epoch's logs, as passed to `on_epoch_end` (empty
                when no epoch ran).
        """

    def on_test_begin(self, logs=None):
        """Called when `evaluate` starts, and before each validation in `fit`.

        Args:
            logs: an empty dict.
        """

    def on_test_end(self, logs=None):
        """Called when `evaluate` ends, and after each validation in `fit`.

        Args:
            logs: the evaluation's results: `loss` and each metric over all
                its batches, without a `val_` prefix (`fit` adds it when it
                merges them into the epoch's logs).
        """

    def on_predict_begin(self, logs=None):
        """Called once when `predict` starts.

        Args:
            logs: an empty dict.
        """

    def on_predict_end(self, logs=None):
        """Called once when `predict` ends.

        Args:
            logs: an empty dict.
        """
