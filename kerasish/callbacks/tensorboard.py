"""`TensorBoard`: writes training logs that TensorBoard displays.

The event files are written with the optional `tensorboard` package
(`pip install "kerasish[tensorboard]"`), imported only when the callback
writes, in the form TensorFlow's `tf.summary` writes them: scalars and
histograms as tensor summaries, the model's config as the `keras` summary.
"""

import os

import numpy as np

from kerasish.callbacks.callback import Callback

_HISTOGRAM_BUCKETS = 30


def _tensorboard_modules():
    try:
        from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2
        from tensorboard.summary.writer.event_file_writer import EventFileWriter
    except ImportError:
        raise ImportError(
            'The TensorBoard callback needs the `tensorboard` package: pip install '
            '"kerasish[tensorboard]"'
        ) from None
    return event_pb2, summary_pb2, tensor_pb2, EventFileWriter


class _SummaryWriter:
    """One run directory (`train` or `validation`) of event files."""

    def __init__(self, logdir):
        self._event_pb2, self._summary_pb2, self._tensor_pb2, writer_class = _tensorboard_modules()
        self._writer = writer_class(logdir, filename_suffix=".v2")

    def _write(self, tag, plugin_name, tensor, step, content=b""):
        metadata = self._summary_pb2.SummaryMetadata(
            plugin_data=self._summary_pb2.SummaryMetadata.PluginData(
                plugin_name=plugin_name, content=content))
        summary = self._summary_pb2.Summary(
            value=[self._summary_pb2.Summary.Value(tag=tag, metadata=metadata, tensor=tensor)])
        import time

        self._writer.add_event(
            self._event_pb2.Event(wall_time=time.time(), step=int(step), summary=summary))

    def scalar(self, tag, value, step):
        tensor = self._tensor_pb2.TensorProto(dtype=1, float_val=[float(value)])  # DT_FLOAT
        tensor.tensor_shape.SetInParent()
        self._write(tag, "scalars", tensor, step)

    def histogram(self, tag, values, step):
        buckets = _histogram_buckets(np.asarray(values, dtype=np.float64).ravel())
        tensor = self._tensor_pb2.TensorProto(dtype=2, double_val=buckets.ravel().tolist())
        for size in buckets.shape:  # DT_DOUBLE, shape (buckets, 3)
            tensor.tensor_shape.dim.add(size=size)
        self._write(tag, "histograms", tensor, step)

    def text_json(self, tag, text, step, plugin_name):
        tensor = self._tensor_pb2.TensorProto(dtype=7, string_val=[text.encode("utf-8")])
        tensor.tensor_shape.SetInParent()  # DT_STRING scalar
        self._write(tag, plugin_name, tensor, step, content=b"1")

    def close(self):
        self._writer.close()


def _histogram_buckets(values):
    """(left edge, right edge, count) rows, as `tf.summary.histogram` makes them."""
    if values.size == 0:
        return np.zeros((0, 3))
    low, high = float(values.min()), float(values.max())
    if low == high:
        edges = np.linspace(low - 0.5, high + 0.5, _HISTOGRAM_BUCKETS + 1)
    else:
        edges = np.linspace(low, high, _HISTOGRAM_BUCKETS + 1)
    counts, _ = np.histogram(values, bins=edges)
    return np.stack([edges[:-1], edges[1:], counts.astype(np.float64)], axis=1)


class TensorBoard(Callback):
    """Writes the losses, metrics and learning rate of each epoch (and,
    optionally, of batches and weight histograms) as TensorBoard logs.

    Logs go to `log_dir/train` and `log_dir/validation`, with Keras's tags:
    `epoch_loss`, `epoch_<metric>`, `epoch_learning_rate` (step: the epoch),
    `batch_<name>` (step: the global batch, with `update_freq`), and
    `evaluation_<name>_vs_iterations` after each evaluation. View them with
    `tensorboard --logdir log_dir`. Needs the `tensorboard` package
    (`pip install "kerasish[tensorboard]"`).

    Args:
        log_dir: the directory of the logs (default `"logs"`).
        histogram_freq: write histograms of every weight every that many
            epochs; 0 (default) never.
        write_graph: whether to write the model's config (the `keras`
            summary TensorBoard's graph view shows; default True).
        write_images: must be False (kerasish does not write weight images).
        write_steps_per_second: whether to log the training speed.
        update_freq: `"epoch"` (default), `"batch"`, or an int N to also log
            every N-th batch's values.
        profile_batch: must be 0 (there is no profiler to trace).
        embeddings_freq: must be 0 (no embedding projector files).
        embeddings_metadata: must be None.

    Raises:
        ValueError: if `write_images`, `profile_batch` or `embeddings_freq`
            asks for what kerasish cannot write, or `update_freq` is invalid.
        ImportError: when writing, if `tensorboard` is not installed.

    Examples:
        >>> callback = keras.callbacks.TensorBoard(log_dir="logs", update_freq="batch")
        >>> callback.update_freq
        1
    """

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
                 write_steps_per_second=False, update_freq="epoch", profile_batch=0,
                 embeddings_freq=0, embeddings_metadata=None):
        super().__init__()
        for argument, value, default in (("write_images", write_images, False),
                                         ("profile_batch", profile_batch, 0),
                                         ("embeddings_freq", embeddings_freq, 0),
                                         ("embeddings_metadata", embeddings_metadata, None)):
            if value != default:
                raise ValueError(
                    f"kerasish's TensorBoard callback does not support `{argument}` (no images, "
                    f"profiler or embedding projector). Received: {argument}={value!r}"
                )
        if update_freq != "epoch" and update_freq != "batch" and (
                not isinstance(update_freq, int) or update_freq < 1):
            raise ValueError(
                "`update_freq` must be 'epoch', 'batch' or a positive integer. "
                f"Received: update_freq={update_freq!r}"
            )
        self.log_dir = str(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.profile_batch = profile_batch
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self._writers = {}
        self._global_train_batch = 0
        self._global_test_batch = 0

    def _writer(self, run):
        if run not in self._writers:
            self._writers[run] = _SummaryWriter(os.path.join(self.log_dir, run))
        return self._writers[run]

    def set_model(self, model):
        super().set_model(model)
        self._writers = {}
        if self.write_graph and type(model).__name__ in ("Functional", "Sequential"):
            self._writer("train").text_json("keras", model.to_json(), 0, "graph_keras_model")

    def _records_batches(self, step):
        return self.update_freq != "epoch" and step % self.update_freq == 0

    def on_train_begin(self, logs=None):
        self._global_train_batch = 0

    def on_train_batch_begin(self, batch, logs=None):
        self._global_train_batch += 1
        if self.write_steps_per_second:
            import time

            self._batch_start_time = time.time()

    def on_train_batch_end(self, batch, logs=None):
        if not self._records_batches(self._global_train_batch):
            return
        writer = self._writer("train")
        if self.write_steps_per_second:
            import time

            elapsed = time.time() - self._batch_start_time
            writer.scalar("batch_steps_per_second", 1.0 / max(elapsed, 1e-12),
                          self._global_train_batch)
        for name, value in (logs or {}).items():
            writer.scalar(f"batch_{name}", value, self._global_train_batch)

    def on_test_batch_begin(self, batch, logs=None):
        self._global_test_batch += 1

    def on_test_end(self, logs=None):
        optimizer = getattr(self.model, "optimizer", None)
        # As in Keras, with a batch frequency only the evaluations ending on a
        # recorded test batch are written; with "epoch", every one.
        recorded = self.update_freq == "epoch" or self._records_batches(self._global_test_batch)
        if recorded and optimizer is not None and hasattr(optimizer, "iterations"):
            step = int(np.asarray(optimizer.iterations.value))
            for name, value in (logs or {}).items():
                self._writer("validation").scalar(f"evaluation_{name}_vs_iterations", value, step)

    def on_epoch_begin(self, epoch, logs=None):
        if self.write_steps_per_second:
            import time

            self._epoch_start_time = time.time()
            self._epoch_start_iterations = int(np.asarray(self.model.optimizer.iterations.value))

    def on_epoch_end(self, epoch, logs=None):
        self._log_epoch_metrics(epoch, logs or {})
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            writer = self._writer("train")
            for layer in self.model.layers:
                for weight in layer.weights:
                    tag = weight.path.replace(":", "_") + "/histogram"
                    writer.histogram(tag, np.asarray(weight.value), epoch)

    def _log_epoch_metrics(self, epoch, logs):
        if not logs:
            return
        train_logs = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val_logs = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        optimizer = getattr(self.model, "optimizer", None)
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)
        if optimizer is not None and hasattr(optimizer, "learning_rate"):
            train_logs["learning_rate"] = float(np.asarray(optimizer.learning_rate))
        if self.write_steps_per_second:
            import time

            steps = int(np.asarray(optimizer.iterations.value)) - self._epoch_start_iterations
            train_logs["steps_per_second"] = steps / max(time.time() - self._epoch_start_time,
                                                         1e-12)
        for run, run_logs in (("train", train_logs), ("validation", val_logs)):
            for name, value in run_logs.items():
                self._writer(run).scalar(f"epoch_{name}", value, epoch)

    def on_train_end(self, logs=None):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}
