"""`compile`, `fit`, `evaluate`, `predict` and the `*_on_batch` methods."""

import warnings

import numpy as np

from kerasish import metrics as metrics_module
from kerasish import ops
from kerasish import optimizers as optimizers_module
from kerasish.backend.tensor import gradients, no_grad
from kerasish.callbacks.callback import Callback
from kerasish.callbacks.callback_list import CallbackList
from kerasish.trainers import data_adapter
from kerasish.trainers.compile_utils import CompileLoss, CompileMetrics
from kerasish.utils import validation
from kerasish.utils.interrupt_utils import StepGuard


class Trainer:
    """Mixed into Model: everything about training and inference loops."""

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
        return [m.name for m in self.metrics]

    def reset_metrics(self):
        for metric in self.metrics:
            metric.reset_state()

    def get_metrics_result(self):
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
        y_pred = self._call_model(x, training=True)
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=True)
        variables = self.trainable_weights
        if variables:
            grads = gradients(loss, variables)
            self.optimizer.apply(grads, variables)
        else:
            warnings.warn("The model does not have any trainable weights.")
        self._update_metrics(x, y, y_pred, loss, sample_weight)

    def test_step(self, x, y, sample_weight):
        with no_grad():
            y_pred = self._call_model(x, training=False)
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
        self._update_metrics(x, y, y_pred, loss, sample_weight)

    def predict_step(self, x):
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
        self._assert_compiled()
        x, y, sample_weight = data_adapter.standardize(x, y, sample_weight)
        self.reset_metrics()
        self.test_step(x, y, sample_weight)
        return self._batch_logs(return_dict)

    def predict_on_batch(self, x):
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
