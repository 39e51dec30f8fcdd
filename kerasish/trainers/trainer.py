"""`compile`, `fit`, `evaluate`, `predict` and the `*_on_batch` methods."""

import contextlib
import inspect
import warnings

import numpy as np

from kerasish import metrics as metrics_module
from kerasish import ops
from kerasish import optimizers as optimizers_module
from kerasish.backend import memory, threads
from kerasish.backend.scratch import scratch_gradients
from kerasish.backend.tensor import no_grad
from kerasish.callbacks.callback import Callback
from kerasish.callbacks.callback_list import CallbackList
from kerasish.layers import layer
from kerasish.metrics.metric import Metric
from kerasish.trainers import data_adapters
from kerasish.trainers.compile_utils import CompileLoss, CompileMetrics
from kerasish.trainers.data_adapters import data_adapter_utils
from kerasish.trainers.epoch_iterator import EpochIterator
from kerasish.utils import validation
from kerasish.utils.interrupt_utils import StepGuard


class Trainer:
    """Mixed into Model: everything about training and inference loops.

    The methods below are documented here and used as `model.fit(...)`,
    `model.evaluate(...)`, and so on. The loops take NumPy arrays (or
    anything `np.asarray` accepts, or lists, tuples or dicts of them for
    models with several inputs or outputs), Python generators, a
    `keras.utils.PyDataset`, and, when the user has them installed, a
    `tf.data.Dataset` or a `torch.utils.data.DataLoader` (iterated as NumPy).
    Arrays are checked before the first step: non-numeric values, NaN or
    inf, float values too large for float32, empty data and arrays of
    different lengths raise a `ValueError`; float64 data is cast once to
    `floatx()` (float32).

    Custom training overrides `train_step(data)`, `test_step(data)` or
    `predict_step(data)`, as in Keras 3; metrics kept as model attributes
    are part of `model.metrics`, reset every epoch and logged.
    """

    def _init_trainer(self):
        self.compiled = False
        self.optimizer = None
        self.loss = None
        self._compile_loss = None
        self._compile_metrics = None
        self._loss_tracker = None
        self.stop_training = False
        self.stop_evaluating = False
        self.stop_predicting = False
        self.history = None
        self._step_logs_unread = False

    # ----------------------------------------------------------------- compile
    def compile(
        self,
        optimizer="rmsprop",
        loss=None,
        loss_weights=None,
        metrics=None,
        weighted_metrics=None,
        run_eagerly=False,
        steps_per_execution=1,
        jit_compile="auto",
        auto_scale_loss=True,
    ):
        """Configures the model for training: the optimizer, the loss and the metrics.

        Calling `compile()` again replaces all three (a new optimizer state
        when a new optimizer is built) and resets the metrics.

        Args:
            optimizer: an optimizer name (`"sgd"`, `"adam"`, `"rmsprop"`, ...;
                default `"rmsprop"`, as in Keras), config dict or instance.
            loss: the loss to minimize: a name (`"mse"`,
                `"sparse_categorical_crossentropy"`, ...), a `keras.losses.Loss`
                instance, or a function `loss(y_true, y_pred)` returning
                per-sample losses. For several outputs, a list (in output
                order) or a dict keyed by output name. None trains only on
                the losses layers add (`add_loss`).
            loss_weights: a number, list or dict (like `loss`) weighting
                each output's loss in the total.
            metrics: metrics to report, a list of names (`"accuracy"`,
                `"mae"`, ...), Metric instances or functions; for several
                outputs, a list of lists or a dict keyed by output name.
                `"accuracy"` picks binary, sparse or categorical accuracy
                from the shapes of the targets and predictions, as in Keras.
            weighted_metrics: metrics, like `metrics`, that also take the
                `sample_weight` (or `class_weight`) given to `fit` or
                `evaluate`.
            run_eagerly: accepted for compatibility; kerasish always runs
                eagerly (there is no graph compilation).
            steps_per_execution: accepted for compatibility; each batch is
                one step.
            jit_compile: accepted for compatibility; there is no JIT.
            auto_scale_loss: accepted for compatibility (no mixed precision).

        Raises:
            ValueError: from `keras.optimizers.get`, `keras.losses.get` or
                `keras.metrics.get` for an identifier they cannot interpret,
                or if `loss_weights` is neither a number, list nor dict.

        Examples:
            >>> model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
            >>> model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
            >>> model.metrics_names
            ['loss', 'compile_metrics']
        """
        # Everything is resolved before anything is set: a bad name leaves
        # the model as it was (compiled or not), never half-configured.
        resolved_optimizer = optimizers_module.get(optimizer)
        output_names = getattr(self, "output_names", None)
        compile_loss = CompileLoss(loss, loss_weights, output_names) if loss is not None else None
        has_metrics = metrics is not None or weighted_metrics is not None
        compile_metrics = (
            CompileMetrics(metrics, weighted_metrics, output_names, loss) if has_metrics else None
        )
        self.optimizer = resolved_optimizer
        self.loss = loss
        self._compile_config = {
            "optimizer": optimizer,
            "loss": loss,
            "loss_weights": loss_weights,
            "metrics": metrics,
            "weighted_metrics": weighted_metrics,
        }
        self._compile_loss, self._compile_metrics = compile_loss, compile_metrics
        self._loss_tracker = metrics_module.Mean(name="loss")
        self.compiled = True

    def _assert_compiled(self):
        if not self.compiled:
            raise ValueError("You must call `compile()` before using the model.")

    @property
    def metrics(self):
        """The model's metric objects: the loss tracker, per-output losses, compiled
        metrics, then the metrics held as the model's attributes.

        The compiled metrics are grouped in one `compile_metrics` object, as
        in Keras 3; `fit` and `evaluate` report each metric by its own name.
        A metric assigned as an attribute (`self.loss_tracker =
        keras.metrics.Mean(name="loss")`) is tracked, reset at the start of
        every epoch and logged by `fit` like the compiled ones; so are the
        metrics held by the model's layers (not by nested models, which have
        their own), as in Keras.

        Returns:
            A list of Metric objects.
        """
        result = []
        if self.compiled:
            result.append(self._loss_tracker)
            if self._compile_loss is not None:
                result.extend(self._compile_loss.metrics)  # per-output losses
            if self._compile_metrics is not None:
                result.append(self._compile_metrics)
        result.extend(self.__dict__.get("_tracked_metrics", ()))
        result.extend(_sublayer_metrics(self))
        return result

    @property
    def metrics_names(self):
        """The names of the objects in `metrics`, such as `['loss', 'compile_metrics']`.

        Returns:
            A list of strings.
        """
        return [m.name for m in self.metrics]

    def reset_metrics(self):
        """Resets the state of every metric in `metrics`, as each epoch does at its start."""
        for metric in self.metrics:
            metric.reset_state()

    def get_metrics_result(self):
        """Returns the current value of every metric, as `fit` logs them.

        Returns:
            A dict from metric name to a Python float (or an array for
            per-class results), sorted by name.
        """
        logs = {}
        for metric in self.metrics:
            result = metric.result()
            if isinstance(result, dict):
                logs.update(result)
            else:
                logs[metric.name] = result
        return {name: _pythonify(value) for name, value in sorted(logs.items())}

    # ------------------------------------------------------------------- steps
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """Returns the total loss of a batch: the compiled loss plus the layers' losses.

        Override it (with the same arguments) to train on another loss; the
        default `train_step` and `test_step` call it. The losses that layers
        add with `add_loss` (and weight regularizers) are summed in, so a
        model compiled without a `loss` trains on those alone.

        Args:
            x: the input batch (unused by the default implementation).
            y: the targets.
            y_pred: the model's predictions for `x`.
            sample_weight: optional per-sample weights for the compiled loss.
            training: whether the loss is computed for training (unused by
                the default implementation).

        Returns:
            A scalar Tensor (or array, when no gradient is recorded).

        Raises:
            ValueError: if there is neither a compiled loss nor a layer loss.

        Examples:
            >>> model = keras.Sequential([keras.Input((2,)),
            ...                           keras.layers.Dense(1, kernel_initializer="ones")])
            >>> model.compile(loss="mse")
            >>> x, y = np.ones((2, 2)), np.zeros((2, 1))
            >>> float(model.compute_loss(x, y, model(x)))
            4.0
        """
        terms = []
        if self._compile_loss is not None:
            loss = self._compile_loss(y, y_pred, sample_weight)
            if loss is not None:
                terms.append(loss)
        terms.extend(_as_scalar_loss(loss) for loss in self.losses)
        if not terms:
            raise ValueError("No loss to compute. Provide a `loss` argument in `compile()`.")
        total = terms[0]
        for term in terms[1:]:
            total = ops.add(total, term)
        return total

    def _compute_loss(self, x, y, y_pred, sample_weight, training):
        # Overrides written before Keras 3.3 have no `training` argument.
        if _takes_training_argument(self.compute_loss):
            return self.compute_loss(x, y, y_pred, sample_weight, training=training)
        return self.compute_loss(x, y, y_pred, sample_weight)

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        """Updates the compiled metrics with a batch and returns every metric's value.

        The default `train_step` and `test_step` call it last; override it
        to update metrics of your own (kept as attributes) as well.

        Args:
            x: the input batch (unused by the default implementation).
            y: the targets.
            y_pred: the model's predictions.
            sample_weight: optional per-sample weights.

        Returns:
            A dict from metric name to value, as `get_metrics_result()`.

        Examples:
            >>> model = keras.Sequential([keras.Input((1,)),
            ...                           keras.layers.Dense(1, kernel_initializer="ones")])
            >>> model.compile(loss="mse", metrics=["mae"])
            >>> x = np.array([[1.0], [3.0]])
            >>> model.compute_metrics(x, np.zeros((2, 1)), model(x))["mae"]
            2.0
        """
        if self._compile_metrics is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        if self._step_logs_unread:
            return None  # fit reads the metrics at the end of the epoch instead
        return self.get_metrics_result()

    def _call_model(self, x, training):
        # As Keras's trainers: a model whose call takes no `training` is called
        # without it, so its layers see their own defaults (or an outer value).
        if self._call_has_training_arg:
            return self(x, training=training)
        return self(x)

    def train_step(self, data):
        """Runs one training step on a batch: forward pass, gradients, update, metrics.

        `fit` and `train_on_batch` call it once per batch; override it to
        customize training, as in Keras 3. Inside, compute gradients with
        `keras.GradientTape` and apply them with
        `self.optimizer.apply(grads, variables)`.

        Args:
            data: the batch: `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`,
                as the data source yields it (see
                `keras.utils.unpack_x_y_sample_weight`).

        Returns:
            A dict of logs (metric name to value) that the callbacks receive.

        Examples:
            >>> class Plain(keras.Model):
            ...     def train_step(self, data):
            ...         x, y = data
            ...         with keras.GradientTape() as tape:
            ...             loss = self.compute_loss(x, y, self(x, training=True))
            ...         grads = tape.gradient(loss, self.trainable_variables)
            ...         self.optimizer.apply(grads, self.trainable_variables)
            ...         return {"loss": loss}
            >>> inputs = keras.Input((2,))
            >>> model = Plain(inputs, keras.layers.Dense(1)(inputs))
            >>> model.compile(optimizer="sgd", loss="mse")
            >>> history = model.fit(np.ones((4, 2)), np.zeros((4, 1)), verbose=0)
            >>> list(history.history)
            ['loss']
        """
        x, y, sample_weight = data_adapter_utils.unpack_x_y_sample_weight(data)
        y_pred = self._call_model(x, training=True)
        loss = self._compute_loss(x, y, y_pred, sample_weight, training=True)
        self._track_loss(loss, x)
        variables = self.trainable_weights
        if variables:
            # None for weights the loss does not reach: the optimizer skips
            # them (with Keras's warning) instead of decaying their slots.
            # Scratch gradients: the optimizer may scale them in place.
            grads = scratch_gradients(loss, variables, unconnected_gradients="none")
            self.optimizer.apply(grads, variables)
        else:
            warnings.warn("The model does not have any trainable weights.")
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def test_step(self, data):
        """Runs one evaluation step on a batch: forward pass (no gradients), loss, metrics.

        Args:
            data: the batch, as for `train_step`.

        Returns:
            A dict of logs (metric name to value).
        """
        x, y, sample_weight = data_adapter_utils.unpack_x_y_sample_weight(data)
        with no_grad():
            y_pred = self._call_model(x, training=False)
            loss = self._compute_loss(x, y, y_pred, sample_weight, training=False)
        self._track_loss(loss, x)
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def predict_step(self, data):
        """Returns the model's predictions for one batch, computed with `training=False`.

        Args:
            data: the batch: `x` or `(x,)` (targets, if present, are ignored).

        Returns:
            The model's output for `x` (arrays, no graph).
        """
        x, _, _ = data_adapter_utils.unpack_x_y_sample_weight(data)
        with no_grad():
            return self._call_model(x, training=False)

    def _track_loss(self, loss, x):
        batch_size = data_adapter_utils.num_samples(x)
        self._loss_tracker.update_state(ops.convert_to_numpy(loss), sample_weight=batch_size)

    def _uses_default_steps(self, step_name):
        cls = type(self)
        return (getattr(cls, step_name) is getattr(Trainer, step_name)
                and cls.compute_metrics is Trainer.compute_metrics)

    def _epoch_logs(self, step_logs):
        """Keras's rule: the metrics' values, unless the step returned logs with
        other names (a custom `train_step`), then the last step's logs."""
        metric_logs = self.get_metrics_result()
        if step_logs is None or (isinstance(step_logs, dict)
                                 and set(step_logs) == set(metric_logs)):
            return metric_logs
        return _pythonify_logs(step_logs)

    # --------------------------------------------------------------------- fit
    def fit(
        self,
        x=None,
        y=None,
        batch_size=None,
        epochs=1,
        verbose="auto",
        callbacks=None,
        validation_split=0.0,
        validation_data=None,
        shuffle=True,
        class_weight=None,
        sample_weight=None,
        initial_epoch=0,
        steps_per_epoch=None,
        validation_steps=None,
        validation_batch_size=None,
        validation_freq=1,
    ):
        """Trains the model for a number of epochs on arrays, generators or datasets.

        Each epoch shuffles the samples (unless `shuffle=False`), cuts them
        into batches of `batch_size` (or takes the batches a generator or
        dataset yields), and for each batch runs `train_step`: the loss,
        its gradients and one optimizer update. The metrics average over the
        epoch; with validation data the model is then evaluated on it and
        the results logged with a `val_` prefix.

        Args:
            x: the inputs: a NumPy array (or array-like), or a list, tuple or
                dict of arrays for a model with several inputs (a dict is
                keyed by input name); or a Python generator yielding
                `(x,)`, `(x, y)` or `(x, y, sample_weight)` batches, a
                `keras.utils.PyDataset`, a `tf.data.Dataset` or a torch
                `DataLoader` (then `y` and `sample_weight` are part of the
                batches).
            y: the targets, shaped like the model's output (or integer class
                labels for sparse losses), or a list/dict of arrays for
                several outputs. None when the loss comes only from layers.
            batch_size: the number of samples per update, a positive int
                (default 32). The last batch of an epoch may be smaller.
            epochs: the index of the epoch to stop after, a non-negative
                int (default 1). With `initial_epoch`, training runs epochs
                `initial_epoch` to `epochs - 1`.
            verbose: `"auto"` or 1 (a progress bar), 2 (one line per epoch),
                0 (silent). Other positive ints print only the epoch headers,
                as in Keras.
            callbacks: a list of `keras.callbacks.Callback` instances called
                during training (EarlyStopping, ModelCheckpoint, ...). A
                `History` callback (and a progress bar unless `verbose=0`)
                is always added.
            validation_split: the fraction, in [0, 1), of the data held out
                for validation: the *last* samples, taken before shuffling,
                as in Keras. Ignored when `validation_data` is given.
            validation_data: `(x_val, y_val)` or
                `(x_val, y_val, val_sample_weight)` to evaluate on at the end
                of each epoch (not trained on), or a generator or dataset as
                for `x`.
            shuffle: True (default) shuffles the samples every epoch,
                `"batch"` only the order of the batches, False neither. A
                PyDataset's batch order is shuffled; generators and
                `tf.data` datasets are not (with Keras's warning).
            class_weight: a dict from class index to a weight, multiplying
                each sample's loss by the weight of its class (the argmax of
                one-hot targets). Classes missing from the dict weigh 1.0
                (with a warning). For models with one output only.
            sample_weight: per-sample weights, an array with one weight per
                sample, multiplying each sample's loss.
            initial_epoch: the epoch to start from, useful to resume a
                previous run (default 0).
            steps_per_epoch: the number of batches in an epoch, a positive
                int; None (default) makes an epoch one pass over the data.
                With it, the next epoch continues where the last stopped
                (needed for infinite generators); a source that runs out
                sooner ends the epoch with Keras's warning.
            validation_steps: the number of validation batches; None
                evaluates all of `validation_data`.
            validation_batch_size: the batch size for validation; default
                `batch_size`.
            validation_freq: validate every `validation_freq` epochs (an int),
                or after the epochs listed (a list of 1-based epoch numbers).

        Returns:
            A `keras.callbacks.History` object: its `history` attribute maps
            each metric name (`loss`, `val_loss`, ...) to a list with one
            value per epoch.

        Raises:
            ValueError: if the model is not compiled; if the data is invalid
                (missing `x`, non-numeric, NaN or inf values, different
                numbers of samples); if `batch_size`, `epochs`,
                `initial_epoch`, `verbose`, `validation_split`,
                `validation_data`, `validation_freq`, `steps_per_epoch` or
                `validation_steps` is invalid; if both `class_weight` and
                `sample_weight` are given; if a generator or dataset comes
                with `y` or `sample_weight`, or yields batches of changing
                structure or shapes.

        Examples:
            >>> model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
            >>> model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
            >>> x, y = np.ones((4, 3)), np.zeros((4, 1))
            >>> history = model.fit(x, y, batch_size=2, epochs=2, verbose=0,
            ...                     validation_data=(x, y))
            >>> sorted(history.history)
            ['loss', 'mae', 'val_loss', 'val_mae']
            >>> len(history.history["loss"])
            2
        """
        self._assert_compiled()
        validation.check_batch_size(batch_size)
        validation.check_epochs(epochs, initial_epoch)
        _check_verbose(verbose)
        _check_steps(steps_per_epoch, "steps_per_epoch")
        memory.reuse_freed_memory_for_training()  # once per process; see backend/memory.py
        _check_steps(validation_steps, "validation_steps")
        if validation_split and validation_data is None:
            x, y, sample_weight, validation_data = _split_arrays(
                x, y, sample_weight, class_weight, validation_split, _text(self))
        epoch_iterator = EpochIterator(
            data_adapters.get_data_adapter(x, y, sample_weight, batch_size, steps_per_epoch,
                                           shuffle, class_weight, text=_text(self)),
            steps_per_epoch,
        )
        val_iterator = None
        if validation_data is not None:  # Keras ignores both without validation data
            validation.check_batch_size(validation_batch_size, "validation_batch_size")
            validation.check_validation_freq(validation_freq)
            val_x, val_y, val_sample_weight = _unpack_validation_data(validation_data)
            val_iterator = EpochIterator(
                data_adapters.get_data_adapter(
                    val_x, val_y, val_sample_weight, validation_batch_size or batch_size,
                    validation_steps, text=_text(self)),
                validation_steps,
            )
        callbacks = _make_callbacks(self, callbacks, verbose, epochs,
                                    epoch_iterator.num_batches, True)
        self.stop_training = False
        # One OpenBLAS thread while kerasish's pool splits the work: see backend/threads.py.
        with StepGuard() as guard, threads.blas_policy_for_training():
            return self._fit_loop(callbacks, epoch_iterator, val_iterator, guard,
                                  initial_epoch, epochs, validation_freq)

    def _fit_loop(self, callbacks, epoch_iterator, val_iterator, guard, initial_epoch, epochs,
                  validation_freq):
        callbacks.on_train_begin()
        # A callback may move the start (BackupAndRestore resuming a run).
        initial_epoch, self._initial_epoch = getattr(self, "_initial_epoch", None) or initial_epoch, None
        epoch_logs = None
        batch_hooks = _has_batch_hooks(callbacks, "train")
        with self._unread_step_logs(not batch_hooks and self._uses_default_steps("train_step")):
            for epoch in range(initial_epoch, epochs):
                self.reset_metrics()
                callbacks.on_epoch_begin(epoch)
                step_logs = self._run_epoch(callbacks, epoch_iterator, guard, batch_hooks)
                epoch_logs = self._epoch_logs(step_logs)
                if val_iterator is not None and _should_validate(epoch, validation_freq):
                    with self._unread_step_logs(False):
                        val_logs = self.evaluate(callbacks=callbacks, return_dict=True,
                                                 _epoch_iterator=val_iterator)
                    epoch_logs.update({f"val_{name}": value for name, value in val_logs.items()})
                    epoch_logs = dict(sorted(epoch_logs.items()))  # Keras sorts the merged logs
                callbacks.on_epoch_end(epoch, epoch_logs)
                if self.stop_training:
                    break
        for iterator in (epoch_iterator, val_iterator):
            if iterator is not None:
                iterator.close()  # stops workers still loading ahead
        # As Keras: training ends with the optimizer's final values (with
        # `use_ema`, the moving averages replace the weights), before the
        # callbacks' on_train_end.
        if isinstance(self.optimizer, optimizers_module.Optimizer) and epochs > 0:
            self.optimizer.finalize_variable_values(self.trainable_weights)
        callbacks.on_train_end(logs=epoch_logs)
        return self.history

    def _run_epoch(self, callbacks, epoch_iterator, guard, batch_hooks):
        """Trains on one epoch's batches; returns the last step's logs. Loading
        a batch (which may raise) happens outside the guarded step, so a
        failing data source never leaves a step half-applied."""
        step_logs = None
        with contextlib.closing(epoch_iterator.enumerate_epoch()) as batches:
            for step, data in batches:
                if batch_hooks:
                    callbacks.on_train_batch_begin(step)
                with guard.step():
                    step_logs = self.train_step(data)
                if batch_hooks:
                    callbacks.on_train_batch_end(step, step_logs)
                if self.stop_training:
                    break
        return step_logs

    @contextlib.contextmanager
    def _unread_step_logs(self, unread):
        """While on, the default steps skip building per-step logs nobody reads."""
        previous, self._step_logs_unread = self._step_logs_unread, unread
        try:
            yield
        finally:
            self._step_logs_unread = previous

    # ---------------------------------------------------------------- evaluate
    def evaluate(
        self,
        x=None,
        y=None,
        batch_size=None,
        verbose="auto",
        sample_weight=None,
        steps=None,
        callbacks=None,
        return_dict=False,
        **kwargs,
    ):
        """Returns the loss and metric values of the model on test data.

        Runs the model in inference mode (`training=False`, no gradients)
        batch by batch and averages the loss and metrics over all samples.

        Args:
            x: the inputs: an array, or a list, tuple or dict of arrays; or
                a generator or dataset, as for `fit`.
            y: the targets, as for `fit`.
            batch_size: the number of samples per batch, a positive int
                (default 32); it changes speed, not the result.
            verbose: `"auto"` or 1 (a progress bar), 0 (silent), 2.
            sample_weight: per-sample weights for the loss and the weighted
                metrics, one per sample.
            steps: the number of batches to evaluate before stopping; None
                (default) evaluates all the data.
            callbacks: a list of callbacks called during evaluation.
            return_dict: whether to return a dict keyed by metric name
                instead of a list.
            **kwargs: refused (kerasish uses one internal keyword).

        Returns:
            The loss alone (a float) when there are no metrics, else a list
            of floats in the order of the loss and the compiled metrics, or
            a dict from name to value when `return_dict=True`.

        Raises:
            ValueError: if the model is not compiled, an argument is invalid,
                an unknown keyword is passed, or the data is invalid (as in
                `fit`).

        Examples:
            >>> model = keras.Sequential([keras.Input(shape=(2,)),
            ...                           keras.layers.Dense(1, kernel_initializer="ones")])
            >>> model.compile(loss="mse", metrics=["mae"])
            >>> x, y = np.array([[1.0, 1.0], [2.0, 2.0]]), np.array([[2.0], [2.0]])
            >>> model.evaluate(x, y, verbose=0)
            [2.0, 1.0]
            >>> model.evaluate(x, y, verbose=0, return_dict=True)
            {'loss': 2.0, 'mae': 1.0}
        """
        epoch_iterator = kwargs.pop("_epoch_iterator", None)  # fit's validation data
        if kwargs:
            raise ValueError(f"Arguments not recognized: {kwargs}")
        self._assert_compiled()
        if epoch_iterator is None:
            validation.check_batch_size(batch_size)
            _check_verbose(verbose)
            _check_steps(steps, "steps")
            epoch_iterator = EpochIterator(
                data_adapters.get_data_adapter(x, y, sample_weight, batch_size, steps,
                                               text=_text(self)),
                steps)
        if not isinstance(callbacks, CallbackList):
            callbacks = _make_callbacks(self, callbacks, verbose, 1, epoch_iterator.num_batches,
                                        False)
        callbacks.on_test_begin()
        self.reset_metrics()
        self.stop_evaluating = False
        batch_hooks = _has_batch_hooks(callbacks, "test")
        step_logs = None
        with self._unread_step_logs(not batch_hooks and self._uses_default_steps("test_step")):
            with contextlib.closing(epoch_iterator.enumerate_epoch()) as batches:
                for step, data in batches:
                    if batch_hooks:
                        callbacks.on_test_batch_begin(step)
                    step_logs = self.test_step(data)
                    if batch_hooks:
                        callbacks.on_test_batch_end(step, step_logs)
                    if self.stop_evaluating:
                        break
        logs = self._epoch_logs(step_logs)
        callbacks.on_test_end(logs)
        if return_dict:
            return logs
        return self._flatten_metrics_in_order(logs)

    def _flatten_metrics_in_order(self, logs):
        names = []
        for metric in self.metrics:
            if isinstance(metric, CompileMetrics):
                names += [m.name for m in metric.metrics]
            else:
                names.append(metric.name)
        results = [logs[name] for name in names if name in logs]
        results += [logs[key] for key in sorted(logs) if key not in names]
        return results[0] if len(results) == 1 else results

    # ----------------------------------------------------------------- predict
    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """Returns the model's predictions for the inputs, computed batch by batch.

        The model runs in inference mode (`training=False`: no dropout,
        BatchNormalization uses its moving statistics) and records no
        gradients.

        Args:
            x: the inputs: an array, or a list, tuple or dict of arrays; or
                a generator or dataset, as for `fit`.
            batch_size: the number of samples per batch, a positive int
                (default 32).
            verbose: `"auto"` or 1 (a progress bar), 0 (silent), 2.
            steps: the number of batches to predict before stopping; None
                (default) predicts all samples.
            callbacks: a list of callbacks called during prediction.

        Returns:
            A NumPy array of predictions (float32 by default), or a list or
            dict of arrays for a model with several outputs.

        Raises:
            ValueError: if an argument or the data is invalid, or if no batch
                was predicted (`steps=0`).

        Examples:
            >>> model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
            >>> predictions = model.predict(np.ones((5, 3)), batch_size=2, verbose=0)
            >>> predictions.shape, predictions.dtype
            ((5, 2), dtype('float32'))
        """
        validation.check_batch_size(batch_size)
        _check_verbose(verbose)
        _check_steps(steps, "steps")
        epoch_iterator = EpochIterator(
            data_adapters.get_data_adapter(x, batch_size=batch_size, steps_per_epoch=steps,
                                           text=_text(self)),
            steps)
        callbacks = _make_callbacks(self, callbacks, verbose, 1, epoch_iterator.num_batches,
                                    False)
        callbacks.on_predict_begin()
        self.stop_predicting = False
        outputs = []
        batch_hooks = _has_batch_hooks(callbacks, "predict")
        with contextlib.closing(epoch_iterator.enumerate_epoch()) as batches:
            for step, data in batches:
                if batch_hooks:
                    callbacks.on_predict_batch_begin(step)
                batch_out = validation.map_structure(_to_array, self.predict_step(data))
                outputs.append(batch_out)
                if batch_hooks:
                    callbacks.on_predict_batch_end(step, {"outputs": batch_out})
                if self.stop_predicting:
                    break
        callbacks.on_predict_end()
        return _concatenate_batches(outputs)

    # ------------------------------------------------------------- on_batch API
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """Runs one optimizer update on one batch of data, without shuffling or callbacks.

        The metrics are reset first, so the values returned are those of this
        batch alone (computed before the update), as in Keras 3.

        Args:
            x: the input batch: an array, or a list, tuple or dict of arrays.
            y: the target batch, or None.
            sample_weight: per-sample weights, one per sample.
            class_weight: a dict from class index to weight (see `fit`).
            return_dict: whether to return a dict keyed by metric name.

        Returns:
            The loss (a float) when there are no metrics, else a list of the
            loss and metric values, or a dict when `return_dict=True`.

        Raises:
            ValueError: if the model is not compiled, the data is invalid,
                or both `sample_weight` and `class_weight` are given.

        Examples:
            >>> model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
            >>> model.compile(optimizer="sgd", loss="mse")
            >>> loss = model.train_on_batch(np.ones((4, 2)), np.zeros((4, 1)))
            >>> isinstance(loss, float)
            True
        """
        self._assert_compiled()
        x, y, sample_weight = data_adapter_utils.standardize(x, y, sample_weight,
                                                             text=_text(self))
        if class_weight is not None:
            if sample_weight is not None:
                raise ValueError(
                    "Arguments `sample_weight` and `class_weight` cannot be specified at the "
                    f"same time. Received: sample_weight={sample_weight}, "
                    f"class_weight={class_weight}"
                )
            sample_weight = data_adapter_utils.class_weight_to_sample_weights(y, class_weight)
        self.reset_metrics()  # each call reports its own batch, as in Keras
        data = data_adapter_utils.pack_x_y_sample_weight(x, y, sample_weight)
        with StepGuard() as guard, guard.step(), threads.blas_policy_for_training():
            logs = self.train_step(data)
        return self._batch_logs(logs, return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """Returns the loss and metrics of the model on one batch (no update).

        Args:
            x: the input batch: an array, or a list, tuple or dict of arrays.
            y: the target batch, or None.
            sample_weight: per-sample weights, one per sample.
            return_dict: whether to return a dict keyed by metric name.

        Returns:
            The loss (a float) when there are no metrics, else a list of the
            loss and metric values, or a dict when `return_dict=True`.

        Raises:
            ValueError: if the model is not compiled or the data is invalid.

        Examples:
            >>> model = keras.Sequential([keras.Input(shape=(2,)),
            ...                           keras.layers.Dense(1, kernel_initializer="ones")])
            >>> model.compile(loss="mae")
            >>> model.test_on_batch(np.array([[1.0, 2.0]]), np.array([[1.0]]))
            2.0
        """
        self._assert_compiled()
        x, y, sample_weight = data_adapter_utils.standardize(x, y, sample_weight,
                                                             text=_text(self))
        self.reset_metrics()
        logs = self.test_step(data_adapter_utils.pack_x_y_sample_weight(x, y, sample_weight))
        return self._batch_logs(logs, return_dict)

    def predict_on_batch(self, x):
        """Returns the model's predictions for one batch, in a single step.

        Args:
            x: the input batch: an array, or a list, tuple or dict of arrays.

        Returns:
            A NumPy array (or a list or dict of arrays for several outputs).

        Examples:
            >>> model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
            >>> model.predict_on_batch(np.ones((4, 3))).shape
            (4, 2)
        """
        x, _, _ = data_adapter_utils.standardize(x, text=_text(self))
        data = data_adapter_utils.pack_x_y_sample_weight(x)
        return validation.map_structure(_to_array, self.predict_step(data))

    def _batch_logs(self, step_logs, return_dict):
        logs = self._epoch_logs(step_logs)
        return logs if return_dict else self._flatten_metrics_in_order(logs)


def _sublayer_metrics(model):
    """Metrics held as attributes of the model's layers, nested layers
    included; a nested model's are its own business, as in Keras."""
    found, pending = [], list(model._layers)
    while pending:
        layer = pending.pop(0)
        if isinstance(layer, Trainer):
            continue
        found.extend(value for value in vars(layer).values() if isinstance(value, Metric))
        pending.extend(layer._layers)
    return found


_TAKES_TRAINING = {}


def _takes_training_argument(method):
    """Whether `method` has a `training` parameter, remembered per function:
    `inspect.signature` costs more than a small model's whole step."""
    function = getattr(method, "__func__", method)
    known = _TAKES_TRAINING.get(function)
    if known is None:
        known = _TAKES_TRAINING[function] = "training" in inspect.signature(method).parameters
    return known


def _pythonify_logs(logs):
    return {name: _pythonify(ops.convert_to_numpy(value)) for name, value in logs.items()}


def _as_scalar_loss(loss):
    """A loss from `add_loss` or a regularizer as one float scalar, as Keras
    sums each (a per-sample loss counts as its sum)."""
    if getattr(loss, "ndim", 0):
        loss = ops.sum(loss)
    if np.dtype(getattr(loss, "dtype", "float32")).kind != "f":
        loss = ops.cast(loss, "float32")
    return loss


def _check_steps(steps, name):
    is_count = isinstance(steps, (int, np.integer)) and not isinstance(steps, bool)
    if steps is not None and not (is_count and steps > 0):
        raise ValueError(f"`{name}` must be a positive integer or None. Received: {name}={steps}")


def _split_arrays(x, y, sample_weight, class_weight, validation_split, text):
    """Keras's `validation_split`: the last samples, before shuffling, become
    `validation_data`; only for arrays."""
    if not data_adapters.is_array_data(x):
        raise ValueError(
            "`validation_split` is only supported for Tensors or NumPy arrays. "
            f"Found incompatible type in the input: {type(x)}"
        )
    x, y, sample_weight = data_adapter_utils.standardize(x, y, sample_weight, text=text)
    if class_weight is not None and sample_weight is not None:
        raise ValueError("You cannot `class_weight` and `sample_weight` at the same time.")
    (x, y, sample_weight), validation_data = data_adapter_utils.train_validation_split(
        x, y, sample_weight, validation_split)
    return x, y, sample_weight, validation_data


def _pythonify(value):
    """Scalars become floats, as Keras logs them; per-class results (F1Score
    with average=None) stay arrays."""
    value = np.asarray(value)
    return float(value.reshape(())) if value.size == 1 else value


def _to_array(x):
    return np.asarray(ops.convert_to_numpy(x))


def _concatenate_batches(outputs):
    if not outputs:
        raise ValueError("Unexpected result of `predict_function` (Empty batch_outputs). "
                         "Please use `Model.compile(..., run_eagerly=True)`, or "
                         "`tf.config.run_functions_eagerly(True)` for more information of "
                         "where went wrong, or file a issue/bug to `tf.keras`.")
    first = outputs[0]
    if isinstance(first, dict):
        return {k: np.concatenate([o[k] for o in outputs]) for k in first}
    if isinstance(first, (list, tuple)):
        return type(first)(np.concatenate([o[i] for o in outputs]) for i in range(len(first)))
    return np.concatenate(outputs)


def _unpack_validation_data(validation_data):
    if isinstance(validation_data, (list, tuple)):
        if len(validation_data) not in (2, 3):
            raise ValueError(
                "When passing a `validation_data` argument, it must contain either 2 items "
                "(x_val, y_val), or 3 items (x_val, y_val, val_sample_weights). "
                f"Received: validation_data={type(validation_data)}"
            )
        return data_adapter_utils.unpack_x_y_sample_weight(tuple(validation_data))
    if data_adapters.is_array_data(validation_data):
        raise ValueError(
            "When passing a `validation_data` argument, it must contain either 2 items "
            "(x_val, y_val), or 3 items (x_val, y_val, val_sample_weights), or be a "
            "generator, a PyDataset or a dataset. "
            f"Received: validation_data={type(validation_data)}"
        )
    return validation_data, None, None


def _text(model):
    """Whether the model starts with text layers (TextVectorization, lookups),
    so string arrays are its data. (The check lives with the layers; without
    text layers in this build, data is numeric.)"""
    takes_strings = getattr(layer, "_takes_strings", None)
    return bool(takes_strings and takes_strings(model))


def _should_validate(epoch, validation_freq):
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    return epoch + 1 in validation_freq


def _check_verbose(verbose):
    # Keras takes any count: 0 silent, 1 progress bar, 2 one line per
    # epoch, and others print only the "Epoch i/n" headers.
    is_count = isinstance(verbose, (int, np.integer)) and not isinstance(verbose, bool)
    if verbose != "auto" and not (is_count and verbose >= 0):
        raise ValueError(
            "`verbose` must be 'auto' or a non-negative integer (0, 1 or 2). "
            f"Received: verbose={verbose}"
        )


_BATCH_HOOKS = {
    # on_train_batch_* call on_batch_* unless overridden, as in Keras.
    "train": ("on_train_batch_begin", "on_train_batch_end", "on_batch_begin", "on_batch_end"),
    "test": ("on_test_batch_begin", "on_test_batch_end"),
    "predict": ("on_predict_batch_begin", "on_predict_batch_end"),
}


def _has_batch_hooks(callbacks, mode):
    """Whether any callback does something per batch in `mode`. When none does
    (verbose=0, History and epoch-level callbacks), the loops skip the batch
    hooks and the per-batch logs: calling hooks that do nothing and building
    logs nobody reads cost 80k instructions a step (callgrind), a twentieth of
    the framework's own work on the tutorial MLP."""
    return any(
        getattr(getattr(callback, hook), "__func__", None) is not getattr(Callback, hook)
        for callback in callbacks
        for hook in _BATCH_HOOKS[mode]
    )


def _make_callbacks(model, callbacks, verbose, epochs, steps, add_history):
    if isinstance(callbacks, CallbackList):
        return callbacks
    return CallbackList(
        callbacks,
        add_history=add_history,
        add_progbar=verbose != 0,
        model=model,
        verbose=verbose,
        epochs=epochs,
        steps=steps,
    )
