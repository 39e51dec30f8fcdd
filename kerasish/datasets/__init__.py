"""`kerasish.datasets`: small data sets that ship with the package."""

from kerasish.datasets import mnist  # noqa: F401
