"""`keras.tree` against real Keras: each function on the same nested
structures (lists, tuples, namedtuples, dicts, OrderedDicts, None leaves)
gives the same result, and the same errors for mismatched structures."""

import collections

import pytest

import kerasish
from compat_tests.helpers import real_keras

Point = collections.namedtuple("Point", ["x", "y"])
STRUCTURES = [
    1,
    None,
    [1, 2, 3],
    (1, [2, (3, None)]),
    {"b": 1, "a": [2, (3, 4)]},
    collections.OrderedDict([("b", 1), ("a", 2)]),
    Point(1, [2, 3]),
    [{"k": (1, 2)}, [], ()],
]


def _calls(tree):
    """name -> function of a structure, for every keras.tree function."""
    return {
        "flatten": tree.flatten,
        "flatten_with_path": tree.flatten_with_path,
        "is_nested": tree.is_nested,
        "lists_to_tuples": tree.lists_to_tuples,
        "map_structure": lambda s: tree.map_structure(lambda v: None if v is None else v * 10, s),
        "pack_sequence_as": lambda s: tree.pack_sequence_as(s, list(range(len(tree.flatten(s))))),
        "map_structure_up_to": lambda s: tree.map_structure_up_to(s, lambda v: v, s),
        "assert_same_structure": lambda s: tree.assert_same_structure(s, s),
        "assert_same_paths": lambda s: tree.assert_same_paths(s, s),
        "traverse": lambda s: tree.traverse(lambda v: v * 2 if isinstance(v, int) else None, s),
        "map_shape_structure": lambda s: tree.map_shape_structure(lambda v: v, s),
        "MAP_TO_NONE": lambda s: tree.traverse(lambda v: tree.MAP_TO_NONE if v == 1 else None, s),
    }


@pytest.mark.parametrize("name", sorted(_calls(kerasish.tree)))
@pytest.mark.parametrize("index", range(len(STRUCTURES)))
def test_tree_function_matches_keras(name, index):
    structure = STRUCTURES[index]
    ours = _outcome(_calls(kerasish.tree)[name], structure)
    theirs = _outcome(_calls(real_keras().tree)[name], structure)
    assert ours == theirs and type(ours) is type(theirs), f"{name}({structure!r})"


def _outcome(fn, structure):
    """The result, or the exception type raised (both libraries must agree on either)."""
    try:
        return fn(structure)
    except (ValueError, TypeError) as error:
        return type(error)


def test_shapes_are_leaves_in_map_shape_structure():
    shapes = {"a": (None, 3), "b": [(2,), (4, 5)]}
    assert kerasish.tree.map_shape_structure(len, shapes) == \
        real_keras().tree.map_shape_structure(len, shapes)


@pytest.mark.parametrize("a,b", [([1, 2], [1, [2]]), ([1, 2], (1, 2)), ({"a": 1}, {"b": 1}),
                                 ([1], [1, 2])])
def test_mismatched_structures_raise_like_keras(a, b):
    with pytest.raises(ValueError):
        real_keras().tree.assert_same_structure(a, b)
    with pytest.raises(ValueError):
        kerasish.tree.assert_same_structure(a, b)


def test_pack_sequence_as_wrong_count_raises_like_keras():
    with pytest.raises(ValueError):
        real_keras().tree.pack_sequence_as([0, 0], [1])
    with pytest.raises(ValueError):
        kerasish.tree.pack_sequence_as([0, 0], [1])
