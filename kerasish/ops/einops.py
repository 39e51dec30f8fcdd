"""`rearrange`: einops-style reshaping and transposing by named axes."""

import re

import numpy as np

from kerasish.ops.numpy import _operand, _value, reshape, transpose

_AXIS_OR_GROUP = re.compile(r"\w+|\([\w\s]*\)")


def _parse(side):
    """The axes of one side of a pattern, each a list of names (a group of
    several names merges them into one axis)."""
    return [token.strip("()").split() for token in _AXIS_OR_GROUP.findall(side)]


def _sizes(input_groups, shape, axes_lengths):
    """The size of every elementary axis: from the input shape, or for a
    group, from `axes_lengths` with at most one size inferred."""
    sizes = dict(axes_lengths)
    for group, dim in zip(input_groups, shape):
        if len(group) == 1:
            sizes[group[0]] = dim
            continue
        unknown = [a for a in group if a not in axes_lengths]
        if len(unknown) > 1:
            raise ValueError(f"Could not infer sizes for {unknown}: give them as keyword arguments.")
        known = int(np.prod([axes_lengths[a] for a in group if a in axes_lengths]))
        if unknown:
            if dim % known:
                raise ValueError(f"Axis of size {dim} cannot be split into {group} with "
                                 f"lengths {axes_lengths}.")
            sizes[unknown[0]] = dim // known
        elif known != dim:
            raise ValueError(f"Axis of size {dim} does not match {group} with lengths {axes_lengths}.")
    return sizes


def rearrange(tensor, pattern, **axes_lengths):
    """Reshapes and transposes `tensor` by an einops pattern such as `"b h w c -> b (h w) c"`.

    Names on the left label the input's axes, a parenthesized group on the
    left splits an axis (sizes from `axes_lengths`), and a group on the right
    merges axes; the order on the right is the output's axis order.

    Args:
        tensor: A Tensor, NumPy array or list.
        pattern: `"<input axes> -> <output axes>"`.
        **axes_lengths: Sizes of axes that splitting cannot infer.

    Returns:
        The rearranged array (a Tensor when `tensor` needs a gradient).

    Raises:
        ValueError: If the pattern has no "->", its rank differs from the
            tensor's, or an output axis is not an input axis.

    Examples:
        >>> keras.ops.rearrange(np.zeros((2, 3, 4)), "b h w -> b (h w)").shape
        (2, 12)
        >>> keras.ops.rearrange(np.arange(6).reshape(6), "(h w) -> w h", h=2)
        array([[0, 3],
               [1, 4],
               [2, 5]])
    """
    if "->" not in pattern:
        raise ValueError(f"The pattern must contain '->'. Received: pattern={pattern!r}")
    left, right = (side.strip() for side in pattern.split("->"))
    input_groups, output_groups = _parse(left), _parse(right)
    tensor = _operand(tensor)
    shape = np.shape(_value(tensor))
    if len(input_groups) != len(shape):
        raise ValueError(f"The pattern {left!r} names {len(input_groups)} axes, the tensor has "
                         f"{len(shape)}: shape={shape}")
    sizes = _sizes(input_groups, shape, axes_lengths)
    elementary = [a for group in input_groups for a in group]
    wanted = [a for group in output_groups for a in group]
    if sorted(elementary) != sorted(wanted):
        raise ValueError(f"The two sides of {pattern!r} must name the same axes.")
    split = reshape(tensor, [sizes[a] for a in elementary])
    moved = transpose(split, [elementary.index(a) for a in wanted])
    return reshape(moved, [int(np.prod([sizes[a] for a in group])) for group in output_groups])


__all__ = ["rearrange"]
