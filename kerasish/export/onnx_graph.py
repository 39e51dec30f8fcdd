"""A small builder for ONNX graphs: named values, constants and nodes.

`GraphBuilder` hands out unique value names and collects the nodes and
initializers (constants) that `onnx.helper` turns into a model. Converters
(`kerasish/export/onnx_layers.py`) speak only to it, so they read as the math
they emit: `g.op("MatMul", x, g.const(kernel))`.
"""

import numpy as np


class GraphBuilder:
    def __init__(self, onnx, opset=18):
        self.onnx = onnx
        self.opset = opset
        self.nodes = []
        self.initializers = []
        self._used_names = set()
        # Values that are not float32: the integer model inputs and what a
        # converter marks (Resizing's integer images); everything else is float32.
        self.dtypes = {}
        # Keras masks: value name -> the name of its (batch, time) boolean mask.
        self.masks = {}

    def dtype_of(self, name):
        """The numpy dtype of value `name`."""
        return self.dtypes.get(name, np.dtype("float32"))

    def fresh(self, hint):
        """A value name not used yet, made from `hint`."""
        base = "".join(c if c.isalnum() or c in "_./" else "_" for c in hint) or "v"
        name, suffix = base, 1
        while name in self._used_names:
            name, suffix = f"{base}_{suffix}", suffix + 1
        self._used_names.add(name)
        return name

    def const(self, value, hint="const", dtype=None):
        """An initializer holding `value` (float32 unless `dtype` is given)."""
        array = np.asarray(value, dtype=dtype or np.float32)
        name = self.fresh(hint)
        self.initializers.append(self.onnx.numpy_helper.from_array(array, name))
        return name

    def ints(self, values, hint="shape"):
        """An int64 initializer: shapes, axes, pads and the like."""
        return self.const(np.asarray(values, dtype=np.int64).reshape(-1), hint, np.int64)

    def op(self, op_type, *inputs, hint=None, outputs=1, **attributes):
        """Appends one node; returns its output name (or names, if `outputs` > 1)."""
        names = [self.fresh(hint or op_type.lower()) for _ in range(outputs)]
        inputs = ["" if x is None else x for x in inputs]
        self.nodes.append(self.onnx.helper.make_node(op_type, inputs, names, **attributes))
        return names[0] if outputs == 1 else names

    def reduce(self, op_type, x, axes, keepdims, hint=None):
        """A Reduce* node over `axes`: given as an input from opset 18 on (13
        for ReduceSum), as an attribute before."""
        axes = [int(a) for a in axes]
        if self.opset >= 18 or (op_type == "ReduceSum" and self.opset >= 13):
            return self.op(op_type, x, self.ints(axes, "axes"), keepdims=keepdims, hint=hint)
        return self.op(op_type, x, axes=axes, keepdims=keepdims, hint=hint)
