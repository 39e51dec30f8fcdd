"""ONNX conversions of the recurrent layers: SimpleRNN, LSTM, GRU, the generic
`RNN` over one of their cells, `Bidirectional` and `TimeDistributed`.

Each recurrent layer becomes one of ONNX's fused ops (RNN, LSTM, GRU). The
weights are reordered for them: ONNX stores each kernel transposed, one
matrix per gate stacked in its own gate order (LSTM: i, o, f, c where Keras
has i, f, c, o; GRU: z, r, h, as in Keras), and the biases as
`[input biases, recurrent biases]`. Keras's GRU with `reset_after=True` has
exactly ONNX's `linear_before_reset=1` (separate input and recurrent biases);
with `reset_after=False` the single bias is the input one.

Keras's sequences are batch-major `(batch, time, features)`; ONNX's ops read
time-major, so the converters transpose in and out. `go_backwards` reverses
the input in time and runs forward, which gives Keras's outputs in processing
order (ONNX's `direction="reverse"` would keep them in input order). A Keras
mask is honoured whatever its pattern (see "masks" below).
"""

import numpy as np

from kerasish.activations import serialize as activation_name

# Activations ONNX's recurrent ops take: (ONNX name, alpha, beta) with the
# parameters of those that have them (Keras 3's hard_sigmoid is relu6(x + 3) / 6).
RECURRENT_ACTIVATIONS = {
    "tanh": ("Tanh", None, None), "sigmoid": ("Sigmoid", None, None),
    "relu": ("Relu", None, None), "hard_sigmoid": ("HardSigmoid", 1.0 / 6.0, 0.5),
}

# Reordering Keras's LSTM gate blocks (i, f, c, o) into ONNX's (i, o, f, c).
KERAS_TO_ONNX_LSTM_GATES = [0, 3, 1, 2]


def _onnx_activation(activation, layer):
    name = activation_name(activation)
    if name not in RECURRENT_ACTIVATIONS:
        raise ValueError(
            f"Layer '{layer.name}' uses the activation {name!r} in its recurrent cell, which "
            f"kerasish cannot export to ONNX. Exportable recurrent activations: "
            f"{sorted(RECURRENT_ACTIVATIONS)}."
        )
    return RECURRENT_ACTIVATIONS[name]


def _activation_attributes(activations, layer):
    """ONNX's `activations`, with `activation_alpha`/`activation_beta` holding
    the parameters of those that take them, in order."""
    specs = [_onnx_activation(a, layer) for a in activations]
    attributes = {"activations": [name for name, _, _ in specs]}
    alphas = [alpha for _, alpha, _ in specs if alpha is not None]
    if alphas:
        attributes["activation_alpha"] = alphas
        attributes["activation_beta"] = [beta for _, _, beta in specs if beta is not None]
    return attributes


def _gate_blocks(matrix, gates, order):
    """Splits the last axis into `gates` blocks and stacks them in `order`."""
    blocks = np.split(matrix, gates, axis=-1)
    return np.concatenate([blocks[k] for k in order], axis=-1)


def _onnx_weights(kernel, gates, order):
    """Keras's (in, gates * units) kernel as ONNX's (1, gates * units, in)."""
    return _gate_blocks(kernel, gates, order).T[None]


def _onnx_bias(input_bias, recurrent_bias, size):
    input_bias = np.zeros(size, np.float32) if input_bias is None else input_bias
    recurrent_bias = np.zeros(size, np.float32) if recurrent_bias is None else recurrent_bias
    return np.concatenate([input_bias, recurrent_bias])[None]


def _cell_parameters(cell, layer):
    """(ONNX op type, W, R, B, attributes) for one of the built-in cells."""
    from kerasish import layers

    kernel, recurrent = cell.kernel.numpy(), cell.recurrent_kernel.numpy()
    bias = cell.bias.numpy() if cell.bias is not None else None
    units = cell.units
    if isinstance(cell, layers.LSTMCell):
        order = KERAS_TO_ONNX_LSTM_GATES
        b = None if bias is None else _gate_blocks(bias, 4, order)
        activations = _activation_attributes(
            (cell.recurrent_activation, cell.activation, cell.activation), layer)
        return ("LSTM", _onnx_weights(kernel, 4, order), _onnx_weights(recurrent, 4, order),
                _onnx_bias(b, None, 4 * units), activations)
    if isinstance(cell, layers.GRUCell):
        order = [0, 1, 2]
        if bias is None:
            input_bias = recurrent_bias = None
        elif cell.reset_after:
            input_bias, recurrent_bias = bias[0], bias[1]
        else:
            input_bias, recurrent_bias = bias, None
        activations = _activation_attributes((cell.recurrent_activation, cell.activation), layer)
        return ("GRU", _onnx_weights(kernel, 3, order), _onnx_weights(recurrent, 3, order),
                _onnx_bias(input_bias, recurrent_bias, 3 * units),
                {**activations, "linear_before_reset": int(cell.reset_after)})
    return ("RNN", kernel.T[None], recurrent.T[None], _onnx_bias(bias, None, units),
            _activation_attributes((cell.activation,), layer))


def _cells(layer):
    """The layer's cells, first to last (several for `RNN([cell, cell])`);
    each must be exactly a built-in cell (a subclass may compute otherwise)."""
    from kerasish import layers

    builtin = (layers.SimpleRNNCell, layers.LSTMCell, layers.GRUCell)
    cells = layer.cell.cells if isinstance(layer.cell, layers.StackedRNNCells) else [layer.cell]
    for cell in cells:
        if type(cell) not in builtin:
            raise ValueError(
                f"Layer '{layer.name}' runs the cell {type(cell).__name__}: kerasish exports "
                "recurrent layers over its built-in cells (SimpleRNNCell, LSTMCell, GRUCell) "
                "only."
            )
    return cells


def _check_convertible(layer):
    if layer.stateful:
        raise ValueError(
            f"Layer '{layer.name}' is stateful: its state lives between calls, which an ONNX "
            "graph does not keep. Export a copy built with stateful=False."
        )


def _initial_states(inputs, call_kwargs):
    """The initial states' value names: given after the sequence, or as the
    `initial_state` keyword (empty: zeros)."""
    return list(inputs[1:]) + [name for name, _ in (call_kwargs or {}).get("initial_state", [])]


def reverse_in_time(g, x, axis):
    """`x` read backwards along `axis` (any length)."""
    return g.op("Slice", x, g.ints([-1]), g.ints([np.iinfo(np.int64).min]), g.ints([axis]),
                g.ints([-1]), hint="reversed")


def _run_cell(g, layer, cell, sequence, initial, lengths):
    """One cell over a time-major sequence from the `initial` states (h, or
    h and c; none: zeros), over the first `lengths` steps of each sample
    (None: all): ONNX's (Y, Y_h[, Y_c]) with the direction axis dropped,
    Y (time, batch, units) and the states (batch, units)."""
    op_type, w, r, b, attributes = _cell_parameters(cell, layer)
    name = f"{layer.name}/{cell.name}"
    initial = [g.op("Unsqueeze", state, g.ints([0], "axes")) for state in initial]
    outputs = g.op(
        op_type, sequence, g.const(w, f"{name}/W"), g.const(r, f"{name}/R"),
        g.const(b, f"{name}/B"), lengths, *initial, hint=layer.name,
        outputs=3 if op_type == "LSTM" else 2,
        hidden_size=cell.units, direction="forward", **attributes,
    )
    return [g.op("Squeeze", outputs[0], g.ints([1], "axes"))] + [
        g.op("Squeeze", state, g.ints([0], "axes")) for state in outputs[1:]]


def recurrent(g, layer, inputs, shapes, call_kwargs=None):
    """SimpleRNN, LSTM, GRU and RNN over their cells: one fused ONNX op a cell.

    `go_backwards` reverses the input, so that the outputs come in processing
    order as Keras returns them, and stacked cells read the sequence the way
    their first cell does. Initial states are the cells' states in order."""
    _check_convertible(layer)
    cells = _cells(layer)
    initial = _initial_states(inputs, call_kwargs)
    x, mask = inputs[0], g.masks.get(inputs[0])
    if layer.go_backwards:
        x = reverse_in_time(g, x, axis=1)
        mask = None if mask is None else reverse_in_time(g, mask, axis=1)
    lengths = None
    if mask is not None:
        x, lengths, steps_seen = _compact_unmasked_steps(g, x, mask)
    sequence = g.op("Transpose", x, perm=[1, 0, 2])  # time-major
    states = []
    for cell in cells:
        count = len(cell.state_size) if isinstance(cell.state_size, (list, tuple)) else 1
        cell_initial, initial = initial[:count], initial[count:]
        sequence, *cell_states = _run_cell(g, layer, cell, sequence, cell_initial, lengths)
        states += cell_states
    if layer.return_sequences:
        output = g.op("Transpose", sequence, perm=[1, 0, 2])
        if mask is not None:
            output = _outputs_at_every_step(g, layer, output, mask, steps_seen)
    else:
        output = states[-len(cell_states)]  # the last cell's h
    return [output] + states if layer.return_state else output


recurrent.reads_masks = True


# ------------------------------------------------------------------ masks
# Keras skips masked timesteps: the states keep their values through them.
# That is the RNN run over the unmasked steps alone, so each sample's
# unmasked steps are moved to the front (in order) and ONNX's ops run over
# the first `sequence_lens` of them. Any mask works, not only right padding.
def _time_gather(g, x, indices):
    """x[b, indices[b, t], ...] for (batch, time) indices."""
    expanded = g.op("Expand", g.op("Unsqueeze", indices, g.ints([-1], "axes")), g.op("Shape", x))
    return g.op("GatherElements", x, expanded, axis=1)


def _compact_unmasked_steps(g, x, mask):
    """(x with each sample's unmasked steps first, their count as int32, and
    how many unmasked steps each step has seen up to itself)."""
    kept = g.op("Cast", mask, to=g.onnx.TensorProto.INT64)
    steps = g.op("Gather", g.op("Shape", x), g.const(1, "time_axis", np.int64))
    positions = g.op("Range", g.const(0, "zero", np.int64), steps, g.const(1, "one", np.int64))
    # Unmasked steps rank above masked ones, earlier ones above later ones.
    rank = g.op("Sub", g.op("Mul", kept, steps), positions)
    order = g.op("TopK", g.op("Cast", rank, to=g.onnx.TensorProto.FLOAT),
                 g.op("Unsqueeze", steps, g.ints([0], "axes")), axis=1, largest=1, sorted=1,
                 outputs=2)[1]
    lengths = g.op("Cast", g.reduce("ReduceSum", kept, [1], keepdims=0),
                   to=g.onnx.TensorProto.INT32)
    steps_seen = g.op("CumSum", kept, g.const(1, "time_axis", np.int64))
    return _time_gather(g, x, order), lengths, steps_seen


def _outputs_at_every_step(g, layer, compact_outputs, mask, steps_seen):
    """Keras's output at each step: the output of the last unmasked step up
    to it (zeros before the first one, and at masked steps with
    `zero_output_for_mask`)."""
    last_seen = g.op("Max", g.op("Sub", steps_seen, g.const(1, "one", np.int64)),
                     g.const(0, "zero", np.int64))
    outputs = _time_gather(g, compact_outputs, last_seen)
    started = g.op("Greater", steps_seen, g.const(0, "zero", np.int64))
    keep = g.op("And", started, mask) if layer.zero_output_for_mask else started
    keep = g.op("Cast", g.op("Unsqueeze", keep, g.ints([-1], "axes")), to=g.onnx.TensorProto.FLOAT)
    return g.op("Mul", outputs, keep)


def bidirectional(g, layer, inputs, shapes, call_kwargs=None):
    """Both directions converted as their own layers (the first half of any
    initial states for the forward one), then merged as Keras does."""
    from kerasish.export.onnx_layers import converter_for

    for inner in (layer.forward_layer, layer.backward_layer):
        if converter_for(inner) is not recurrent:
            raise ValueError(
                f"Layer '{layer.name}' wraps {type(inner).__name__}, which kerasish cannot "
                "export to ONNX."
            )
    initial = _initial_states(inputs, call_kwargs)
    half = len(initial) // 2
    forward = recurrent(g, layer.forward_layer, [inputs[0]] + initial[:half], shapes)
    backward = recurrent(g, layer.backward_layer, [inputs[0]] + initial[half:], shapes)
    states = []
    if layer.return_state:
        states = forward[1:] + backward[1:]
        forward, backward = forward[0], backward[0]
    if layer.return_sequences:
        backward = reverse_in_time(g, backward, axis=1)
    mode = layer.merge_mode
    if mode is None:
        merged = [forward, backward]
    elif mode == "concat":
        merged = [g.op("Concat", forward, backward, axis=-1)]
    elif mode == "sum":
        merged = [g.op("Add", forward, backward)]
    elif mode == "ave":
        merged = [g.op("Mul", g.op("Add", forward, backward), g.const(0.5))]
    else:  # "mul"
        merged = [g.op("Mul", forward, backward)]
    outputs = merged + states
    return outputs[0] if len(outputs) == 1 else outputs


recurrent.keyword_tensors = bidirectional.keyword_tensors = ("initial_state",)
bidirectional.reads_masks = True


def time_distributed(g, layer, inputs, shapes):
    """The wrapped layer on (batch * time, ...), then the two axes split again."""
    from kerasish.export.onnx_layers import converter_for

    from kerasish.export.onnx import uses_masks

    inner = converter_for(layer.layer)
    if inner is None:
        raise ValueError(
            f"Layer '{layer.name}' wraps {type(layer.layer).__name__}, which kerasish cannot "
            "export to ONNX."
        )
    if inputs[0] in g.masks and uses_masks(layer.layer):
        raise ValueError(
            f"Layer '{layer.name}' of class TimeDistributed receives a mask and wraps "
            f"{type(layer.layer).__name__}, which reads masks: kerasish cannot export that to "
            "ONNX (it would give the wrapped layer no mask)."
        )
    x, end = inputs[0], np.iinfo(np.int64).max
    x_shape = g.op("Shape", x)
    leading = g.op("Slice", x_shape, g.ints([0]), g.ints([2]))  # (batch, time)
    step_shape = g.op("Slice", x_shape, g.ints([2]), g.ints([end]))
    merged = g.op("Reshape", x, g.op("Concat", g.ints([-1]), step_shape, axis=0))
    y = inner(g, layer.layer, [merged], [(None,) + tuple(shapes[0][2:])])
    rest = g.op("Slice", g.op("Shape", y), g.ints([1]), g.ints([end]))
    return g.op("Reshape", y, g.op("Concat", leading, rest, axis=0))


time_distributed.reads_masks = True  # (the wrapped layer must not read them, see above)
