"""Holding back Ctrl-C while a training step updates the weights.

A step updates every variable and optimizer slot in place, one after the
other, then counts itself in `optimizer.iterations`. A KeyboardInterrupt
landing in the middle would leave some variables stepped and others not,
with a counter that disagrees with both. While a `StepGuard` is active, a
SIGINT that arrives inside `guard.step()` is only noted, and the
KeyboardInterrupt is raised once the step is whole; outside a step it is
raised at once, as usual. An interrupted `fit` therefore leaves the weights
and optimizer state of the last completed step.
"""

import signal
import threading


class StepGuard:
    """Installs its SIGINT handler once (per `fit`), so each step costs only
    two attribute writes."""

    def __init__(self):
        self._previous = None
        self._in_step = False
        self._pending = False

    def __enter__(self):
        if _can_take_over_sigint():
            self._previous = signal.signal(signal.SIGINT, self._on_sigint)
        return self

    def __exit__(self, *exc_info):
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None
        return False

    def _on_sigint(self, signum, frame):
        if not self._in_step:
            raise KeyboardInterrupt
        self._pending = True

    def step(self):
        return _Step(self)


class _Step:
    def __init__(self, guard):
        self.guard = guard

    def __enter__(self):
        self.guard._in_step = True

    def __exit__(self, *exc_info):
        self.guard._in_step = False
        if self.guard._pending:
            self.guard._pending = False
            raise KeyboardInterrupt
        return False


def _can_take_over_sigint():
    """Only the main thread may set handlers, and a handler the user installed
    (anything but Python's default) is left alone."""
    return (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    )
