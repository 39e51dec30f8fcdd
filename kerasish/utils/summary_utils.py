"""`model.summary()`: the box-drawn table Keras 3 prints."""

import re
import shutil

import numpy as np


def readable_memory_size(size):
    for unit in ["B", "KB", "MB", "GB", "TB", "PB"]:
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def weight_memory_size(variables):
    return int(sum(np.prod(v.shape) * v.value.dtype.itemsize for v in variables))


def count_params(variables):
    return int(sum(np.prod(v.shape) for v in variables))


def _column_widths(line_length, positions):
    """Widths inside the borders: the positions' shares of the line, shrunk
    evenly (rounding as Keras's table renderer does) to leave room for borders."""
    widths, previous = [], 0
    for position in positions:
        end = int(position * line_length) if position <= 1 else int(position)
        if end - previous < 4:
            raise ValueError("Insufficient console width to print summary.")
        widths.append(end - previous)
        previous = end
    excess = sum(widths) - (line_length - len(widths) - 1)
    remaining_columns = len(widths)
    for index, width in enumerate(widths):
        if excess <= 0:
            break
        cut = min(width, round(excess / remaining_columns))
        widths[index] -= cut
        excess -= cut
        remaining_columns -= 1
    return widths


def _wrap(text, width):
    """Word-wraps `text` into lines of at most `width` characters as Keras's
    table renderer (rich) does: a word keeps the spaces before it when it
    starts the text (the indentation of a nested layer), a line breaks before
    a word that does not fit, and a word longer than a line is cut short with
    an ellipsis."""
    width = max(1, width)
    lines, current = [], ""
    for word in re.findall(r"\s*\S+\s*", text) or [""]:
        visible = word.rstrip()
        if current and len(current) + len(visible) > width:
            lines.append(current)
            current = ""
        current += word
        if len(current.rstrip()) > width:
            current = current.rstrip()[: width - 1] + "…"
    lines.append(current)
    return [line.rstrip() for line in lines]


def _aligned(text, width, align):
    if align == "right":
        return text.rjust(width)
    if align == "center":
        left = (width - len(text)) // 2
        return (" " * left + text).ljust(width)
    return text.ljust(width)


def _row(cells, widths, aligns, border, header=False):
    """The text lines of one table row. A cell shorter than the row's tallest
    starts at the top, or (in the header, as rich draws it) ends at the bottom."""
    wrapped = [_wrap(cell, w - 2) for cell, w in zip(cells, widths)]
    height = max(len(lines) for lines in wrapped)
    if header:
        wrapped = [[""] * (height - len(lines)) + lines for lines in wrapped]
    lines = []
    for i in range(height):
        parts = []
        for lines_of_cell, w, align in zip(wrapped, widths, aligns):
            text = lines_of_cell[i] if i < len(lines_of_cell) else ""
            parts.append(f" {_aligned(text, w - 2, align)} ")
        lines.append(border + border.join(parts) + border)
    return lines


def _rule(widths, left, middle, right, fill):
    return left + middle.join(fill * w for w in widths) + right


def format_shape(shape):
    if shape is None:
        return "?"
    if isinstance(shape, list):
        return ", ".join(format_shape(s) for s in shape)
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def print_summary(model, line_length=None, positions=None, print_fn=None, layers=None,
                  connections=None, expand_nested=False, show_trainable=False,
                  layer_range=None):
    """Prints (or passes to `print_fn`) the layers, output shapes and parameter
    counts, as Keras 3's `model.summary()` does.

    `layers` are the table's top-level layers (default `model.layers`);
    `connections`, a function from a layer to its "Connected to" text, adds
    the functional API's column. `expand_nested` lists the layers of nested
    models under them, `show_trainable` adds a "Trainable" column and
    `layer_range` (two names or regular expressions) keeps only the top-level
    layers from the first match of one to the last match of the other."""
    header = ["Layer (type)", "Output Shape", "Param #"]
    aligns = ["left", "left", "right"]
    default_length, default_positions = 88, [0.45, 0.80, 1.0]
    if connections is not None:
        header.append("Connected to")
        aligns.append("left")
        default_length, default_positions = 108, [0.3, 0.56, 0.74, 1.0]
    positions = positions or default_positions
    if len(positions) < len(header):
        # Keras fails here with an IndexError; name the argument instead.
        raise ValueError(
            f"`positions` needs one entry per column ({len(header)} here: "
            f"{', '.join(header)}). Received: positions={positions}"
        )
    if show_trainable:
        # Keras squeezes the other columns into 90% of the line.
        default_length += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        header.append("Trainable")
        aligns.append("center")
    if not line_length:
        line_length = min(default_length, shutil.get_terminal_size().columns - 4)
    widths = _column_widths(line_length, positions[: len(header)])
    if layers is None:
        layers = model.layers
    first, stop = layer_index_bounds(layers, layer_range)
    rows = []
    for layer in layers[first:stop]:
        rows += _layer_rows(layer, connections, show_trainable, expand_nested)
    lines = [f'Model: "{model.name}"']
    lines.append(_rule(widths, "┏", "┳", "┓", "━"))
    lines += _row(header, widths, aligns, "┃", header=True)
    lines.append(_rule(widths, "┡", "╇", "┩", "━"))
    for index, cells in enumerate(rows):
        lines += _row(cells, widths, aligns, "│")
        if index < len(rows) - 1:
            lines.append(_rule(widths, "├", "┼", "┤", "─"))
    lines.append(_rule(widths, "└", "┴", "┘", "─"))
    trainable = model.trainable_weights
    non_trainable = model.non_trainable_weights
    optimizer = getattr(model, "optimizer", None)
    optimizer_vars = optimizer.variables if optimizer is not None and optimizer.built else []
    everything = trainable + non_trainable + optimizer_vars

    def total_line(label, variables):
        return f" {label}: {count_params(variables):,} ({readable_memory_size(weight_memory_size(variables))})"

    lines.append(total_line("Total params", everything))
    lines.append(total_line("Trainable params", trainable))
    lines.append(total_line("Non-trainable params", non_trainable))
    if optimizer_vars:
        lines.append(total_line("Optimizer params", optimizer_vars))
    # Keras's console crops every line at the terminal width (a `line_length`
    # wider than the terminal loses the right-hand columns).
    columns = shutil.get_terminal_size().columns
    text = "".join(line[:columns] + "\n" for line in lines)
    if print_fn is None:
        print(text, end="")
    else:
        print_fn(text)  # the whole summary in one call, as Keras 3 does


def _layer_rows(layer, connections, show_trainable, expand_nested, depth=0):
    """The layer's row, then (with `expand_nested`) its own layers' rows,
    indented one step deeper per level of nesting."""
    prefix = "   " * depth + "└ " if depth else ""
    cells = _layer_cells(layer, prefix)
    if connections is not None:
        cells.append(connections(layer))
    if show_trainable:
        cells.append(_trainable_cell(layer))
    rows = [cells]
    nested = getattr(layer, "layers", None) if expand_nested else None
    for inner in nested or []:
        rows += _layer_rows(inner, connections, show_trainable, expand_nested, depth + 1)
    return rows


def _trainable_cell(layer):
    # A layer without weights has nothing to train or freeze.
    if not getattr(layer, "weights", None):
        return "-"
    return "Y" if layer.trainable else "N"


def _layer_cells(layer, prefix=""):
    name = f"{prefix}{layer.name} ({layer.__class__.__name__})"
    if not layer.built:
        return [name, "?", "0 (unbuilt)"]
    shape = getattr(layer, "_output_shape", None)
    return [name, format_shape(shape), f"{layer.count_params():,}"]


def layer_index_bounds(layers, layer_range):
    """Returns `[first, stop)` indices of the layers `layer_range` selects.

    Args:
        layers: the model's top-level layers.
        layer_range: None (all layers) or two strings, names or regular
            expressions matched at the start of layer names: the range runs
            from the first layer the first string matches to the last layer
            the second matches, both included (when the first string's
            matches all come after the second's, from the second's first
            match to the first's last).

    Returns:
        A pair of indices for slicing `layers`.

    Raises:
        ValueError: if `layer_range` does not hold exactly two strings, or a
            string matches no layer.

    Examples:
        >>> layers = [keras.layers.Dense(1, name=n) for n in ("a", "b", "c")]
        >>> kerasish.utils.summary_utils.layer_index_bounds(layers, ["b", "c"])
        (1, 3)
    """
    if layer_range is None:
        return 0, len(layers)
    if len(layer_range) != 2:
        raise ValueError(
            "layer_range must be a list or tuple of length 2. Received: "
            f"layer_range = {layer_range} of length {len(layer_range)}"
        )
    if not all(isinstance(name, str) for name in layer_range):
        raise ValueError(f"layer_range should contain string type only. Received: {layer_range}")
    starts = [i for i, layer in enumerate(layers) if re.match(layer_range[0], layer.name)]
    ends = [i for i, layer in enumerate(layers) if re.match(layer_range[1], layer.name)]
    if not starts or not ends:
        raise ValueError(
            "Passed layer_names do not match the layer names in the model. "
            f"Received: {layer_range}"
        )
    if min(starts) > max(ends):
        return min(ends), max(starts) + 1
    return min(starts), max(ends) + 1
