"""`GradientTape`: TensorFlow's gradient API over kerasish's autodiff engine.

kerasish records the graph of every op on trainable variables as it runs, so
no tape is needed to differentiate; `GradientTape` gives that engine the
interface of `tf.GradientTape`, so that custom training loops and
`train_step` overrides written for TensorFlow run after changing
`tf.GradientTape` to `keras.GradientTape`.
"""

import numpy as np

from kerasish.backend.tensor import Tensor, gradients, no_grad

_ACTIVE_TAPES = []


class GradientTape:
    """Records operations to differentiate, with the methods of `tf.GradientTape`.

    Inside `with keras.GradientTape() as tape:` compute a loss from
    trainable variables (a model's weights, `keras.Variable`s); then
    `tape.gradient(loss, variables)` returns d(loss)/d(variable) for each
    variable, in the structure `variables` was given (a list, a dict, a
    single variable). The gradients are NumPy arrays; a variable the loss
    does not depend on gets None (or zeros with
    `unconnected_gradients="zero"`), as in TensorFlow.

    Trainable variables are watched automatically. To differentiate with
    respect to another value, make it a Tensor first (`keras.Variable(x)`
    or `keras.backend.Tensor(x)`) and `watch` it; NumPy arrays cannot be
    watched in place.

    Differences from TensorFlow: the engine computes first derivatives
    only, so a nested tape differentiating another tape's gradient raises
    `NotImplementedError`; and operations computed before the tape was
    opened are differentiated through (TensorFlow treats them as
    constants).

    Args:
        persistent: whether `gradient` may be called more than once.
        watch_accessed_variables: accepted for compatibility; trainable
            variables are always differentiable.

    Examples:
        >>> w = keras.Variable(np.array([1.0, 2.0], dtype="float32"))
        >>> with keras.GradientTape() as tape:
        ...     loss = keras.ops.sum(w * w)
        >>> tape.gradient(loss, w)
        array([2., 4.], dtype=float32)

        Several sources in a nested structure, and a persistent tape:

        >>> b = keras.Variable(np.array(3.0, dtype="float32"))
        >>> with keras.GradientTape(persistent=True) as tape:
        ...     y = keras.ops.sum(w) * b
        >>> tape.gradient(y, {"w": w, "b": b})
        {'w': array([3., 3.], dtype=float32), 'b': array(3., dtype=float32)}
        >>> tape.gradient(y, [b])
        [array(3., dtype=float32)]
    """

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self.persistent = persistent
        self.watch_accessed_variables = watch_accessed_variables
        self._watched = []
        self._used = False
        self._recording = False
        self._inner_gradient_ids = set()

    def __enter__(self):
        _ACTIVE_TAPES.append(self)
        self._recording = True
        return self

    def __exit__(self, *exc_info):
        self._recording = False
        if self in _ACTIVE_TAPES:
            _ACTIVE_TAPES.remove(self)
        return False

    def watch(self, tensor):
        """Makes ops on `tensor` differentiable, so it can be a source of `gradient`.

        Args:
            tensor: a Tensor or Variable (a non-trainable one included), or
                a list, tuple or dict of them.

        Returns:
            `tensor`, for convenience (TensorFlow returns None).

        Raises:
            TypeError: for a NumPy array or Python number, which cannot be
                watched in place.
        """
        for item in _flatten(tensor):
            if not isinstance(item, Tensor):
                raise TypeError(
                    "`GradientTape.watch` needs a kerasish Tensor or Variable: a NumPy "
                    "array or Python number cannot record the ops computed from it. "
                    "Create the value as `x = keras.Variable(value)` (or "
                    "`x = keras.backend.Tensor(np.asarray(value, 'float32'))`) and use "
                    f"that. Received: tensor of type {type(item).__name__}"
                )
            item.requires_grad = True
            self._watched.append(item)
        return tensor

    def watched_variables(self):
        """Returns the tensors and variables given to `watch`, in order.

        Returns:
            A tuple (trainable variables are watched without being listed).
        """
        return tuple(self._watched)

    def stop_recording(self):
        """A context inside which ops are not recorded (`keras.backend.no_grad`).

        Returns:
            A context manager.
        """
        return no_grad()

    def reset(self):
        """Forgets the watched tensors, so the tape can be used anew."""
        self._watched = []
        self._used = False
        self._inner_gradient_ids = set()

    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients="none"):
        """Returns the gradient of `target` with respect to each of `sources`.

        Args:
            target: a Tensor (a non-scalar one is differentiated as the sum
                of its elements) or a list of Tensors (their gradients add).
            sources: a Variable or Tensor, or a list, tuple or dict of them
                (nested), such as `model.trainable_variables`.
            output_gradients: optional weights for the elements of `target`
                (the same structure and shapes), as in TensorFlow.
            unconnected_gradients: `"none"` (default) gives None for a
                source `target` does not depend on; `"zero"` gives zeros.

        Returns:
            The gradients, NumPy arrays (or None) in the structure of
            `sources`.

        Raises:
            RuntimeError: if a non-persistent tape is asked a second time.
            NotImplementedError: if `target` is another tape's gradient
                (second derivatives).
            ValueError: if `unconnected_gradients` is not `"none"` or `"zero"`.
        """
        if self._used and not self.persistent:
            raise RuntimeError(
                "A non-persistent GradientTape can only be used to compute one set of "
                "gradients (or jacobians)"
            )
        self._used = True
        unconnected_gradients = getattr(unconnected_gradients, "value", unconnected_gradients)
        targets = _flatten(target)
        if any(id(t) in self._inner_gradient_ids for t in targets):
            raise NotImplementedError(
                "Second derivatives are not supported: kerasish's autodiff engine computes "
                "first derivatives only, and the target given to this tape is a gradient "
                "computed by an inner tape (a NumPy array with no graph)."
            )
        total = _weighted_sum(targets, _flatten(output_gradients) if output_gradients is not
                              None else None)
        flat_sources = _flatten(sources)
        grads = [None if g is None else np.asanyarray(g)  # 0-d gradients come as NumPy scalars;
                 # asanyarray keeps an embedding's RowSlices (backend/indexed_slices.py)
                 for g in gradients(total, flat_sources,
                                    unconnected_gradients=unconnected_gradients)]
        for tape in _ACTIVE_TAPES:
            if tape is not self:
                tape._inner_gradient_ids.update(id(g) for g in grads if g is not None)
        return _pack_like(sources, iter(grads))

    def jacobian(self, target, sources, unconnected_gradients="none"):
        """Returns the Jacobian of `target` with respect to each source.

        Args:
            target: a Tensor.
            sources: a Variable or Tensor, or a (nested) list, tuple or dict.
            unconnected_gradients: `"none"` or `"zero"`, as for `gradient`.

        Returns:
            For each source, an array of shape `target.shape + source.shape`
            (or None when unconnected), in the structure of `sources`.

        Raises:
            RuntimeError: if a non-persistent tape was already used.
        """
        if self._used and not self.persistent:
            raise RuntimeError(
                "A non-persistent GradientTape can only be used to compute one set of "
                "gradients (or jacobians)"
            )
        self._used = True
        flat_sources = _flatten(sources)
        shape = tuple(np.shape(target))
        rows = []
        for index in range(int(np.prod(shape))):
            selector = np.zeros(shape, dtype=np.asarray(target).dtype)
            selector.reshape(-1)[index] = 1
            rows.append(gradients(_weighted_sum([target], [selector]), flat_sources,
                                  unconnected_gradients=unconnected_gradients))
        result = []
        for position, source in enumerate(flat_sources):
            column = [row[position] for row in rows]
            if any(g is None for g in column):
                result.append(None)
            else:
                result.append(np.stack(column).reshape(shape + tuple(source.shape)))
        return _pack_like(sources, iter(result))


def _weighted_sum(targets, weights):
    from kerasish import ops

    total = None
    for index, target in enumerate(targets):
        if not isinstance(target, Tensor):
            continue  # computed without recording: depends on no source
        if weights is not None:
            target = ops.multiply(target, weights[index])
        term = ops.sum(target) if target.ndim else target
        total = term if total is None else ops.add(total, term)
    return total


def _flatten(structure):
    if isinstance(structure, dict):
        return [leaf for key in structure for leaf in _flatten(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _flatten(item)]
    return [structure]


def _pack_like(structure, leaves):
    if isinstance(structure, dict):
        return {key: _pack_like(value, leaves) for key, value in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_pack_like(item, leaves) for item in structure)
    return next(leaves)


