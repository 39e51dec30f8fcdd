"""`Einsum`: the differentiable Einstein summation primitive.

Subscripts are first made explicit: every `...` becomes letters of its own
(aligned on the right, as broadcasting aligns axes) and an implicit output
becomes the ellipsis letters plus the letters used once, in alphabetical
order. After that each operand and the output is a plain string of letters.

The gradient with respect to one operand is again an einsum: the output's
gradient contracted with the other operands, producing that operand's
letters. Two wrinkles are handled around that einsum:
- a letter repeated inside an operand (`"ii->i"`, a diagonal) receives the
  gradient on its diagonal only, zeros elsewhere;
- a letter found in no other operand nor the output was summed away, so its
  gradient is the same along that axis (a broadcast).

Two-operand contractions, which every attention layer is made of, run as one
batched `np.matmul` after transposing and reshaping the operands (the
`_contract_pair` path): NumPy's own einsum only uses BLAS when there is no
batch letter, and attention always has one.
"""

import string

import numpy as np

from kerasish.backend import threads
from kerasish.backend.tensor import Function

_LETTERS = string.ascii_letters


# ------------------------------------------------------------ subscripts


def parse_subscripts(subscripts, shapes):
    """Returns (input specs, output spec) with no ellipsis and no implicit output.

    Raises ValueError, in Keras's wording, when the subscripts do not fit the
    operands.
    """
    text = subscripts.replace(" ", "")
    if text.count("->") > 1:
        raise ValueError(
            "At most one '->' is supported in `einsum` subscripts, but "
            f"received {subscripts}."
        )
    inputs_text, arrow, output_text = text.partition("->")
    input_specs = inputs_text.split(",")
    if len(input_specs) != len(shapes):
        raise ValueError(
            f"Number of operands ({len(shapes)}) does not match the number of input specs "
            f"({len(input_specs)}) in `einsum`, received subscripts={subscripts}."
        )
    used = set(text) & set(_LETTERS)
    free_letters = [c for c in _LETTERS if c not in used]
    ellipsis_rank = max(
        [len(shape) - len(spec.replace("...", "")) for spec, shape in zip(input_specs, shapes)
         if "..." in spec] or [0]
    )
    if ellipsis_rank > len(free_letters):
        raise ValueError(f"`einsum` ran out of letters for the `...` of {subscripts}.")
    ellipsis_letters = "".join(free_letters[:ellipsis_rank])
    explicit = []
    for spec, shape in zip(input_specs, shapes):
        if "..." in spec:
            rank = len(shape) - len(spec.replace("...", ""))
            spec = spec.replace("...", ellipsis_letters[ellipsis_rank - rank:] if rank else "")
        _check_spec(spec, shape, subscripts)
        explicit.append(spec)
    if arrow:
        output = output_text.replace("...", ellipsis_letters)
    else:
        counts = {}
        for spec in explicit:
            for c in spec:
                counts[c] = counts.get(c, 0) + 1
        once = sorted(c for c, n in counts.items() if n == 1 and c not in ellipsis_letters)
        output = ellipsis_letters + "".join(once)
    _check_output(output, explicit, subscripts)
    return explicit, output


def _check_spec(spec, shape, subscripts):
    if not all(c in _LETTERS for c in spec) or len(spec) != len(shape):
        raise ValueError(
            "Number of dimensions in the subscript does not match the number of dimensions "
            f"in the operand, received subscript `{spec}` and operand of shape "
            f"{tuple(shape)} (subscripts={subscripts})."
        )


def _check_output(output, specs, subscripts):
    known = set("".join(specs))
    if len(set(output)) != len(output) or not set(output) <= known:
        raise ValueError(
            f"Invalid `einsum` output subscripts '{output}': each output letter must appear "
            f"once and in an input. Received: subscripts={subscripts}"
        )


def letter_sizes(specs, shapes):
    """{letter: size}, the largest size of each letter (size-1 axes broadcast).

    Raises ValueError when a letter has two different sizes other than 1.
    """
    sizes = {}
    for spec, shape in zip(specs, shapes):
        for c, n in zip(spec, shape):
            seen = sizes.get(c, 1)
            if n != 1 and seen != 1 and n != seen:
                raise ValueError(
                    f"Size of label '{c}' does not match across the `einsum` operands: "
                    f"{seen} and {n}. Received operand shapes: {[tuple(s) for s in shapes]}"
                )
            sizes[c] = max(seen, n)
    return sizes


# ------------------------------------------------------------- contraction


def contract(specs, output, arrays):
    """einsum of `arrays` (explicit specs and output), two operands through
    one batched matmul when their letters allow it."""
    if len(arrays) == 2:
        result = _contract_pair(specs[0], specs[1], output, arrays[0], arrays[1])
        if result is not None:
            return result
    equation = ",".join(specs) + "->" + output
    return np.einsum(equation, *arrays, optimize=len(arrays) > 2)


def _sum_own_letters(spec, array, other, output):
    """Sums away the letters of `spec` that neither `other` nor `output` has."""
    lonely = [i for i, c in enumerate(spec) if c not in other and c not in output]
    if not lonely:
        return spec, array
    kept = "".join(c for i, c in enumerate(spec) if i not in lonely)
    return kept, array.sum(axis=tuple(lonely))


def _contract_pair(spec_a, spec_b, output, a, b):
    """`a` and `b` contracted as batch @ matmul, or None when the letters or
    sizes need NumPy's general einsum (a repeated letter, a size-1 axis that
    broadcasts, an output letter from neither operand's own set)."""
    if len(set(spec_a)) != len(spec_a) or len(set(spec_b)) != len(spec_b):
        return None
    spec_a, a = _sum_own_letters(spec_a, a, spec_b, output)
    spec_b, b = _sum_own_letters(spec_b, b, spec_a, output)
    size_a, size_b = dict(zip(spec_a, a.shape)), dict(zip(spec_b, b.shape))
    if any(size_a[c] != size_b[c] for c in size_a if c in size_b):
        return None
    batch = [c for c in output if c in size_a and c in size_b]
    rows = [c for c in output if c in size_a and c not in size_b]
    cols = [c for c in output if c in size_b and c not in size_a]
    if output and output[-1] in rows:
        # b @ a then lays the product out in the output's order (no strided
        # result for the next op to walk through).
        return _contract_pair(spec_b, spec_a, output, b, a)
    summed = [c for c in spec_a if c in size_b and c not in output]
    a = np.transpose(a, [spec_a.index(c) for c in batch + rows + summed])
    b = np.transpose(b, [spec_b.index(c) for c in batch + summed + cols])
    batch_shape = [size_a[c] for c in batch]
    n_rows = _product(size_a[c] for c in rows)
    n_summed = _product(size_a[c] for c in summed)
    n_cols = _product(size_b[c] for c in cols)
    a = a.reshape(batch_shape + [n_rows, n_summed])
    b = b.reshape(batch_shape + [n_summed, n_cols])
    if batch:
        # A stack of strided matrices multiplies slower than contiguous
        # copies of it (1.3 against 1.0 ms for attention scores of batch 64,
        # 64 steps, 4 heads of 16); a single matrix goes to BLAS transposed.
        a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    product = threads.matmul(a, b)  # large stacks on the pool's threads
    product = product.reshape(batch_shape + [size_a[c] for c in rows] + [size_b[c] for c in cols])
    order = batch + rows + cols
    return np.transpose(product, [order.index(c) for c in output])


def _product(sizes):
    total = 1
    for n in sizes:
        total *= n
    return total


# ------------------------------------------------------------- the primitive


class Einsum(Function):
    """einsum of any number of operands; `specs` and `output` are explicit
    (see `parse_subscripts`), `dtype` the result dtype (Keras's rules)."""

    def forward(self, *arrays):
        self.input_dtypes = [np.asarray(x).dtype for x in arrays]
        arrays = [np.asarray(x, dtype=self.dtype) for x in arrays]
        self.arrays = arrays
        result = contract(self.specs, self.output, arrays)
        return np.asarray(result, dtype=self.dtype)

    def backward(self, grad):
        grads = []
        for index, dtype in enumerate(self.input_dtypes):
            if not self.needs_grad_of(index) or dtype.kind != "f":
                grads.append(None)
                continue
            grads.append(self._operand_gradient(index, grad).astype(dtype, copy=False))
        return grads

    def _operand_gradient(self, index, grad):
        spec, array = self.specs[index], self.arrays[index]
        others = [(s, a) for i, (s, a) in enumerate(zip(self.specs, self.arrays)) if i != index]
        reachable = set(self.output).union(*(set(s) for s, _ in others))
        letters = "".join(dict.fromkeys(c for c in spec if c in reachable))
        specs = [self.output] + [s for s, _ in others]
        partial = contract(specs, letters, [grad] + [a for _, a in others])
        return _spread_to_operand(partial, letters, spec, array.shape)


def _spread_to_operand(partial, letters, spec, shape):
    """The gradient over `letters` laid out as an operand of `spec` and
    `shape`: broadcast along the letters it lacks, written on the diagonal of
    repeated letters."""
    unique = "".join(dict.fromkeys(spec))
    sizes = dict(zip(spec, shape))
    # Axes for the missing letters, then the operand's unique-letter order.
    missing = [c for c in unique if c not in letters]
    expanded = partial.reshape(partial.shape + (1,) * len(missing))
    current = letters + "".join(missing)
    expanded = np.transpose(expanded, [current.index(c) for c in unique])
    full = np.broadcast_to(
        expanded, [max(sizes[c], expanded.shape[i]) for i, c in enumerate(unique)]
    )
    if unique == spec:
        return full
    gradient = np.zeros(shape, dtype=partial.dtype)
    # einsum's diagonal view of `gradient` is writeable: fill it in place.
    np.einsum(f"{spec}->{unique}", gradient)[...] = full
    return gradient
