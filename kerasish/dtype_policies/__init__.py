"""Dtype policies: `DTypePolicy` (also `keras.DTypePolicy`) and its alias
`FloatDTypePolicy`. Mixed precision and quantized policies are not
supported by kerasish's NumPy core."""

from kerasish.dtype_policies.dtype_policy import DTypePolicy, FloatDTypePolicy  # noqa: F401
