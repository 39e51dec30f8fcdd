"""Nested structures (lists, tuples, namedtuples, dicts) as Keras's
`keras.tree` handles them: dicts are visited in sorted key order (an
OrderedDict in insertion order), None is a leaf, and anything else that is
not a list, tuple or mapping is a leaf too."""

import collections


class MAP_TO_NONE:
    """A marker a `traverse` function returns to map a node to None.

    Returning None from the function means "keep traversing"; returning
    `MAP_TO_NONE` replaces the node by None.

    Examples:
        >>> keras.tree.traverse(lambda x: keras.tree.MAP_TO_NONE if x == 2 else None, [1, 2])
        [1, None]
    """


def is_nested(structure):
    """Whether `structure` is a list, tuple (including namedtuples) or dict.

    Args:
        structure: Any object.

    Returns:
        A bool.

    Examples:
        >>> keras.tree.is_nested([1]), keras.tree.is_nested(None)
        (True, False)
    """
    return isinstance(structure, (list, tuple, dict, collections.abc.Mapping))


def _children(structure):
    """(keys, values) of a nested node, in flattening order."""
    if isinstance(structure, collections.abc.Mapping):
        if isinstance(structure, collections.OrderedDict):
            keys = list(structure.keys())
        else:
            keys = sorted(structure.keys())
        return keys, [structure[k] for k in keys]
    return list(range(len(structure))), list(structure)


def _rebuild(structure, values):
    """A node like `structure` holding `values` (in flattening order)."""
    if isinstance(structure, collections.abc.Mapping):
        keys, _ = _children(structure)
        mapping = dict(zip(keys, values))
        if isinstance(structure, collections.OrderedDict) or type(structure) is dict:
            return type(structure)((k, mapping[k]) for k in structure.keys())
        return type(structure)({k: mapping[k] for k in structure.keys()})
    if isinstance(structure, tuple) and hasattr(structure, "_fields"):
        return type(structure)(*values)
    return type(structure)(values)


def flatten(structure):
    """The leaves of a nested structure, in order (dicts by sorted key).

    Args:
        structure: A nested structure or a single leaf.

    Returns:
        A list of leaves.

    Examples:
        >>> keras.tree.flatten({"b": 1, "a": [2, (3, None)]})
        [2, 3, None, 1]
    """
    return [leaf for _, leaf in flatten_with_path(structure)]


def flatten_with_path(structure):
    """The leaves of a structure with their paths (tuples of keys and indices).

    Args:
        structure: A nested structure or a single leaf.

    Returns:
        A list of `(path, leaf)` pairs.

    Examples:
        >>> keras.tree.flatten_with_path({"b": 1, "a": [2, 3]})
        [(('a', 0), 2), (('a', 1), 3), (('b',), 1)]
    """
    found = []

    def visit(node, path):
        if not is_nested(node):
            found.append((path, node))
            return
        for key, child in zip(*_children(node)):
            visit(child, path + (key,))

    visit(structure, ())
    return found


def pack_sequence_as(structure, flat_sequence):
    """Builds a structure like `structure` from the leaves in `flat_sequence`.

    Args:
        structure: The template structure.
        flat_sequence: The leaves, as many as `structure` has.

    Returns:
        The new structure.

    Raises:
        ValueError: If the number of leaves differs from the template's.

    Examples:
        >>> keras.tree.pack_sequence_as({"b": 0, "a": [0, 0]}, [1, 2, 3])
        {'b': 3, 'a': [1, 2]}
    """
    flat_sequence = list(flat_sequence)
    expected = len(flatten(structure))
    if expected != len(flat_sequence):
        raise ValueError(
            "The target structure is of type "
            f"`{type(structure)}`\n  {structure}\nHowever the input is a sequence of "
            f"{len(flat_sequence)} items, while the structure has {expected} leaves."
        )
    position = [0]

    def build(node):
        if not is_nested(node):
            value = flat_sequence[position[0]]
            position[0] += 1
            return value
        return _rebuild(node, [build(child) for child in _children(node)[1]])

    return build(structure)


def assert_same_structure(a, b, check_types=None):
    """Raises unless `a` and `b` have the same nesting (types, lengths and keys).

    Args:
        a: A structure.
        b: A structure.
        check_types: Accepted for Keras compatibility (types are always checked,
            lists and tuples being different).

    Raises:
        ValueError: If the structures differ.

    Examples:
        >>> keras.tree.assert_same_structure([1, (2, 3)], [4, (5, 6)])
    """

    def compare(x, y):
        if is_nested(x) != is_nested(y):
            raise ValueError("Structures don't have the same nested structure.")
        if not is_nested(x):
            return
        if isinstance(x, collections.abc.Mapping) != isinstance(y, collections.abc.Mapping) or (
                not isinstance(x, collections.abc.Mapping) and type(x) is not type(y)):
            raise ValueError(f"Expected an instance of {type(x).__name__}, got {y}.")
        keys_x, values_x = _children(x)
        keys_y, values_y = _children(y)
        if keys_x != keys_y:
            raise ValueError("Structures don't have the same nested structure.")
        for child_x, child_y in zip(values_x, values_y):
            compare(child_x, child_y)

    compare(a, b)


def assert_same_paths(a, b):
    """Raises unless `a` and `b` have the same set of leaf paths (types may differ).

    Args:
        a: A structure.
        b: A structure.

    Raises:
        ValueError: If some path is in one structure only.

    Examples:
        >>> keras.tree.assert_same_paths([1, 2], (3, 4))
    """
    paths_a = {path for path, _ in flatten_with_path(a)}
    paths_b = {path for path, _ in flatten_with_path(b)}
    if paths_a != paths_b:
        raise ValueError(
            "`a` and `b` don't have the same paths.\n"
            f"Paths in `a` missing in `b`:\n{paths_a - paths_b}\n"
            f"Paths in `b` missing in `a`:\n{paths_b - paths_a}"
        )


def map_structure(func, *structures, none_is_leaf=True):
    """Applies `func` to the corresponding leaves of the structures, keeping the structure.

    Args:
        func: A function of one leaf per structure.
        *structures: Structures of the same nesting.
        none_is_leaf: Whether None is passed to `func` (True, the default) or
            kept as None.

    Returns:
        A structure like the first with `func`'s results as leaves.

    Raises:
        ValueError: If no structure is given or they differ in nesting.

    Examples:
        >>> keras.tree.map_structure(lambda x, y: x + y, [1, (2,)], [10, (20,)])
        [11, (22,)]
    """
    if not structures:
        raise ValueError("Must provide at least one structure")
    for other in structures[1:]:
        assert_same_structure(structures[0], other)
    columns = [flatten(s) for s in structures]
    results = []
    for leaves in zip(*columns):
        if not none_is_leaf and leaves[0] is None:
            results.append(None)
        else:
            results.append(func(*leaves))
    return pack_sequence_as(structures[0], results)


def map_structure_up_to(shallow_structure, func, *structures):
    """Like `map_structure`, but only down to the nesting of `shallow_structure`:
    deeper parts of `structures` are passed to `func` whole.

    Args:
        shallow_structure: The structure that says where leaves are.
        func: A function of one sub-structure per structure.
        *structures: Structures at least as deep as `shallow_structure`.

    Returns:
        A structure like `shallow_structure` holding `func`'s results.

    Raises:
        ValueError: If `shallow_structure` has a None leaf (Keras's optree
            backend treats None as an empty node there and then finds the
            structures different).

    Examples:
        >>> keras.tree.map_structure_up_to([0, 0], lambda a: len(a), [[1, 2], [3]])
        [2, 1]
    """
    if any(leaf is None for leaf in flatten(shallow_structure)):
        raise ValueError("Structures don't have the same nested structure.")
    def visit(shallow, nodes):
        if not is_nested(shallow):
            return func(*nodes)
        keys, children = _children(shallow)
        results = []
        for key in keys:
            results.append(visit(shallow[key] if isinstance(shallow, collections.abc.Mapping)
                                 else children[key], [node[key] for node in nodes]))
        return _rebuild(shallow, results)

    return visit(shallow_structure, list(structures))


def _is_shape(structure):
    return isinstance(structure, (tuple, list)) and all(
        isinstance(d, int) or d is None for d in structure) and not (
        isinstance(structure, tuple) and hasattr(structure, "_fields"))


def map_shape_structure(func, structure):
    """Like `map_structure`, treating shape tuples (of ints and None) as leaves.

    Args:
        func: A function of one shape.
        structure: A structure of shapes.

    Returns:
        The structure of `func`'s results.

    Examples:
        >>> keras.tree.map_shape_structure(len, {"a": (None, 3), "b": [(2,), (4, 5)]})
        {'a': 2, 'b': [1, 2]}
    """
    if _is_shape(structure) or not is_nested(structure):
        return func(structure)
    keys, children = _children(structure)
    return _rebuild(structure, [map_shape_structure(func, child) for child in children])


def lists_to_tuples(structure):
    """Converts every list in a structure to a tuple.

    Args:
        structure: A nested structure.

    Returns:
        The same structure with tuples for lists.

    Examples:
        >>> keras.tree.lists_to_tuples([1, [2, {"a": [3]}]])
        (1, (2, {'a': (3,)}))
    """
    if not is_nested(structure):
        return structure
    keys, children = _children(structure)
    converted = [lists_to_tuples(child) for child in children]
    if isinstance(structure, list):
        return tuple(converted)
    return _rebuild(structure, converted)


def traverse(func, structure, top_down=True):
    """Visits every node of a structure (not just leaves) with `func`.

    Top-down, a node for which `func` returns a value other than None is
    replaced by it and not visited further; None means "keep going", and
    `MAP_TO_NONE` replaces the node by None. Bottom-up, `func` sees nodes
    already rebuilt from their children, and its non-None result replaces them.

    Args:
        func: A function of a node.
        structure: A nested structure.
        top_down: The visiting order. Defaults to True.

    Returns:
        The transformed structure.

    Examples:
        >>> keras.tree.traverse(lambda x: x * 10 if isinstance(x, int) else None, [1, (2,)])
        [10, (20,)]
    """
    def finish(value):
        return None if value is MAP_TO_NONE else value

    def visit(node):
        if top_down:
            result = func(node)
            if result is not None:
                return finish(result)
            if not is_nested(node):
                return node
            return _rebuild(node, [visit(child) for child in _children(node)[1]])
        rebuilt = node if not is_nested(node) else _rebuild(
            node, [visit(child) for child in _children(node)[1]])
        result = func(rebuilt)
        return rebuilt if result is None else finish(result)

    return visit(structure)
