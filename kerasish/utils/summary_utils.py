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
    """Word-wraps `text` at spaces into lines of at most `width` characters;
    a word longer than a line is cut short with an ellipsis, as Keras's table
    renderer (rich) does."""
    width = max(1, width)
    lines, current = [], ""
    for word in text.split(" "):
        if len(word) > width:
            word = word[: width - 1] + "…"
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
    lines.append(current)
    return lines


def _row(cells, widths, aligns, border):
    wrapped = [_wrap(cell, w - 2) for cell, w in zip(cells, widths)]
    height = max(len(lines) for lines in wrapped)
    lines = []
    for i in range(height):
        parts = []
        for lines_of_cell, w, align in zip(wrapped, widths, aligns):
            text = lines_of_cell[i] if i < len(lines_of_cell) else ""
            text = text.rjust(w - 2) if align == "right" else text.ljust(w - 2)
            parts.append(f" {text} ")
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


def print_summary(model, line_length=None, positions=None, print_fn=None, rows=None,
                  with_connections=False):
    """Prints (or passes to `print_fn`) the layers, output shapes and parameter
    counts. `rows` replaces the default one row per layer; `with_connections`
    adds the functional API's "Connected to" column (rows then have 4 cells)."""
    header = ["Layer (type)", "Output Shape", "Param #"]
    aligns = ["left", "left", "right"]
    default_length, default_positions = 88, [0.45, 0.80, 1.0]
    if with_connections:
        header.append("Connected to")
        aligns.append("left")
        default_length, default_positions = 108, [0.3, 0.56, 0.74, 1.0]
    if line_length is None:
        line_length = min(default_length, shutil.get_terminal_size().columns - 4)
    widths = _column_widths(line_length, positions or default_positions)
    lines = [f'Model: "{model.name}"']
    lines.append(_rule(widths, "┏", "┳", "┓", "━"))
    lines += _row(header, widths, aligns, "┃")
    lines.append(_rule(widths, "┡", "╇", "┩", "━"))
    if rows is None:
        rows = [_layer_cells(layer) for layer in model.layers]
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


def _layer_cells(layer):
    name = f"{layer.name} ({layer.__class__.__name__})"
    if not layer.built:
        return [name, "?", "0 (unbuilt)"]
    shape = getattr(layer, "_output_shape", None)
    return [name, format_shape(shape), f"{layer.count_params():,}"]
