"""`kerasish.utils.model_to_dot` and `plot_model`: the DOT text names the right
boxes and arrows for Sequential, functional (several inputs and outputs,
shared layers, nested models) and subclassed models, with Keras's labels;
a missing Graphviz gives a message that says how to install it; with
Graphviz, images are rendered.

The labels were checked once against real Keras's `model_to_dot` (which
needs pydot, not a dependency here): the text is the same but for the node
ids, which are `id(layer)` in both.
"""

import os
import re
import shutil
import subprocess
import sys
import types

import numpy as np
import pytest

from tests.ci_env import IN_CI

import kerasish as keras
from kerasish import layers
from kerasish.utils import model_to_dot, naming, plot_model

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _fresh_names():
    naming.reset_uids()


@pytest.fixture(autouse=True)
def _not_in_a_notebook(monkeypatch):
    """A plain script's view: TensorFlow (imported by the compat tests in the
    same run) loads IPython, which plot_model would take for a notebook."""
    for name in ("IPython", "IPython.core.magics.namespace"):
        monkeypatch.delitem(sys.modules, name, raising=False)


@pytest.fixture
def graphviz():
    """Skips a rendering test without Graphviz, except under CI, where
    .ci/run installs it and the test must run."""
    if shutil.which("dot") is None:
        if IN_CI:
            pytest.fail("CI must render model diagrams: .ci/run installs Graphviz (apt-get)")
        pytest.skip("Graphviz's `dot` is not installed (apt install graphviz)")


def graph_of(dot_text):
    """{node id: layer name} and the edges as (name, name), from DOT made with
    show_layer_names=True."""
    names = dict(re.findall(r"^(\d+) \[label=<.*?<b>([^<]+)</b> \(", dot_text, re.M))
    edges = [(names[a], names[b]) for a, b in re.findall(r"^(\d+) -> (\d+) ", dot_text, re.M)]
    return names, edges


def label_of(dot_text, name):
    match = re.search(rf"^\d+ \[label=<(.*?<b>{re.escape(name)}</b>.*)>, fontname", dot_text, re.M)
    assert match, f"no box for {name} in:\n{dot_text}"
    return match.group(1)


def mlp():
    return keras.Sequential([
        keras.Input((4,)),
        layers.Dense(3, activation="relu", name="hidden"),
        layers.Dropout(0.5, name="drop"),
        layers.Dense(2, activation="softmax", name="out"),
    ], name="mlp")


def two_inputs_two_outputs():
    a = keras.Input((3,), name="a")
    b = keras.Input((4,), name="b")
    shared = layers.Dense(5, name="shared")
    joined = layers.Concatenate(name="cat")([shared(a), layers.Dense(5, name="from_b")(b)])
    doubled = layers.Add(name="add")([joined, joined])  # the same tensor twice: one arrow
    out1 = layers.Dense(2, name="out1")(doubled)
    out2 = shared(layers.Dense(3, name="back_to_3")(joined))  # second call of `shared`
    return keras.Model([a, b], [out1, out2], name="two_io")


# --------------------------------------------------------------- the graph


def test_sequential_draws_its_layers_in_a_chain_without_the_input_layer():
    text = model_to_dot(mlp()).to_string()
    names, edges = graph_of(text)
    assert sorted(names.values()) == ["drop", "hidden", "out"]  # Keras's model.layers
    assert edges == [("hidden", "drop"), ("drop", "out")]
    assert text.startswith("digraph G {\nrankdir=TB;\nconcentrate=true;\ndpi=200;\n"
                           "splines=ortho;\nnode [shape=record];\n")
    assert text.endswith("}\n")


def test_functional_draws_inputs_shared_layers_once_and_each_connection_once():
    names, edges = graph_of(model_to_dot(two_inputs_two_outputs()).to_string())
    assert list(names.values()) == ["a", "b", "shared", "from_b", "cat", "add", "back_to_3", "out1"]
    assert sorted(edges) == sorted([
        ("a", "shared"), ("back_to_3", "shared"), ("b", "from_b"), ("shared", "cat"),
        ("from_b", "cat"), ("cat", "add"), ("cat", "back_to_3"), ("add", "out1"),
    ])


def test_shapes_are_those_of_each_layers_first_call():
    text = model_to_dot(two_inputs_two_outputs(), show_shapes=True).to_string()
    assert label_of(text, "a").endswith(
        '<tr><td bgcolor="white"><font point-size="14">Output shape: <b>(None, 3)</b></font></td>'
        "</tr></table>"
    )  # an input layer has no input shape cell
    assert "Input shape: <b>[(None, 5), (None, 5)]</b>" in label_of(text, "cat")
    assert "Output shape: <b>(None, 10)</b>" in label_of(text, "cat")
    shared = label_of(text, "shared")  # first call: on `a`
    assert "Input shape: <b>(None, 3)</b>" in shared and "Output shape: <b>(None, 5)</b>" in shared


def test_sequential_shapes_follow_the_chain_also_when_built_without_input():
    model = keras.Sequential([layers.Dense(4, name="first"), layers.Dense(1, name="last")])
    model.build((None, 7))
    text = model_to_dot(model, show_shapes=True).to_string()
    first = label_of(text, "first")
    assert "Input shape: <b>(None, 7)</b>" in first and "Output shape: <b>(None, 4)</b>" in first
    assert "Input shape: <b>(None, 4)</b>" in label_of(text, "last")


def test_labels_follow_the_options_like_keras():
    frozen = layers.Dense(2, name="frozen")
    model = keras.Sequential([keras.Input((3,)), frozen, layers.Activation("tanh", name="act")])
    frozen.trainable = False
    text = model_to_dot(model, show_dtype=True, show_layer_activations=True,
                        show_trainable=True).to_string()
    assert label_of(text, "frozen") == (
        '<table border="0" cellborder="1" bgcolor="black" cellpadding="10">'
        '<tr><td colspan="2" bgcolor="black"><font point-size="16" color="white">'
        "<b>frozen</b> (Dense)</font></td></tr>"
        '<tr><td bgcolor="white" colspan="2"><font point-size="14">Activation: <b>linear</b>'
        "</font></td></tr>"
        '<tr><td bgcolor="white"><font point-size="14">Output dtype: <b>float32</b></font></td>'
        '<td bgcolor="firebrick"><font point-size="14" color="white"><b>Non-trainable</b>'
        "</font></td></tr></table>"
    )
    act = label_of(text, "act")
    assert "Activation: <b>tanh</b>" in act
    assert "rainable" not in act  # no weights, no trainability cell


def test_without_layer_names_boxes_show_the_class_only():
    text = model_to_dot(mlp(), show_layer_names=False).to_string()
    titles = re.findall(r'color="white"><b>(\w+)</b></font>', text)
    assert titles == ["Dense", "Dropout", "Dense"]
    assert "hidden" not in text


def test_graph_options_are_written_as_given():
    text = model_to_dot(mlp(), rankdir="LR", dpi=96, splines="curved").to_string()
    assert "rankdir=LR;\n" in text and "dpi=96;\n" in text and "splines=curved;\n" in text


def nested_model():
    x = keras.Input((4,), name="ix")
    y = keras.Input((4,), name="iy")
    inner = keras.Model([x, y], layers.Add(name="inner_add")([layers.Dense(4, name="dx")(x), y]),
                        name="inner_f")
    p = keras.Input((4,), name="p")
    q = keras.Input((4,), name="q")
    h = inner([p, q])
    tail = keras.Sequential([keras.Input((4,)), layers.Dense(3, name="s1"),
                             layers.Dense(2, name="s2")], name="inner_s")
    return keras.Model([p, q], [tail(h), layers.Dense(1, name="side")(h)], name="outer")


def test_nested_models_are_one_box_unless_expanded():
    _, edges = graph_of(model_to_dot(nested_model()).to_string())
    assert sorted(edges) == sorted([("p", "inner_f"), ("q", "inner_f"), ("inner_f", "inner_s"),
                                    ("inner_f", "side")])


def test_expand_nested_draws_clusters_and_connects_the_layers_inside():
    text = model_to_dot(nested_model(), expand_nested=True).to_string()
    assert "subgraph cluster_inner_f {\nstyle=dashed;\nlabel=inner_f;\nlabeljust=l;\n" in text
    assert "subgraph cluster_inner_s {" in text
    _, edges = graph_of(text)
    assert sorted(edges) == sorted([
        ("ix", "dx"), ("dx", "inner_add"), ("iy", "inner_add"), ("s1", "s2"),  # inside
        ("p", "ix"), ("q", "iy"), ("inner_add", "s1"), ("inner_add", "side"),  # across
    ])


def test_a_sequential_model_can_expand_models_nested_in_it():
    inner = keras.Sequential([layers.Dense(4, name="n1"), layers.Dense(4, name="n2")], name="inner")
    model = keras.Sequential([layers.Dense(4, name="pre"), inner, layers.Dense(2, name="post")])
    model.build((None, 5))
    _, edges = graph_of(model_to_dot(model, expand_nested=True).to_string())
    assert edges == [("n1", "n2"), ("pre", "n1"), ("n2", "post")]


class TwoLayers(keras.Model):
    def __init__(self):
        super().__init__(name="two_layers")
        self.hidden = layers.Dense(3)
        self.out = layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(inputs))


def test_a_subclassed_model_is_one_box_with_unknown_shapes_as_in_keras():
    model = TwoLayers()
    model(np.ones((2, 5), dtype="float32"))
    text = model_to_dot(model, show_shapes=True).to_string()
    names, edges = graph_of(text)
    assert list(names.values()) == ["two_layers"] and edges == []
    assert "Input shape: <b>?</b>" in text and "Output shape: <b>?</b>" in text


def test_subgraph_returns_a_cluster():
    text = model_to_dot(mlp(), subgraph=True).to_string()
    assert text.startswith("subgraph cluster_mlp {\nstyle=dashed;\nlabel=mlp;\n")
    assert "digraph" not in text


def test_names_that_are_not_identifiers_are_quoted_and_escaped():
    model = keras.Sequential([keras.Input((2,)), layers.Dense(1, name="a<b")], name="my model")
    text = model_to_dot(model, subgraph=True).to_string()
    assert text.startswith('subgraph "cluster_my model" {\nstyle=dashed;\nlabel="my model";')
    assert "<b>a&lt;b</b> (Dense)" in text


# ------------------------------------------------------------------ errors


def test_an_unbuilt_model_is_refused():
    model = keras.Sequential([layers.Dense(2)])
    for function in (model_to_dot, plot_model):
        with pytest.raises(ValueError, match="This model has not yet been built"):
            function(model)


def test_unknown_keywords_and_layer_range_are_refused(tmp_path):
    with pytest.raises(ValueError, match="Argument `layer_range` is no longer supported"):
        model_to_dot(mlp(), layer_range=["hidden", "out"])
    with pytest.raises(ValueError, match=r"Unrecognized keyword arguments: \{'colors': True\}"):
        plot_model(mlp(), to_file=str(tmp_path / "m.dot"), colors=True)


def test_without_graphviz_images_raise_a_message_that_says_how_to_install_it(tmp_path,
                                                                              monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(ImportError) as error:
        plot_model(mlp(), to_file=str(tmp_path / "model.png"))
    message = str(error.value)
    assert "You must install Graphviz" in message
    assert "apt install graphviz" in message and "brew install graphviz" in message
    assert not (tmp_path / "model.png").exists()
    with pytest.raises(ImportError, match="install Graphviz"):
        model_to_dot(mlp()).create_png()


def test_without_graphviz_a_notebook_gets_the_message_printed_as_in_keras(tmp_path, monkeypatch,
                                                                           capsys):
    monkeypatch.setenv("PATH", "")
    monkeypatch.setitem(sys.modules, "IPython.core.magics.namespace",
                        types.ModuleType("IPython.core.magics.namespace"))
    assert plot_model(mlp(), to_file=str(tmp_path / "model.png")) is None
    assert "You must install Graphviz" in capsys.readouterr().out


def test_a_dot_file_needs_no_graphviz(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "")
    model = mlp()
    path = tmp_path / "model.dot"
    assert plot_model(model, to_file=path, show_shapes=True, show_layer_names=True) is None
    assert path.read_text() == model_to_dot(model, show_shapes=True).to_string()


# ---------------------------------------------------------------- rendering


def test_png_and_svg_are_rendered_by_graphviz(graphviz, tmp_path):
    model = two_inputs_two_outputs()
    assert plot_model(model, to_file=str(tmp_path / "model.png"), show_shapes=True) is None
    assert (tmp_path / "model.png").read_bytes().startswith(PNG_MAGIC)
    plot_model(model, to_file=str(tmp_path / "model.svg"), expand_nested=True)
    svg = (tmp_path / "model.svg").read_text()
    assert "<svg" in svg and ">shared</text>" not in svg  # plot_model hides names by default
    plot_model(model, to_file=str(tmp_path / "named"), show_layer_names=True)
    assert (tmp_path / "named").read_bytes().startswith(PNG_MAGIC)  # no extension: PNG


def test_an_unknown_format_names_the_formats_graphviz_knows(graphviz, tmp_path):
    with pytest.raises(ValueError, match="could not render the diagram as 'xyz'.*png"):
        plot_model(mlp(), to_file=str(tmp_path / "model.xyz"))


def test_the_returned_graph_has_pydots_methods(graphviz, tmp_path):
    graph = model_to_dot(mlp())
    assert graph.create(format="svg").startswith(b"<?xml")
    assert graph.create_png().startswith(PNG_MAGIC)
    assert graph.write(str(tmp_path / "raw.dot")) is True
    assert (tmp_path / "raw.dot").read_text() == graph.to_string() == str(graph)
    graph.write_png(str(tmp_path / "m.png"))
    assert (tmp_path / "m.png").read_bytes().startswith(PNG_MAGIC)
    with pytest.raises(AttributeError, match="no attribute 'get_nodes'"):
        graph.get_nodes()


RETURN_VALUE = """
import sys
{prelude}
import kerasish as keras
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
result = keras.utils.plot_model(model, to_file=sys.argv[1])
print(type(result).__name__, "IPython" in sys.modules)
"""


# IPython as a notebook has it loaded, reduced to the one class plot_model uses, so that the
# test runs whether or not IPython is installed.
IPYTHON_STAND_IN = """
import types
ipython, display = types.ModuleType("IPython"), types.ModuleType("IPython.display")
class Image:
    def __init__(self, filename=None, **options):
        self.filename = filename
display.Image, ipython.display = Image, display
sys.modules.update({"IPython": ipython, "IPython.display": display})
"""


@pytest.mark.parametrize("prelude, expected", [
    ("", "NoneType False"),  # a script: nothing returned, IPython not imported
    (IPYTHON_STAND_IN, "Image True"),  # IPython running: an Image shows inline, as in Keras
])
def test_an_image_is_returned_only_where_ipython_runs(graphviz, tmp_path, prelude, expected):
    code = RETURN_VALUE.format(prelude=prelude)
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "m.png")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.split()[-2:] == expected.split()



GUIDE = os.path.join(ROOT, "docs", "pages", "guides", "models-and-training.md")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def test_the_guides_diagram_code_runs(graphviz, tmp_path, monkeypatch):
    """The models guide shows plot_model in ```py blocks (not run by
    tests/test_docs.py, since they need Graphviz): run them here, in page
    order after the ```python blocks before them, as a reader would."""
    with open(GUIDE, encoding="utf-8") as handle:
        blocks = FENCE.findall(handle.read())
    diagram_blocks = [code for language, code in blocks if language == "py"]
    assert len(diagram_blocks) == 2 and all("plot_model(" in code for code in diagram_blocks)
    monkeypatch.chdir(tmp_path)
    namespace = {}
    for language, code in blocks:
        if language in ("python", "py"):
            exec(compile(code, f"models-and-training.md ({language})", "exec"), namespace)
    for name in ("mnist_cnn_model.png", "functional_model.png", "functional_model.dot"):
        assert (tmp_path / name).exists(), name
    assert (tmp_path / "mnist_cnn_model.png").read_bytes().startswith(PNG_MAGIC)
