"""`compile`, `fit`, `evaluate`, `predict` and the `*_on_batch` methods."""

import warnings

import numpy as np

from kerasish import metrics as metrics_module
from kerasish import ops
from kerasish import optimizers as optimizers_module
from kerasish.backend.tensor import no_grad, scratch_gradients
from kerasish.callbacks.callback import Callback
from kerasish.callbacks.callback_list import CallbackList
from kerasish.trainers import data_adapter
from kerasish.trainers.compile_utils import CompileLoss, CompileMetrics
from kerasish.utils import validation
from kerasish.utils.interrupt_utils import StepGuard


class Trainer:
    """Mixed into Model: everything about training and inference loops.

    The methods below are documented here and used as `model.fit(...)`,
    `model.evaluate(...)`, and so on. kerasish's loops take in-memory data:
    NumPy arrays (or anything `np.asarray` accepts), or lists, tuples or
    dicts of them for models with several inputs or outputs. TensorFlow
    datasets, generators and `PyDataset`s are not supported. All data is
    checked before the first step: non-numeric values, NaN or inf, float
    values too large for float32, empty data and arrays of different lengths
    raise a `ValueError`; float64 data is cast once to `floatx()` (float32).
    """

    def _init_trainer(self):
        self.compiled = False
        self.optimizer = None
        self.loss = None
        self._compile_loss = None
        self._compile_metrics = None
        self._loss_tracker = None
        self.stop_training = False
        self.history = None

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
        self.optimizer = optimizers_module.get(optimizer)
        self.loss = loss
        self._compile_config = {
            "optimizer": optimizer,
            "loss": loss,
            "loss_weights": loss_weights,
            "metrics": metrics,
            "weighted_metrics": weighted_metrics,
        }
        output_names = getattr(self, "output_names", None)
        self._compile_loss = (
            CompileLoss(loss, loss_weights, output_names) if loss is not None else None
        )
        has_metrics = metrics is not None or weighted_metrics is not None
        self._compile_metrics = (
            CompileMetrics(metrics, weighted_metrics, output_names) if has_metrics else None
        )
        self._loss_tracker = metrics_module.Mean(name="loss")
        self.compiled = True

    def _assert_compiled(self):
        if not self.compiled:
            raise ValueError("You must call `compile()` before using the model.")

    @property
    def metrics(self):
        """The model's metric objects: the loss tracker, per-output losses, compiled metrics.

        The compiled metrics are grouped in one `compile_metrics` object, as
        in Keras 3; `fit` and `evaluate` report each metric by its own name.

        Returns:
            A list of Metric objects (empty before `compile()`).
        """
        result = []
        if self.compiled:
            result.append(self._loss_tracker)
            if self._compile_loss is not None:
                result.extend(self._compile_loss.metrics)  # per-output losses
            if self._compile_metrics is not None:
                result.append(self._compile_metrics)
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

        Override it (with the same arguments) to train on another loss.

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
        """
        terms = []
        if self._compile_loss is not None:
            terms.append(self._compile_loss(y, y_pred, sample_weight))
        terms.extend(self.losses)
        terms = [t for t in terms if t is not None]
        if not terms:
            raise ValueError("No loss to compute. Provide a `loss` argument in `compile()`.")
        total = terms[0]
        for term in terms[1:]:
            total = ops.add(total, term)
        return total

    def _call_model(self, x, training):
        if self._call_has_training_arg:
            return self(x, training=training)
        return self(x)

    def train_step(self, x, y, sample_weight):
        """Runs one training step on a batch: forward pass, gradients, update, metrics.

        `fit` and `train_on_batch` call it; override it to customize training.
        Unlike Keras's `train_step(data)`, it receives the batch unpacked
        and returns nothing: `fit` reads the metrics afterwards.

        Args:
            x: the input batch.
            y: the target batch, or None.
            sample_weight: per-sample weights of the batch, or None.
        """
        y_pred = self._call_model(x, training=True)
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=True)
        variables = self.trainable_weights
        if variables:
            # None for weights the loss does not reach: the optimizer skips
            # them (with Keras's warning) instead of decaying their slots.
            # Scratch gradients: the optimizer may scale them in place.
            grads = scratch_gradients(loss, variables, unconnected_gradients="none")
            self.optimizer.apply(grads, variables)
        else:
            warnings.warn("The model does not have any trainable weights.")
        self._update_metrics(x, y, y_pred, loss, sample_weight)

    def test_step(self, x, y, sample_weight):
        """Runs one evaluation step on a batch: forward pass (no gradients), loss, metrics.

        Args:
            x: the input batch.
            y: the target batch, or None.
            sample_weight: per-sample weights of the batch, or None.
        """
        with no_grad():
            y_pred = self._call_model(x, training=False)
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
        self._update_metrics(x, y, y_pred, loss, sample_weight)

    def predict_step(self, x):
        """Returns the model's predictions for one batch, computed with `training=False`.

        Args:
            x: the input batch.

        Returns:
            The model's output for `x` (arrays, no graph).
        """
        with no_grad():
            return self._call_model(x, training=False)

    def _update_metrics(self, x, y, y_pred, loss, sample_weight):
        batch_size = data_adapter.num_samples(x)
        self._loss_tracker.update_state(ops.convert_to_numpy(loss), sample_weight=batch_size)
        if self._compile_metrics is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)

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
        """Trains the model for a number of epochs on arrays of inputs and targets.

        Each epoch shuffles the samples (unless `shuffle=False`), cuts them
        into batches of `batch_size`, and for each batch computes the loss,
        its gradients and one optimizer update. The metrics average over the
        epoch; with validation data the model is then evaluated on it and
        the results logged with a `val_` prefix.

        Args:
            x: the inputs: a NumPy array (or array-like), or a list, tuple or
                dict of arrays for a model with several inputs (a dict is
                keyed by input name). Datasets and generators are not
                supported.
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
                of each epoch (not trained on).
            shuffle: True (default) shuffles the samples every epoch,
                `"batch"` only the order of the batches, False neither.
            class_weight: a dict from class index to a weight, multiplying
                each sample's loss by the weight of its class (the argmax of
                one-hot targets). Classes missing from the dict weigh 1.0
                (with a warning). For models with one output only.
            sample_weight: per-sample weights, an array with one weight per
                sample, multiplying each sample's loss.
            initial_epoch: the epoch to start from, useful to resume a
                previous run (default 0).
            steps_per_epoch: must be None: kerasish takes arrays, whose
                size gives the number of steps.
            validation_steps: must be None, as `steps_per_epoch`.
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
                `validation_data` or `validation_freq` is invalid; if
                `steps_per_epoch` or `validation_steps` is given; or if both
                `class_weight` and `sample_weight` are given.

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
        if steps_per_epoch is not None or validation_steps is not None:
            raise ValueError(
                "`steps_per_epoch` and `validation_steps` need a dataset or generator, which "
                "kerasish does not take yet; pass arrays and `batch_size` instead."
            )
        x, y, sample_weight = data_adapter.standardize(x, y, sample_weight)
        if class_weight is not None and sample_weight is not None:
            raise ValueError("You cannot `class_weight` and `sample_weight` at the same time.")
        if validation_split and validation_data is None:
            (x, y, sample_weight), validation_data = data_adapter.train_validation_split(
                x, y, sample_weight, validation_split
            )
        if class_weight is not None:
            # After the split, as in Keras: validation losses are not class-weighted.
            sample_weight = data_adapter.class_weight_to_sample_weights(y, class_weight)
        val = _unpack_validation_data(validation_data)
        if val is not None:  # Keras ignores both without validation data
            validation.check_batch_size(validation_batch_size, "validation_batch_size")
            validation.check_validation_freq(validation_freq)
        batch_size = batch_size or 32
        iterator = data_adapter.EpochIterator(x, y, sample_weight, batch_size, shuffle)
        callbacks = _make_callbacks(self, callbacks, verbose, epochs, iterator.num_batches, True)
        self.stop_training = False
        with StepGuard() as guard:
            return self._fit_loop(callbacks, iterator, val, guard, initial_epoch, epochs,
                                  batch_size, validation_batch_size, validation_freq)

    def _fit_loop(self, callbacks, iterator, val, guard, initial_epoch, epochs, batch_size,
                  validation_batch_size, validation_freq):
        callbacks.on_train_begin()
        # A callback may move the start (BackupAndRestore resuming a run).
        initial_epoch, self._initial_epoch = getattr(self, "_initial_epoch", None) or initial_epoch, None
        epoch_logs = None
        batch_hooks = _has_batch_hooks(callbacks, "train")
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            callbacks.on_epoch_begin(epoch)
            for step, x_batch, y_batch, sw_batch in iterator:
                if batch_hooks:
                    callbacks.on_train_batch_begin(step)
                with guard.step():
                    self.train_step(x_batch, y_batch, sw_batch)
                if batch_hooks:
                    callbacks.on_train_batch_end(step, self.get_metrics_result())
                if self.stop_training:
                    break
            epoch_logs = self.get_metrics_result()
            if val is not None and _should_validate(epoch, validation_freq):
                val_logs = self.evaluate(
                    val[0], val[1], sample_weight=val[2],
                    batch_size=validation_batch_size or batch_size,
                    callbacks=callbacks, return_dict=True, _in_fit=True,
                )
                epoch_logs.update({f"val_{name}": value for name, value in val_logs.items()})
                epoch_logs = dict(sorted(epoch_logs.items()))  # Keras sorts the merged logs
            callbacks.on_epoch_end(epoch, epoch_logs)
            if self.stop_training:
                break
        callbacks.on_train_end(logs=epoch_logs)
        return self.history

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
            x: the inputs: an array, or a list, tuple or dict of arrays.
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
        in_fit = kwargs.pop("_in_fit", False)
        if kwargs:
            raise ValueError(f"Arguments not recognized: {kwargs}")
        self._assert_compiled()
        validation.check_batch_size(batch_size)
        _check_verbose(verbose)
        if not in_fit:
            x, y, sample_weight = data_adapter.standardize(x, y, sample_weight)
        iterator = data_adapter.EpochIterator(x, y, sample_weight, batch_size or 32)
        if not isinstance(callbacks, CallbackList):
            callbacks = _make_callbacks(self, callbacks, verbose, 1, iterator.num_batches, False)
        callbacks.on_test_begin()
        self.reset_metrics()
        batch_hooks = _has_batch_hooks(callbacks, "test")
        for step, x_batch, y_batch, sw_batch in iterator:
            if steps is not None and step >= steps:
                break
            if batch_hooks:
                callbacks.on_test_batch_begin(step)
            self.test_step(x_batch, y_batch, sw_batch)
            if batch_hooks:
                callbacks.on_test_batch_end(step, self.get_metrics_result())
        logs = self.get_metrics_result()
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
            x: the inputs: an array, or a list, tuple or dict of arrays.
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
        x, _, _ = data_adapter.standardize(x)
        iterator = data_adapter.EpochIterator(x, batch_size=batch_size or 32)
        callbacks = _make_callbacks(self, callbacks, verbose, 1, iterator.num_batches, False)
        callbacks.on_predict_begin()
        outputs = []
        batch_hooks = _has_batch_hooks(callbacks, "predict")
        for step, x_batch, _, _ in iterator:
            if steps is not None and step >= steps:
                break
            if batch_hooks:
                callbacks.on_predict_batch_begin(step)
            batch_out = validation.map_structure(_to_array, self.predict_step(x_batch))
            outputs.append(batch_out)
            if batch_hooks:
                callbacks.on_predict_batch_end(step, {"outputs": batch_out})
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
        x, y, sample_weight = data_adapter.standardize(x, y, sample_weight)
        if class_weight is not None:
            if sample_weight is not None:
                raise ValueError(
                    "Arguments `sample_weight` and `class_weight` cannot be specified at the "
                    f"same time. Received: sample_weight={sample_weight}, "
                    f"class_weight={class_weight}"
                )
            sample_weight = data_adapter.class_weight_to_sample_weights(y, class_weight)
        self.reset_metrics()  # each call reports its own batch, as in Keras
        with StepGuard() as guard, guard.step():
            self.train_step(x, y, sample_weight)
        return self._batch_logs(return_dict)

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
        x, y, sample_weight = data_adapter.standardize(x, y, sample_weight)
        self.reset_metrics()
        self.test_step(x, y, sample_weight)
        return self._batch_logs(return_dict)

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
        x, _, _ = data_adapter.standardize(x)
        return validation.map_structure(_to_array, self.predict_step(x))

    def _batch_logs(self, return_dict):
        logs = self.get_metrics_result()
        return logs if return_dict else self._flatten_metrics_in_order(logs)


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
    if validation_data is None:
        return None
    if not isinstance(validation_data, (list, tuple)) or len(validation_data) not in (2, 3):
        raise ValueError(
            "When passing a `validation_data` argument, it must contain either 2 items "
            "(x_val, y_val), or 3 items (x_val, y_val, val_sample_weights). "
            f"Received: validation_data={type(validation_data)}"
        )
    x, y = validation_data[0], validation_data[1]
    sample_weight = validation_data[2] if len(validation_data) == 3 else None
    return data_adapter.standardize(x, y, sample_weight)


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
