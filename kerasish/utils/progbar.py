"""A console progress bar printed the way Keras 3 prints it."""

import math
import os
import sys
import time

import numpy as np

from kerasish.utils import io_utils

BOLD, GREEN, GREY, RESET = "\x1b[1m", "\x1b[32m", "\x1b[37m", "\x1b[0m"


class Progbar:
    """A console progress bar, printed as `fit` and `evaluate` print theirs.

    Shows `current/target`, a bar, timing and running metric values.
    verbose=1 redraws one live line; verbose=2 prints one line when done.
    Values of metrics named in `stateful_metrics` are shown as given; others
    are averaged over the steps seen (weighted by the steps each covered),
    except on the final update, whose values are shown as given, as in Keras.

    Args:
        target: the total number of steps, or None when unknown (then the
            bar shows `current/Unknown`).
        width: the bar's width in characters.
        verbose: 0 prints nothing, 1 a live line, 2 one line at the end.
        interval: the least number of seconds between two redraws with
            verbose=1.
        stateful_metrics: names of metrics whose values are shown as given,
            not averaged (e.g. metrics that already average over an epoch).
        stateless_metrics: the opposite choice: only these names are
            averaged. Give at most one of the two lists.
        unit_name: the word after the time per step, `"step"` by default.

    Raises:
        ValueError: if both `stateful_metrics` and `stateless_metrics` are given.

    Examples:
        >>> bar = keras.utils.Progbar(target=3, verbose=2)
        >>> for step in range(3):
        ...     bar.update(step + 1, values=[("loss", 0.5)])
        3/3 - 0s - ...step - loss: 0.5000
    """

    def __init__(
        self,
        target,
        width=20,
        verbose=1,
        interval=0.05,
        stateful_metrics=None,
        stateless_metrics=None,
        unit_name="step",
    ):
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError(
                "Only one of `stateful_metrics` or `stateless_metrics` can be provided."
            )
        self.target, self.width, self.verbose = target, width, verbose
        self.interval, self.unit_name = interval, unit_name
        self.stateful_metrics = set(stateful_metrics or ())
        self.stateless_metrics = None if stateless_metrics is None else set(stateless_metrics)
        # Keras redraws in place whenever it is on a POSIX system or a terminal.
        self._dynamic_display = (
            getattr(sys.stdout, "isatty", lambda: False)()
            or "ipykernel" in sys.modules
            or os.name == "posix"
        )
        self._values = {}
        self._values_order = []
        self._seen_so_far = 0
        self._start = time.time()
        self._last_update = 0
        self._time_after_first_step = None
        self._prev_total_width = 0

    def _is_stateless(self, name):
        if self.stateless_metrics is not None:
            return name in self.stateless_metrics
        return name not in self.stateful_metrics

    def _record(self, current, values, finalize):
        for name, value in values:
            if name not in self._values_order:
                self._values_order.append(name)
            if self._is_stateless(name) and not finalize:
                weight = max(current - self._seen_so_far, 1)
                total, count = self._values.get(name, [0.0, 0])
                self._values[name] = [total + value * weight, count + weight]
            else:
                self._values[name] = [value, 1]
        self._seen_so_far = current

    def update(self, current, values=None, finalize=None):
        """Records progress and values, and redraws the bar when it is time to.

        Args:
            current: the number of steps done so far.
            values: a list of `(name, value)` pairs to show, or None.
            finalize: whether this is the last update; by default, when
                `current` reaches `target`.
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        self._record(current, values or [], finalize)
        now = time.time()
        time_per_unit = self._step_duration(current, now)
        if self.verbose == 1:
            if now - self._last_update < self.interval and not finalize:
                return
            self._print_live(current, now, time_per_unit, finalize)
        elif self.verbose == 2 and finalize and self.target:
            self._print_summary(current, now, time_per_unit)
        self._last_update = now

    def add(self, n, values=None):
        """Advances the bar by `n` steps, as `update(current + n, values)`.

        Args:
            n: the number of steps just done.
            values: a list of `(name, value)` pairs to show, or None.
        """
        self.update(self._seen_so_far + n, values)

    def _counter(self, current):
        digits = int(math.log10(self.target)) + 1
        return f"%{digits}d/%d" % (current, self.target)

    def _print_live(self, current, now, time_per_unit, finalize):
        prefix = ("\b" * self._prev_total_width + "\r") if self._dynamic_display else "\n"
        invisible = 0  # length of the colour codes, which take no room on screen
        if self.target:
            bar = f"{BOLD}{self._counter(current)}{RESET} "
            filled = int(self.width * current / self.target)
            invisible += 8
            if filled > 0:
                bar += f"{GREEN}{'━' * filled}{RESET}"
                invisible += 9
            bar += f"{GREY}{'━' * (self.width - filled)}{RESET}"
            invisible += 9
        else:
            bar = "%7d/Unknown" % current
        if self.target and not finalize:
            info = f" {BOLD}{_format_eta(time_per_unit * (self.target - current))}{RESET}"
        else:
            info = f" {BOLD}{now - self._start:.0f}s{RESET}"
        invisible += 8
        info += _format_time(time_per_unit, self.unit_name)
        info += self._metrics_text(absolute=True)
        total_width = len(bar) + len(info) - invisible
        line = prefix + bar + info
        if self._prev_total_width > total_width:
            line += " " * (self._prev_total_width - total_width)
        if finalize:
            line += "\n"
        io_utils.print_msg(line, line_break=False)
        self._prev_total_width = total_width

    def _print_summary(self, current, now, time_per_unit):
        info = f"{self._counter(current)} - {now - self._start:.0f}s -"
        info += _format_time(time_per_unit, self.unit_name)
        info += self._metrics_text(absolute=False)
        io_utils.print_msg(info)

    def _metrics_text(self, absolute):
        text = ""
        for name in self._values_order:
            total, count = self._values[name]
            average = float(np.mean(total)) / max(1, count)
            size = abs(average) if absolute else average
            text += f" - {name}: {average:.4f}" if size > 1e-3 else f" - {name}: {average:.4e}"
        return text

    def _step_duration(self, current, now):
        """Seconds per step, leaving out the (slow, warm-up) first step."""
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            duration = (now - self._time_after_first_step) / (current - 1)
        else:
            duration = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return duration


def _format_eta(seconds):
    if seconds > 3600:
        return "%d:%02d:%02d" % (seconds // 3600, (seconds % 3600) // 60, seconds % 60)
    if seconds > 60:
        return "%d:%02d" % (seconds // 60, seconds % 60)
    return "%ds" % seconds


def _format_time(time_per_unit, unit_name):
    if time_per_unit >= 1 or time_per_unit == 0:
        return f" {time_per_unit:.0f}s/{unit_name}"
    if time_per_unit >= 1e-3:
        return f" {time_per_unit * 1e3:.0f}ms/{unit_name}"
    return f" {time_per_unit * 1e6:.0f}us/{unit_name}"
