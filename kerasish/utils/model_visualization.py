"""Model diagrams: `model_to_dot` describes a model's layer graph in
Graphviz's DOT language and `plot_model` renders that description to an image.

Keras builds the graph with pydot; kerasish writes the DOT text itself, so the
only outside tool is Graphviz's `dot` program, run as a subprocess, and only
when an image is asked for (a `.dot` file needs nothing). The boxes look like
Keras's: an HTML-like table per layer with its name and class, then optional
rows for the activation, shapes, dtype and trainability.
"""

import os
import re
import sys

from kerasish.layers.node import history
from kerasish.models.functional import Functional
from kerasish.models.sequential import Sequential

# The image formats IPython can show inline; Keras returns an IPython Image in a notebook.
_INLINE_FORMATS = ("png", "jpg", "jpeg", "gif")


class DotGraph:
    """A model diagram as DOT source, with the pydot methods users call on
    what Keras's `model_to_dot` returns.

    Args:
        source: the DOT text of the graph.

    Examples:
        >>> DotGraph("digraph G {}").to_string()
        'digraph G {}'
    """

    def __init__(self, source):
        self.source = source

    def to_string(self):
        """The DOT source.

        Returns:
            The DOT text, a string.
        """
        return self.source

    def __str__(self):
        return self.source

    def __repr__(self):
        return f"<DotGraph: {len(self.source.splitlines())} lines of DOT>"

    def create(self, prog="dot", format="ps"):
        """Renders the graph with a Graphviz program, as pydot's `create` does.

        Args:
            prog: the Graphviz program to run (`"dot"`, `"neato"`, ...).
            format: the output format (`"png"`, `"svg"`, `"pdf"`, ...).

        Returns:
            The rendered image, as bytes.

        Raises:
            ImportError: when the Graphviz program is not installed.
            ValueError: when Graphviz refuses the format.
        """
        return _render(self.source, prog, format)

    def write(self, path, prog="dot", format="raw"):
        """Writes the graph to `path`: the DOT source for `format="raw"` (the
        default, as in pydot), else the image Graphviz renders.

        Args:
            path: the file to write.
            prog: the Graphviz program to run for an image.
            format: `"raw"` for the DOT source, else an image format.

        Returns:
            True, as pydot's `write` does.
        """
        data = self.source.encode("utf-8") if format == "raw" else self.create(prog, format)
        with open(path, "wb") as file:
            file.write(data)
        return True

    def __getattr__(self, name):
        # pydot's shortcuts: graph.create_svg() and graph.write_png(path).
        action, _, format = name.partition("_")
        if action == "create" and format:
            return lambda prog="dot": self.create(prog=prog, format=format)
        if action == "write" and format:
            return lambda path, prog="dot": self.write(path, prog=prog, format=format)
        raise AttributeError(f"'DotGraph' object has no attribute '{name}'")


def model_to_dot(
    model,
    show_shapes=False,
    show_dtype=False,
    show_layer_names=True,
    rankdir="TB",
    expand_nested=False,
    dpi=200,
    subgraph=False,
    show_layer_activations=False,
    show_trainable=False,
    splines="ortho",
    **kwargs,
):
    """Describes a model's layers and connections in Graphviz's DOT language.

    Keras returns a `pydot.Dot`; kerasish returns a `DotGraph` holding the DOT
    source, with pydot's `to_string()`, `create(prog, format)`,
    `write(path, prog, format)`, `create_<format>()` and `write_<format>(path)`.
    A subclassed model is one box, as in Keras.

    Args:
        model: a built model (Sequential, functional or subclassed).
        show_shapes: whether each box shows its input and output shapes.
        show_dtype: whether each box shows its output dtype.
        show_layer_names: whether each box shows the layer's name before its class.
        rankdir: Graphviz's `rankdir`: `"TB"` for a vertical diagram, `"LR"` for
            a horizontal one.
        expand_nested: whether nested Sequential and functional models are drawn
            layer by layer inside a dashed cluster instead of as one box.
        dpi: the image resolution, in dots per inch.
        subgraph: whether to return the model as a cluster (`subgraph cluster_<name>`)
            for inclusion in a larger graph, instead of a whole `digraph`.
        show_layer_activations: whether boxes of layers with an `activation`
            show its name.
        show_trainable: whether boxes of layers with weights say whether they
            are trainable.
        splines: how Graphviz draws edges: `"ortho"` (right angles), `"curved"`,
            `"polyline"`, `"spline"` or `"line"`.
        **kwargs: none are accepted; `layer_range` was removed in Keras 3.

    Returns:
        A `DotGraph` with the DOT source of the diagram.

    Raises:
        ValueError: when the model is not built or an unknown keyword is given.

    Examples:
        >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, name="out")])
        >>> dot = keras.utils.model_to_dot(model, show_shapes=True)
        >>> dot.to_string().splitlines()[0]
        'digraph G {'
        >>> "<b>out</b> (Dense)" in dot.to_string(), "Output shape: <b>(None, 2)</b>" in str(dot)
        (True, True)
    """
    _check_built(model)
    _check_no_kwargs(kwargs)
    options = {
        "show_layer_names": show_layer_names,
        "show_layer_activations": show_layer_activations,
        "show_dtype": show_dtype,
        "show_shapes": show_shapes,
        "show_trainable": show_trainable,
    }
    if subgraph:
        lines = _cluster_lines(model, expand_nested, options)
    else:
        lines = [
            "digraph G {",
            f"rankdir={rankdir};",
            "concentrate=true;",
            f"dpi={dpi};",
            f"splines={splines};",
            "node [shape=record];",
            *_graph_lines(model, expand_nested, options),
            "}",
        ]
    return DotGraph("\n".join(lines) + "\n")


def plot_model(
    model,
    to_file="model.png",
    show_shapes=False,
    show_dtype=False,
    show_layer_names=False,
    rankdir="TB",
    expand_nested=False,
    dpi=200,
    show_layer_activations=False,
    show_trainable=False,
    splines="ortho",
    **kwargs,
):
    """Draws a model's architecture diagram into an image file with Graphviz.

    The format comes from the extension of `to_file` (`.png`, `.svg`, `.pdf`,
    ... or PNG without one). A `.dot` file gets the DOT source and needs no
    Graphviz; every other format runs Graphviz's `dot` program, which must be
    installed (`apt install graphviz`, `brew install graphviz` or
    `conda install graphviz`).

    Args:
        model: a built model (Sequential, functional or subclassed).
        to_file: the file to write; its extension chooses the format.
        show_shapes: whether each box shows its input and output shapes.
        show_dtype: whether each box shows its output dtype.
        show_layer_names: whether each box shows the layer's name before its class.
        rankdir: `"TB"` for a vertical diagram, `"LR"` for a horizontal one.
        expand_nested: whether nested Sequential and functional models are drawn
            layer by layer inside a dashed cluster.
        dpi: the image resolution, in dots per inch.
        show_layer_activations: whether boxes of layers with an `activation`
            show its name.
        show_trainable: whether boxes of layers with weights say whether they
            are trainable.
        splines: how Graphviz draws edges: `"ortho"`, `"curved"`, `"polyline"`,
            `"spline"` or `"line"`.
        **kwargs: none are accepted; `layer_range` was removed in Keras 3.

    Returns:
        In an IPython session (a Jupyter notebook), an `IPython.display.Image`
        of a PNG, JPEG or GIF file, so that the diagram shows inline; otherwise
        None.

    Raises:
        ValueError: when the model is not built, an unknown keyword is given or
            Graphviz cannot write the format.
        ImportError: when an image is asked for and Graphviz is not installed
            (in a notebook the message is printed instead, as Keras does).

    Examples:
        >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
        >>> keras.utils.plot_model(model, to_file="model.dot", show_shapes=True)
        >>> open("model.dot").read().startswith("digraph G {")
        True
    """
    dot = model_to_dot(
        model,
        show_shapes=show_shapes,
        show_dtype=show_dtype,
        show_layer_names=show_layer_names,
        rankdir=rankdir,
        expand_nested=expand_nested,
        dpi=dpi,
        show_layer_activations=show_layer_activations,
        show_trainable=show_trainable,
        splines=splines,
        **kwargs,
    )
    to_file = os.fspath(to_file)
    extension = os.path.splitext(to_file)[1][1:].lower() or "png"
    if extension == "dot":
        dot.write(to_file, format="raw")
        return None
    if not _graphviz_available():
        if _in_notebook():
            # As Keras: a notebook run without Graphviz keeps going.
            print(_graphviz_missing())
            return None
        raise ImportError(_graphviz_missing())
    dot.write(to_file, format=extension)
    if extension in _INLINE_FORMATS and "IPython" in sys.modules:
        from IPython import display

        return display.Image(filename=to_file, format=extension)
    return None


def _graphviz_available(prog="dot"):
    import shutil

    return shutil.which(prog) is not None


# ------------------------------------------------------------------ the graph


def _graph_lines(model, expand_nested, options):
    """Node lines (and nested clusters), then edge lines, for `model`."""
    layers, shapes = _layers_and_shapes(model)
    lines = []
    for layer in layers:
        if expand_nested and _is_graph_model(layer):
            lines += _cluster_lines(layer, expand_nested, options)
        else:
            lines.append(_node_line(layer, shapes.get(id(layer)), options))
    edges = []
    for source, output_index, destination, input_index in _connections(model, layers):
        if expand_nested:
            source = _innermost_source(source, output_index)
            destination = _innermost_destination(destination, input_index)
        edge = f"{id(source)} -> {id(destination)} [penwidth=2];"
        if edge not in edges:  # a layer fed the same tensor twice gets one arrow
            edges.append(edge)
    return lines + edges


def _cluster_lines(model, expand_nested, options):
    return [
        f"subgraph {_quote('cluster_' + model.name)} {{",
        "style=dashed;",
        f"label={_quote(model.name)};",
        "labeljust=l;",
        *_graph_lines(model, expand_nested, options),
        "}",
    ]


def _layers_and_shapes(model):
    """The boxes to draw, and what is known of each one's shapes and dtype.

    A Sequential model draws its layers without the input layer (as Keras's
    `model.layers`) and knows shapes from building them in a chain; a
    functional model draws every operation, input layers included, with the
    shapes of each layer's first call (Keras's `layer.input`/`layer.output`);
    a subclassed model is a single box."""
    if isinstance(model, Sequential):
        return model.layers, _sequential_shapes(model)
    if isinstance(model, Functional):
        layers = model._operations
    else:
        layers = [model]
    return layers, {id(layer): _first_call_shapes(layer) for layer in layers}


def _sequential_shapes(model):
    shapes, input_shape = {}, model._build_input_shape
    for layer in model.layers:
        output_shape = getattr(layer, "_output_shape", None)
        shapes[id(layer)] = (input_shape, output_shape, layer.compute_dtype)
        input_shape = output_shape
    return shapes


def _first_call_shapes(layer):
    """(input shapes, output shapes, output dtypes) of the first call of
    `layer` on symbolic tensors, or None when it never had one."""
    nodes = getattr(layer, "_inbound_nodes", None)
    if not nodes:
        return None
    node = nodes[0]
    return (
        _one_or_list([tuple(t.shape) for t in node.input_tensors]),
        _one_or_list([tuple(t.shape) for t in node.outputs]),
        _one_or_list([t.dtype for t in node.outputs]),
    )


def _one_or_list(values):
    if not values:
        return None
    return values[0] if len(values) == 1 else values


def _connections(model, layers):
    """(source, output index, destination, input index) for each tensor that
    flows from one drawn layer into another."""
    if not isinstance(model, Functional):
        # A Sequential chain (or the single box of a subclassed model).
        return [(a, 0, b, 0) for a, b in zip(layers, layers[1:])]
    connections = []
    for layer in layers:
        for node in model._model_nodes(layer):
            for input_index, tensor in enumerate(node.input_tensors):
                source, _, output_index = history(tensor)
                connections.append((source, output_index, layer, input_index))
    return connections


def _innermost_source(layer, output_index):
    """The layer inside (possibly nested) expanded models that produces the
    model's output number `output_index`: models have no box of their own."""
    while _is_graph_model(layer):
        if isinstance(layer, Sequential):
            layer, output_index = layer.layers[-1], 0
        else:
            layer, _, output_index = history(layer.outputs[output_index])
    return layer


def _innermost_destination(layer, input_index):
    """The box inside (possibly nested) expanded models that receives input
    number `input_index`: a functional model's input layer, or a Sequential
    model's first layer."""
    while _is_graph_model(layer):
        if isinstance(layer, Sequential):
            layer = layer.layers[0]
        else:
            layer = history(layer.inputs[input_index])[0]
    return layer


def _is_graph_model(layer):
    return isinstance(layer, (Functional, Sequential))


# ------------------------------------------------------------------ the boxes


def _node_line(layer, shapes, options):
    label = _layer_label(layer, shapes, **options)
    return f"{id(layer)} [label=<{label}>, fontname=Helvetica, border=0, margin=0];"


def _layer_label(layer, shapes, show_layer_names, show_layer_activations, show_dtype,
                 show_shapes, show_trainable):
    """Keras's box: a black title row, then optional rows of white cells."""
    class_name = type(layer).__name__
    input_shape, output_shape, dtype = shapes or (None, None, None)
    width = max(1, 2 * show_shapes + show_dtype + show_trainable)
    if show_layer_names:
        title = f"<b>{_escape(layer.name)}</b> ({class_name})"
    else:
        title = f"<b>{class_name}</b>"
    rows = [
        f'<tr><td colspan="{width}" bgcolor="black">'
        f'<font point-size="16" color="white">{title}</font></td></tr>'
    ]
    activation = getattr(layer, "activation", None)
    if show_layer_activations and activation is not None:
        rows.append(
            f'<tr><td bgcolor="white" colspan="{width}"><font point-size="14">'
            f"Activation: <b>{_escape(_activation_name(activation))}</b></font></td></tr>"
        )
    cells = []
    if show_shapes:
        if class_name != "InputLayer":
            cells.append(_white_cell(f"Input shape: <b>{_format_shape(input_shape)}</b>"))
        cells.append(_white_cell(f"Output shape: <b>{_format_shape(output_shape)}</b>"))
    if show_dtype:
        cells.append(_white_cell(f"Output dtype: <b>{_escape(str(dtype or '?'))}</b>"))
    if show_trainable and getattr(layer, "weights", None):
        if layer.trainable:
            cells.append(_colored_cell("forestgreen", "Trainable"))
        else:
            cells.append(_colored_cell("firebrick", "Non-trainable"))
    if cells:
        rows.append(f"<tr>{''.join(cells)}</tr>")
    table = '<table border="0" cellborder="1" bgcolor="black" cellpadding="10">'
    return table + "".join(rows) + "</table>"


def _white_cell(text):
    return f'<td bgcolor="white"><font point-size="14">{text}</font></td>'


def _colored_cell(color, text):
    return f'<td bgcolor="{color}"><font point-size="14" color="white"><b>{text}</b></font></td>'


def _format_shape(shape):
    """Shapes as Python prints them, "(None, 3)" or "[(None, 3), (None, 4)]";
    "?" when unknown, as Keras shows for a subclassed model."""
    if shape is None:
        return "?"
    if isinstance(shape, dict):
        text = ", ".join(f"{key}: {value}" for key, value in shape.items())
    else:
        text = str(shape)
    return _escape(text)


def _activation_name(activation):
    name = getattr(activation, "name", None) or getattr(activation, "__name__", None)
    return name or str(activation)


def _escape(text):
    # Layer names are user text inside an HTML-like label: `<` or `&` would break it.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _quote(text):
    """`text` as a DOT ID: as it is when it is a plain identifier (as pydot
    writes it), else quoted with quotes and backslashes escaped."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ------------------------------------------------------------------- checking


def _check_built(model):
    if not model.built:
        raise ValueError(
            "This model has not yet been built. Build the model first by calling `build()` "
            "or by calling the model on a batch of data."
        )


def _check_no_kwargs(kwargs):
    if kwargs.pop("layer_range", None) is not None:
        raise ValueError("Argument `layer_range` is no longer supported.")
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments: {kwargs}")


def _graphviz_missing(prog="dot"):
    return (
        f"You must install Graphviz for `plot_model` to render images: its `{prog}` program "
        "was not found on the PATH. Install it with your system's package manager, for "
        "example `apt install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS) or "
        "`conda install graphviz`, or see https://graphviz.org/download/. Without Graphviz, "
        "`plot_model(model, to_file='model.dot')` still writes the DOT source."
    )


def _in_notebook():
    # The module IPython loads for its `%` magics, which Keras also looks for.
    return "IPython.core.magics.namespace" in sys.modules


def _render(source, prog, format):
    """Runs Graphviz's `prog` on `source` and returns the image bytes."""
    import subprocess

    if not _graphviz_available(prog):
        raise ImportError(_graphviz_missing(prog))
    result = subprocess.run([prog, f"-T{format}"], input=source.encode("utf-8"),
                            capture_output=True)
    if result.returncode != 0:
        raise ValueError(
            f"Graphviz's `{prog}` could not render the diagram as '{format}': "
            f"{result.stderr.decode(errors='replace').strip()}"
        )
    return result.stdout
