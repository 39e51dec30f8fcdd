import warnings

import numpy as np

from kerasish.callbacks.callback import Callback


class MonitorCallback(Callback):
    """Base of the callbacks that watch one logged quantity (`monitor`) and
    decide whether a new value improves on the best one by `min_delta`."""

    def __init__(self, monitor="val_loss", mode="auto", baseline=None, min_delta=0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(
                f"{self.__class__.__name__} mode '{mode}' is unknown, fallback to auto mode.",
                stacklevel=2,
            )
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op = None

    def _set_monitor_op(self):
        if self.mode == "min":
            self.monitor_op = np.less
        elif self.mode == "max":
            self.monitor_op = np.greater
        else:
            self.monitor_op = self._auto_monitor_op()
        if self.monitor_op is np.less:
            self.min_delta *= -1

    def _auto_monitor_op(self):
        """'auto' mode: minimise losses; otherwise follow the metric's own
        direction (`_direction` "up" or "down"), as Keras does."""
        metric_name = self.monitor.removeprefix("val_")
        monitor_op = np.less if metric_name == "loss" else None
        for metric in _compiled_metrics(self.model):
            if metric.name == metric_name and hasattr(metric, "_direction"):
                monitor_op = np.greater if metric._direction == "up" else np.less
        if monitor_op is None:
            raise ValueError(
                f"{self.__class__.__name__} callback received monitor={self.monitor}, but "
                "Keras isn't able to automatically determine whether that metric should be "
                "maximized or minimized. Pass `mode='max'` in order to monitor based on the "
                "highest metric value, or pass `mode='min'` in order to use the lowest value."
            )
        return monitor_op

    def _is_improvement(self, monitor_value, reference_value):
        if reference_value is None:
            return True
        return bool(self.monitor_op(monitor_value - self.min_delta, reference_value))


def _compiled_metrics(model):
    metrics = []
    for metric in getattr(model, "metrics", []):
        metrics.extend(getattr(metric, "metrics", []))
    return metrics
