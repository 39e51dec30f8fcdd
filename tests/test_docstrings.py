"""Every public class and function explains itself, and the examples in it run.

Two checks:

- `test_public_docstrings_are_complete`: each public class and function of the
  `kerasish` namespaces has a summary line, `Args:` when it takes arguments,
  `Returns:` when it returns a value, `Raises:` when it raises, and an example
  (`>>>` lines indented under an `Examples:` heading). Public methods of the classes a user subclasses or calls
  directly (Layer, Model, Optimizer, Loss, Metric, Callback, ...) need the
  same sections but no example.
- `test_docstring_examples_run`: every `>>>` example anywhere in the package
  runs as a doctest, one test per docstring.
"""

import ast
import doctest
import importlib
import inspect
import pkgutil
import re
import textwrap

import numpy as np
import pytest

import kerasish
from kerasish.saving.serialization_lib import keras_class_name

# The namespaces a user imports from, as in Keras.
PUBLIC_NAMESPACES = [
    "kerasish",
    "kerasish.activations",
    "kerasish.backend",
    "kerasish.callbacks",
    "kerasish.config",
    "kerasish.constraints",
    "kerasish.datasets",
    "kerasish.datasets.mnist",
    "kerasish.export",
    "kerasish.initializers",
    "kerasish.layers",
    "kerasish.losses",
    "kerasish.metrics",
    "kerasish.models",
    "kerasish.ops",
    "kerasish.optimizers",
    "kerasish.optimizers.schedules",
    "kerasish.regularizers",
    "kerasish.saving",
    "kerasish.utils",
    "kerasish.preprocessing",
    "kerasish.preprocessing.image",
    "kerasish.preprocessing.sequence",
    "kerasish.visualization",
]

# Methods inherited from these come with the base class's documentation, so a
# subclass that overrides `call` or `update_state` need not repeat it.
METHOD_DOC_BASES = [
    "kerasish.Layer",
    "kerasish.Model",
    "kerasish.Sequential",
    "kerasish.Variable",
    "kerasish.optimizers.Optimizer",
    "kerasish.losses.Loss",
    "kerasish.metrics.Metric",
    "kerasish.callbacks.Callback",
    "kerasish.optimizers.schedules.LearningRateSchedule",
    "kerasish.initializers.Initializer",
    "kerasish.regularizers.Regularizer",
    "kerasish.constraints.Constraint",
]


def _resolve(dotted):
    module_name, _, attribute = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)


def _exported_names(module):
    names = getattr(module, "__all__", None)
    if names is None:
        names = [name for name in dir(module) if not name.startswith("_")]
    return names


def public_objects():
    """(qualified name, object) for every public class and function, once each."""
    seen = set()
    for namespace in PUBLIC_NAMESPACES:
        module = importlib.import_module(namespace)
        for name in _exported_names(module):
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            if not obj.__module__.startswith("kerasish") or id(obj) in seen:
                continue
            seen.add(id(obj))
            yield f"{namespace}.{name}", obj


def public_methods():
    """(qualified name, function) for public methods defined on the base classes."""
    for dotted in METHOD_DOC_BASES:
        cls = _resolve(dotted)
        for name, member in vars(cls).items():
            if name.startswith("_"):
                continue
            function = member.fget if isinstance(member, property) else member
            if isinstance(function, (classmethod, staticmethod)):
                function = function.__func__
            if inspect.isfunction(function):
                yield f"{dotted}.{name}", function


def _function_node(function):
    """The ast of `function`'s own definition, or None when it has no source."""
    try:
        source = textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        return None
    node = ast.parse(source).body[0]
    return node if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None


def _own_statements(node):
    """The statements of a function, without those of functions nested in it."""
    stack = list(node.body)
    while stack:
        child = stack.pop()
        yield child
        for grandchild in ast.iter_child_nodes(child):
            if not isinstance(grandchild, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                stack.append(grandchild)


def _returns_value(function):
    node = _function_node(function)
    if node is None:
        return False
    if any(isinstance(child, (ast.Yield, ast.YieldFrom)) for child in _own_statements(node)):
        return True
    return any(
        isinstance(child, ast.Return) and child.value is not None
        and not (isinstance(child.value, ast.Constant) and child.value.value is None)
        for child in _own_statements(node)
    )


def _raises(function):
    node = _function_node(function)
    if node is None:
        return False
    # A bare `raise` re-raises what something else raised: not this function's error.
    return any(isinstance(child, ast.Raise) and child.exc is not None for child in _own_statements(node))


def _documented_parameters(function):
    """Parameters a caller names: not self/cls, not *args/**kwargs."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return []
    return [
        parameter.name
        for parameter in signature.parameters.values()
        if parameter.name not in ("self", "cls")
        and parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
    ]


# The layout that mkdocstrings renders as code: `Examples:` with `>>>` lines
# indented under it (doctest reads them either way).
EXAMPLES_SECTION = re.compile(r"^Examples?:\n(?:[ \t]*\n)*[ ]{4,}>>>", re.MULTILINE)


def docstring_problems(name, obj, need_example):
    """What is missing from `obj`'s docstring, as a list of messages."""
    doc = inspect.getdoc(obj) if obj.__doc__ else None
    if not doc:
        return [f"{name}: no docstring"]
    problems = []
    if not doc.splitlines()[0].strip():
        problems.append(f"{name}: the docstring does not start with a summary line")
    callable_part = obj.__init__ if inspect.isclass(obj) else obj
    if inspect.isclass(obj) and callable_part is object.__init__:
        callable_part = None
    if callable_part is not None:
        if _documented_parameters(callable_part) and "Args:" not in doc:
            problems.append(f"{name}: no `Args:` section")
        for parameter in _documented_parameters(callable_part) if "Args:" in doc else []:
            if f"{parameter}:" not in doc and f"{parameter} (" not in doc:
                problems.append(f"{name}: `Args:` does not describe `{parameter}`")
        if _raises(callable_part) and "Raises:" not in doc:
            problems.append(f"{name}: raises but has no `Raises:` section")
    if not inspect.isclass(obj) and _returns_value(obj) and "Returns:" not in doc and "Yields:" not in doc:
        problems.append(f"{name}: returns a value but has no `Returns:` section")
    if need_example and ">>>" not in doc:
        problems.append(f"{name}: no example (`>>>` lines)")
    elif ">>>" in doc and not EXAMPLES_SECTION.search(doc):
        problems.append(f"{name}: the example is not indented under an `Examples:` heading, "
                        "so the API reference shows it as text instead of code")
    return problems


def test_public_docstrings_are_complete():
    problems = []
    for name, obj in public_objects():
        problems += docstring_problems(name, obj, need_example=True)
    for name, method in public_methods():
        problems += docstring_problems(name, method, need_example=False)
    assert not problems, f"{len(problems)} docstring problems:\n" + "\n".join(problems)


def test_the_docstring_check_finds_what_is_missing():
    def undocumented(x):
        return x

    def documented(x):
        """Doubles a number.

        Args:
            x: the number.

        Returns:
            Twice `x`.

        Examples:
            >>> documented(2)
            4
        """
        return 2 * x

    def raising(x):
        """Refuses everything.

        Args:
            x: ignored.

        Examples:
            >>> raising(1)
            Traceback (most recent call last):
            ValueError: no
        """
        raise ValueError("no")

    assert docstring_problems("undocumented", undocumented, True) == ["undocumented: no docstring"]
    assert docstring_problems("documented", documented, True) == []
    assert docstring_problems("raising", raising, True) == ["raising: raises but has no `Raises:` section"]

    def unindented_example():
        """Does nothing.

        Example:

        >>> unindented_example()
        """

    assert docstring_problems("unindented_example", unindented_example, True) == [
        "unindented_example: the example is not indented under an `Examples:` heading, "
        "so the API reference shows it as text instead of code"
    ]


def _package_modules():
    for info in pkgutil.walk_packages(kerasish.__path__, prefix="kerasish."):
        yield importlib.import_module(info.name)
    yield kerasish


def _docstring_examples():
    finder = doctest.DocTestFinder(exclude_empty=True)
    examples = {}
    for module in _package_modules():
        for test in finder.find(module):
            if test.examples:
                examples[test.name] = test
    return [examples[name] for name in sorted(examples)]


DOCSTRING_EXAMPLES = _docstring_examples()


@pytest.mark.parametrize("example", DOCSTRING_EXAMPLES, ids=[test.name for test in DOCSTRING_EXAMPLES])
def test_docstring_examples_run(example, tmp_path, monkeypatch):
    # Examples see `np` and `keras` as a user's script would, start from the
    # same random seed, and write any files into a temporary directory.
    monkeypatch.chdir(tmp_path)
    kerasish.utils.set_random_seed(0)
    example.globs.update({"np": np, "keras": kerasish, "kerasish": kerasish})
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report = []
    with np.printoptions(precision=4, suppress=True):
        results = runner.run(example, out=report.append)
    assert results.failed == 0, "".join(report)


# Layer classes that need no `Input shape:`/`Output shape:` sections, with why.
SHAPE_SECTION_EXEMPTIONS = {
    "Layer": "the base class: its subclasses decide the shapes",
    "Wrapper": "a base class: each wrapper's shapes are those of the layer it wraps",
    # Cells are called one timestep at a time by an RNN layer, which documents
    # the sequence shapes; Keras's cells have no such sections either.
    "SimpleRNNCell": "an RNN cell (see RNN)",
    "GRUCell": "an RNN cell (see RNN)",
    "LSTMCell": "an RNN cell (see RNN)",
    "StackedRNNCells": "an RNN cell (see RNN)",
}


def public_layer_classes():
    """(name, class) for every public layer class of `kerasish.layers`, once
    each (aliases such as `Convolution2D` share their class)."""
    layers = importlib.import_module("kerasish.layers")
    seen = set()
    for name in sorted(_exported_names(layers)):
        obj = getattr(layers, name)
        if inspect.isclass(obj) and issubclass(obj, layers.Layer) and id(obj) not in seen:
            seen.add(id(obj))
            yield keras_class_name(obj), obj


def missing_shape_sections(classes):
    """`"Name: no `Input shape:` section"` messages for the classes that lack one."""
    problems = []
    for name, cls in classes:
        if name in SHAPE_SECTION_EXEMPTIONS:
            continue
        doc = inspect.getdoc(cls) or ""
        for section in ("Input shape:", "Output shape:"):
            if not re.search(rf"^{section}\n[ ]{{4}}\S", doc, re.MULTILINE):
                problems.append(f"kerasish.layers.{name}: no `{section}` section")
    return problems


def test_every_layer_documents_its_input_and_output_shapes():
    # As Keras's docstrings do, so the API reference says what goes in and out
    # (for every data_format and option that changes it).
    problems = missing_shape_sections(public_layer_classes())
    assert not problems, (
        f"{len(problems)} layer classes lack a shape section (write it after `Args:`, its "
        "text indented under the heading):\n" + "\n".join(problems)
    )


def test_the_shape_section_check_finds_what_is_missing():
    class Documented:
        """Does something.

        Input shape:
            `(batch_size, n)`.

        Output shape:
            `(batch_size, n)`.
        """

    class OnlyInput:
        """Does something.

        Input shape:
            `(batch_size, n)`.
        """

    assert missing_shape_sections([("Documented", Documented)]) == []
    assert missing_shape_sections([("OnlyInput", OnlyInput)]) == [
        "kerasish.layers.OnlyInput: no `Output shape:` section"
    ]
    assert all(name in dict(public_layer_classes()) for name in SHAPE_SECTION_EXEMPTIONS)
