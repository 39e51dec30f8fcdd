"""`kerasish.ops` on KerasTensors: every op called on a symbolic input returns
a KerasTensor and records the call as a node of the functional graph, as
Keras 3 does (`x * 2`, `ops.expand_dims(x, -1)`, `x[:, 0]` in a model).

The ops stay written for values. Each public op is wrapped once, at import:
the wrapper runs the op inside a `try` (free when nothing is raised), and
only when the op fails and one of its arguments is a KerasTensor (converting
one raises) does it take the symbolic path. There an `OpNode` (a
`kerasish.Operation`) per call holds the op and its non-tensor arguments;
its output spec comes from running the op on stand-in zeros, so shapes and
dtypes follow the ops' own rules.

The node's split of arguments into constructor (config) and call (node args)
follows Keras's operation classes (`symbolic_layouts.py`), so `.keras` files
interchange.
"""

import functools
import inspect
import sys
import types

from kerasish.backend.keras_tensor import KerasTensor
from kerasish.ops.symbolic_layouts import KERAS_OPERATIONS

# Namespace functions that are no ops on tensors (they inspect, convert or
# take Python callables), left unwrapped.
_NOT_OPS = frozenset({
    "convert_to_numpy", "convert_to_tensor", "is_tensor", "shape", "dtype", "ndim", "size",
    "custom_gradient", "vectorize", "vectorized_map", "map", "scan", "associative_scan",
    "cond", "switch", "while_loop", "fori_loop", "stop_gradient_scope", "jvp",
})


# ------------------------------------------------------------------ wrapping


def symbolic_aware(function, name):
    """`function` (the op `name`) made to accept KerasTensors.

    Args:
        function: a `kerasish.ops` function written for values.
        name: its name in the `kerasish.ops` namespace (aliases such as
            `true_divide` record under their own name, as in Keras).

    Returns:
        A function with the same signature and docstring.
    """

    layout, real_names = _parameter_layout(function.__code__)
    keyword_only = any(kind is inspect.Parameter.KEYWORD_ONLY for _, kind in layout)
    # Ops of one parameter structure share a compiled wrapper with generic
    # names, renamed per op (compiling for each of ~300 ops would slow the
    # import); keyword-only names are constants in the code, so keep them.
    made = _wrapper_factory(layout)(function, name, _has_keras_tensor, symbolic_call)
    code = made.__code__
    if not keyword_only:
        code = code.replace(co_varnames=real_names + code.co_varnames[len(real_names):])
    # Made with the op's own module globals (doctest and `inspect` then see it
    # in the module defining the op), defaults and name (for tracebacks).
    short_name = name.rsplit(".", 1)[-1]  # `image.resize` -> `resize`
    op = types.FunctionType(
        code.replace(co_name=short_name, co_qualname=short_name), function.__globals__,
        short_name,
        function.__defaults__, made.__closure__,
    )
    op.__kwdefaults__ = function.__kwdefaults__
    functools.update_wrapper(op, function)
    op.__name__ = short_name
    op._symbolic_name = name
    return op


# The wrapper is generated with the op's own parameters: a call with *args and
# **kwargs would cost more than the op's whole fast path saves.
_WRAPPER_TEMPLATE = """
def make(_function, _name, _has_keras_tensor, _symbolic_call):
    def {name}({parameters}):
        try:
            return _function({forward})
        except Exception:
            _symbolic_args, _symbolic_kwargs = ({positional}), {{{keywords}}}
            if not (_has_keras_tensor(_symbolic_args) or _has_keras_tensor(_symbolic_kwargs)):
                raise
        return _symbolic_call(_name, _function, _symbolic_args, _symbolic_kwargs)
    return {name}
"""
_WRAPPER_FILENAME = "<kerasish.ops symbolic-aware wrapper>"


def _parameter_layout(code):
    """((generic name, kind) per parameter in signature order, the real names in
    the code object's order: positional, keyword-only, *args, **kwargs)."""
    kinds = inspect.Parameter
    positional, posonly, keyword_only = code.co_argcount, code.co_posonlyargcount, \
        code.co_kwonlyargcount
    has_varargs = bool(code.co_flags & inspect.CO_VARARGS)
    has_varkw = bool(code.co_flags & inspect.CO_VARKEYWORDS)
    code_kinds = (
        [kinds.POSITIONAL_ONLY] * posonly + [kinds.POSITIONAL_OR_KEYWORD] * (positional - posonly)
        + [kinds.KEYWORD_ONLY] * keyword_only + [kinds.VAR_POSITIONAL] * has_varargs
        + [kinds.VAR_KEYWORD] * has_varkw
    )
    real_names = code.co_varnames[:len(code_kinds)]
    generic = [(f"p{index}", kind) for index, kind in enumerate(code_kinds)]
    order = {kinds.KEYWORD_ONLY: 1, kinds.VAR_POSITIONAL: 0.5, kinds.VAR_KEYWORD: 2}
    in_signature_order = sorted(generic, key=lambda item: order.get(item[1], 0))
    if keyword_only:  # keep the real names (with the generic ones' order)
        renamed = dict(zip((n for n, _ in generic), real_names))
        in_signature_order = [(renamed[n], kind) for n, kind in in_signature_order]
    return tuple(in_signature_order), tuple(real_names)


@functools.lru_cache(maxsize=None)
def _wrapper_factory(parameter_layout):
    """A function making wrappers for ops with these parameters ((name, kind)
    each), compiled once per layout."""
    namespace = {}
    source = _wrapper_source("op", parameter_layout)
    exec(compile(source, _WRAPPER_FILENAME, "exec"), namespace)  # noqa: S102
    return namespace["make"]


def _wrapper_source(name, parameter_layout):
    """The source of the wrapper factory for the given parameters."""
    parameters, forward, positional, keywords = [], [], [], []
    star_seen = slash_needed = False
    for pname, kind in parameter_layout:
        if slash_needed and kind is not inspect.Parameter.POSITIONAL_ONLY:
            parameters.append("/")
            slash_needed = False
        if kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD):
            slash_needed = kind is inspect.Parameter.POSITIONAL_ONLY
            parameters.append(pname)
            forward.append(pname)
            positional.append(f"({pname},)")
        elif kind is inspect.Parameter.VAR_POSITIONAL:
            star_seen = True
            parameters.append(f"*{pname}")
            forward.append(f"*{pname}")
            positional.append(f"tuple({pname})")
        elif kind is inspect.Parameter.KEYWORD_ONLY:
            if not star_seen:
                parameters.append("*")
                star_seen = True
            parameters.append(pname)
            forward.append(f"{pname}={pname}")
            keywords.append(f"{pname!r}: {pname}")
        else:
            parameters.append(f"**{pname}")
            forward.append(f"**{pname}")
            keywords.append(f"**{pname}")
    if slash_needed:
        parameters.append("/")
    return _WRAPPER_TEMPLATE.format(
        name=name, parameters=", ".join(parameters), forward=", ".join(forward),
        positional=" + ".join(positional) or "()", keywords=", ".join(keywords),
    )


def wrap_loaded(name, value):
    """The `kerasish.ops` namespace's hook as each name first loads: an op
    comes back wrapped (its function for values kept in `_RAW_OPS`), anything
    else as it is. (`kerasish.ops.image` wraps its own functions as it loads.)"""
    if name.startswith("_") or name in _NOT_OPS or not inspect.isfunction(value):
        return value
    if not value.__module__.startswith("kerasish.ops") or hasattr(value, "_symbolic_name"):
        return value
    _RAW_OPS[name] = value
    return symbolic_aware(value, name)


def wrap_image_ops(image):
    """`keras.ops.image` functions, recorded as `image.<name>` ops."""
    for name, value in list(vars(image).items()):
        if name.startswith("_") or not inspect.isfunction(value):
            continue
        if value.__module__ == image.__name__:
            _RAW_OPS[f"image.{name}"] = value
            setattr(image, name, symbolic_aware(value, f"image.{name}"))


_RAW_OPS = {}  # op name -> the function written for values


# -------------------------------------------------------------- symbolic path


def symbolic_call(name, function, args, kwargs):
    """Calls op `name` on arguments among which are KerasTensors: records an
    `OpNode` and returns its symbolic output(s).

    Args:
        name: the op's name in `kerasish.ops`.
        function: the op written for values.
        args: the positional arguments of the call.
        kwargs: its keyword arguments.

    Returns:
        A KerasTensor, or a structure of them.
    """
    from kerasish.ops.op_node import operation_class

    if _inside_another_op():
        raise _SymbolicInsideOp(name)
    init_kwargs, call_args, call_kwargs = _split_arguments(name, function, args, kwargs)
    operation = operation_class(name)(**init_kwargs)
    if call_kwargs is not None:
        operation._keras_layout = False
        return operation.symbolic_call(*call_args, **call_kwargs)
    return operation.symbolic_call(*call_args)


class _SymbolicInsideOp(Exception):
    """Raised when an op implementation calls another op on a KerasTensor: the
    outer op's wrapper catches it and records the outer op, as one node."""


def _inside_another_op():
    """Whether a wrapped op other than the caller is running: the symbolic
    path then belongs to the outermost op (only walked on symbolic calls)."""
    frame = sys._getframe(2)
    if frame.f_code.co_filename == _WRAPPER_FILENAME:
        frame = frame.f_back
    while frame is not None:
        if frame.f_code.co_filename == _WRAPPER_FILENAME:
            return True
        frame = frame.f_back
    return False


def _split_arguments(name, function, args, kwargs):
    """(constructor kwargs, call args, None) as Keras's class for the op splits
    them; (`{}`, args, kwargs) when the call does not fit that split (the node
    then runs but cannot be written in a Keras config)."""
    layout = KERAS_OPERATIONS.get(name)
    signature = _signature(function)
    if layout is not None:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        named = dict(bound.arguments)
        _, _, init_names, call_names = layout
        plain_call_names = [n.lstrip("*") for n in call_names]
        known = set(init_names) | set(plain_call_names)
        extras_at_default = all(
            _is_default(signature.parameters[key], value)
            for key, value in named.items() if key not in known
        )
        if (
            set(init_names) <= set(named)
            and set(plain_call_names) <= set(named)
            and extras_at_default
            and not _has_keras_tensor([named[key] for key in init_names])
        ):
            init_kwargs = {key: named[key] for key in init_names}
            call_args = []
            for call_name in call_names:
                if call_name.startswith("*"):
                    call_args.extend(named[call_name[1:]])
                else:
                    call_args.append(named[call_name])
            return init_kwargs, call_args, None
    return {}, args, kwargs


def _is_default(parameter, value):
    if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
        return not value
    try:
        return bool(value is parameter.default or value == parameter.default)
    except Exception:  # arrays compare elementwise
        return False


@functools.lru_cache(maxsize=None)
def _signature(function):
    return inspect.signature(function)


def _has_keras_tensor(structure):
    if isinstance(structure, KerasTensor):
        return True
    if isinstance(structure, dict):
        structure = structure.values()
    elif not isinstance(structure, (list, tuple)):
        return False
    return any(_has_keras_tensor(item) for item in structure)


def raw_op(name):
    """The function written for values behind op `name`."""
    if name not in _RAW_OPS:
        import kerasish.ops

        if name.startswith("image."):
            import kerasish.ops.image  # noqa: F401  (loading it wraps its functions)
        else:
            getattr(kerasish.ops, name)  # loading the op wraps it and records its raw function
    return _RAW_OPS[name]


# ---------------------------------------------------------------- operators


def _binary(name, reflected=False):
    def method(self, other):
        operands = (other, self) if reflected else (self, other)
        return symbolic_call(name, raw_op(name), operands, {})

    method.__name__ = f"__{'r' if reflected else ''}{name}__"
    return method


def _unary(name):
    def method(self):
        return symbolic_call(name, raw_op(name), (self,), {})

    method.__name__ = name
    return method


# Python operator -> the op Keras records for it.
_BINARY_OPERATORS = {
    "add": "add", "sub": "subtract", "mul": "multiply", "matmul": "matmul",
    "truediv": "true_divide", "floordiv": "floor_divide", "mod": "mod", "pow": "power",
    "and": "logical_and", "or": "logical_or", "xor": "logical_xor",
}
_COMPARISONS = {
    "lt": "less", "le": "less_equal", "gt": "greater", "ge": "greater_equal", "ne": "not_equal",
}


def install_operators():
    """Gives KerasTensor its Python operators (they record the ops Keras records)."""
    for dunder, name in _BINARY_OPERATORS.items():
        setattr(KerasTensor, f"__{dunder}__", _binary(name))
        setattr(KerasTensor, f"__r{dunder}__", _binary(name, reflected=True))
    for dunder, name in _COMPARISONS.items():
        setattr(KerasTensor, f"__{dunder}__", _binary(name))
    KerasTensor.__neg__ = _unary("negative")
    KerasTensor.__abs__ = _unary("absolute")
    KerasTensor.__invert__ = _unary("logical_not")
    KerasTensor.__getitem__ = _binary("get_item")
    KerasTensor.__round__ = lambda self, ndigits=None: symbolic_call(
        "round", raw_op("round"), (self,), {"decimals": ndigits or 0}
    )
    KerasTensor.__iter__ = _not_iterable
    KerasTensor.__bool__ = _no_truth_value
    KerasTensor.reshape = lambda self, newshape: symbolic_call(
        "reshape", raw_op("reshape"), (self, newshape), {}
    )
    KerasTensor.squeeze = lambda self, axis=None: symbolic_call(
        "squeeze", raw_op("squeeze"), (self,), {"axis": axis}
    )


def _not_iterable(self):
    raise NotImplementedError(
        "Iterating over a symbolic KerasTensor is not supported."
    )


def _no_truth_value(self):
    raise TypeError("A symbolic KerasTensor cannot be used as a boolean.")
