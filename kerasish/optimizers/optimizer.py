"""The optimizer base class: it owns `apply_gradients`, `iterations`, the
learning rate (a value or a schedule), gradient clipping and weight decay.
A subclass writes only `build` (its slot variables) and `update_step`."""

import re
import warnings

import numpy as np

from kerasish import initializers
from kerasish.backend import config
from kerasish.backend.variables import Variable
from kerasish.optimizers import schedules
from kerasish.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from kerasish.utils import naming

_NO_IDS = frozenset()


class Optimizer:
    """Base class of optimizers: turns gradients into weight updates.

    `apply_gradients` (or `apply`) runs one training step, in Keras's order:
    clip the gradients (`clipnorm`, `clipvalue` or `global_clipnorm`),
    shrink the weights by `weight_decay` (decoupled, as in AdamW:
    `w -= w * weight_decay * learning_rate`), let `update_step` update each
    variable, apply each variable's `constraint`, then add 1 to
    `iterations`. The first call also calls `build`, which creates the
    optimizer's per-variable state ("slots", such as Adam's moments).

    To write an optimizer, subclass this, create slots in `build` with
    `add_optimizer_variables` (calling `super().build(variables)` first),
    and update one variable in place in `update_step`.

    Args:
        learning_rate: a non-negative float, a
            `keras.optimizers.schedules.LearningRateSchedule` (called with
            the iteration count before each step), or a callable taking no
            argument that returns the rate.
        weight_decay: if set, a float: each step first shrinks every weight
            (see `exclude_from_weight_decay`) by
            `w * weight_decay * learning_rate`. Defaults to None.
        clipnorm: if set, each gradient is rescaled so that its L2 norm is
            at most this value.
        clipvalue: if set, each gradient element is clipped to
            `[-clipvalue, clipvalue]`.
        global_clipnorm: if set, all gradients are rescaled together so that
            the L2 norm of their concatenation is at most this value.
        use_ema: whether to keep an exponential moving average of the
            weights (optimizer variables named `average`), updated after
            every step as `average = m * average + (1 - m) * weight` (the
            first step copies the weight). `finalize_variable_values` and
            the `SwapEMAWeights` callback put it into the model.
        ema_momentum: the momentum `m` of that average, in [0, 1] (default 0.99).
        ema_overwrite_frequency: if set, the weights are overwritten by their
            average every that many steps; None (default) never does.
        loss_scale_factor: a loss scaling factor (mixed precision); not
            supported yet, so only None is accepted.
        gradient_accumulation_steps: apply updates every that many steps;
            not supported yet, so only None is accepted.
        name: name of the optimizer, the prefix of its variables' paths.
            Defaults to a unique snake_case name made from the class name.
        **kwargs: Keras 2's `decay` is accepted and ignored with a warning,
            as in Keras 3; anything else is an error.

    Raises:
        ValueError: when more than one clipping argument is set, for an
            unknown keyword argument, when `loss_scale_factor` or
            `gradient_accumulation_steps` is set, when `ema_momentum` or
            `ema_overwrite_frequency` is invalid with `use_ema`, or when `learning_rate` is
            not a non-negative number, a schedule or a callable.

    Examples:
        >>> class SignDescent(keras.optimizers.Optimizer):
        ...     def update_step(self, gradient, variable, learning_rate):
        ...         variable.assign(variable.value - learning_rate * np.sign(gradient))
        >>> weights = keras.Variable([1.0, -2.0])
        >>> optimizer = SignDescent(learning_rate=0.5)
        >>> _ = optimizer.apply_gradients([(np.array([3.0, -0.1]), weights)])
        >>> weights.numpy()
        array([ 0.5, -1.5], dtype=float32)
        >>> int(optimizer.iterations.numpy())
        1
    """

    _scratch_ids = _NO_IDS  # see apply()

    def __init__(
        self,
        learning_rate,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        **kwargs,
    ):
        if kwargs.pop("decay", None) is not None:
            # Keras 3 ignores the Keras 2 argument with this warning, not an error.
            warnings.warn("Argument `decay` is no longer supported and will be ignored.")
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}")
        if gradient_accumulation_steps or loss_scale_factor:
            raise ValueError(
                "kerasish optimizers do not support `loss_scale_factor` or "
                "`gradient_accumulation_steps` yet."
            )
        if use_ema:
            _check_ema_arguments(ema_momentum, ema_overwrite_frequency)
        if sum(x is not None for x in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError(
                "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
                f"Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
                f"global_clipnorm={global_clipnorm}"
            )
        self.name = name or naming.auto_name(self.__class__.__name__)
        self.weight_decay = weight_decay
        self.clipnorm, self.clipvalue, self.global_clipnorm = clipnorm, clipvalue, global_clipnorm
        self.use_ema, self.ema_momentum = use_ema, ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.built = False
        self._variables = []
        self._slot_index = {}
        self._iterations = Variable(
            np.zeros((), np.int64), dtype="int64", trainable=False, name="iteration"
        )
        self._iterations.path = f"{self.name}/iteration"
        self._set_learning_rate(learning_rate)

    # ----------------------------------------------------------- learning rate
    def _set_learning_rate(self, learning_rate):
        # A LearningRateSchedule is called with the iteration count; any other
        # callable is called with no argument (as Keras does).
        if callable(learning_rate):
            self._schedule = learning_rate
            self._learning_rate = None
            return
        if not isinstance(learning_rate, (int, float, np.floating, np.integer)) or isinstance(
            learning_rate, bool
        ):
            raise ValueError(
                "Argument `learning_rate` should be float, or an instance of "
                "LearningRateSchedule, or a callable (that takes in the current iteration "
                f"value and returns the corresponding learning rate value). "
                f"Received instead: learning_rate={learning_rate}"
            )
        if learning_rate < 0:
            raise ValueError(
                f"Argument `learning_rate` must be non-negative. Received: "
                f"learning_rate={learning_rate}"
            )
        self._schedule = None
        self._learning_rate = Variable(
            np.asarray(learning_rate, dtype=config.floatx()), trainable=False, name="learning_rate"
        )
        self._learning_rate.path = f"{self.name}/learning_rate"

    @property
    def learning_rate(self):
        """The current learning rate; `lr` is another name for it.

        With a float learning rate this is the `Variable` itself, as in
        Keras, so `.assign()` and `.numpy()` work on it; assigning a number
        to the property sets its value, assigning a schedule or callable
        replaces it. With a schedule it is the schedule's value at the
        current iteration, and cannot be set.

        Returns:
            A float32 `Variable`, or (with a schedule) a float32 NumPy scalar.

        Raises:
            TypeError: when setting a number on an optimizer made with a
                `LearningRateSchedule`.
        """
        # The Variable itself, as in Keras, so `.assign()` and `.numpy()` work;
        # a schedule gives its current value.
        if self._schedule is None:
            return self._learning_rate
        return self._get_current_learning_rate()

    @learning_rate.setter
    def learning_rate(self, value):
        if callable(value):
            self._set_learning_rate(value)
        elif self._schedule is not None:
            raise TypeError(
                "This optimizer was created with a `LearningRateSchedule` object as its "
                "`learning_rate` constructor argument, hence its learning rate is not "
                "settable. If you need the learning rate to be settable, you should "
                "instantiate the optimizer with a float `learning_rate` argument."
            )
        else:
            self._learning_rate.assign(value)

    lr = learning_rate

    def _get_current_learning_rate(self):
        if self._schedule is None:  # the common case, checked first: it runs every step
            return self._learning_rate.value

        if isinstance(self._schedule, LearningRateSchedule):
            value = self._schedule(self._iterations.value)
        else:
            value = self._schedule()
        return np.asarray(getattr(value, "value", value), dtype=config.floatx())

    @property
    def iterations(self):
        """How many steps the optimizer has applied.

        Schedules read it to compute the learning rate; Adam-like optimizers
        use it for their bias correction.

        Returns:
            An int64 scalar `Variable`, starting at 0.
        """
        return self._iterations

    @property
    def variables(self):
        """Every variable of the optimizer, in the order Keras saves them.

        Returns:
            A list: `iterations`, the learning rate (unless it is a
            schedule), then the slots in the order they were created.
        """
        own = [self._iterations]
        if self._learning_rate is not None:
            own.append(self._learning_rate)
        return own + self._variables

    # ------------------------------------------------------------------- slots
    def build(self, variables):
        """Gets ready to update `variables`: subclasses create their slots here.

        `apply` calls it once, on the first step, with the variables that
        have gradients. A subclass calls `super().build(variables)` first,
        then creates its slots with `add_optimizer_variables`.

        Args:
            variables: the list of trainable variables this optimizer will
                update.
        """
        self._trainable_variables = list(variables)
        for index, variable in enumerate(variables):
            self._slot_index[id(variable)] = index
        self.built = True
        if self.use_ema:
            self._model_variables_moving_average = self.add_optimizer_variables(
                variables, "average")

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none", name=None):
        """Creates an optimizer variable and tracks it in `variables`.

        Args:
            shape: shape of the variable, a tuple of ints.
            initializer: initial value: an initializer name, an `Initializer`
                or a callable `(shape, dtype)`. Defaults to "zeros".
            dtype: dtype of the variable. Defaults to "float32".
            aggregation: how replicas would combine it in distributed
                training; accepted for Keras compatibility and ignored.
            name: name of the variable; its path is `<optimizer>/<name>`.

        Returns:
            The new non-trainable `Variable`.
        """
        variable = Variable(
            initializers.get(initializer), shape=tuple(shape), dtype=dtype, trainable=False,
            name=name,
        )
        variable.path = f"{self.name}/{variable.name}"
        self._variables.append(variable)
        return variable

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """Creates a slot shaped like `reference_variable`, in its dtype.

        The slot is named after the reference's path, as in Keras, so that
        saved optimizer state lines up: `dense/kernel` with name "momentum"
        gives `dense_kernel_momentum`.

        Args:
            reference_variable: the model variable the slot belongs to.
            name: what the slot holds, e.g. "momentum". Defaults to "var".
            initializer: initial value, as for `add_variable`. Defaults to
                "zeros".

        Returns:
            The new `Variable`.
        """
        name = f"{reference_variable.path.replace('/', '_')}_{name or 'var'}"
        return self.add_variable(
            reference_variable.shape, initializer, reference_variable.value.dtype, name=name
        )

    def add_optimizer_variables(self, variables, name, initializer="zeros"):
        """Creates one slot per variable for each slot name.

        With a list of names the slots are created variable by variable
        (kernel momentum, kernel velocity, bias momentum, bias velocity),
        the order Keras saves them in.

        Args:
            variables: the model variables, usually those passed to `build`.
            name: a slot name such as "momentum", or a list of names.
            initializer: initial value of every slot, as for
                `add_variable`, or a list with one per slot name. Defaults
                to "zeros".

        Returns:
            For one name, a list with one slot per variable; for a list of
            names, a tuple of such lists, one per name.
        """
        names = [name] if isinstance(name, str) else list(name)
        # One initializer for all slots, or (as in Keras) a list with one per name.
        initial = list(initializer) if isinstance(initializer, (list, tuple)) else \
            [initializer] * len(names)
        slots = tuple([] for _ in names)
        for variable in variables:
            for index, slot_name in enumerate(names):
                slots[index].append(
                    self.add_variable_from_reference(variable, slot_name, initial[index])
                )
        return slots[0] if isinstance(name, str) else slots

    def _get_variable_index(self, variable):
        return self._slot_index[id(variable)]

    # ------------------------------------------------------------------ update
    def apply_gradients(self, grads_and_vars):
        """Applies one step of the optimizer to (gradient, variable) pairs.

        The same as `apply(grads, variables)` with the pairs unzipped. Pairs
        whose gradient is None are skipped.

        Args:
            grads_and_vars: a list of `(gradient, variable)` pairs; gradients
                are arrays or Tensors shaped like their variables.

        Returns:
            The `iterations` variable, after the step.
        """
        grads, variables = zip(*grads_and_vars) if grads_and_vars else ((), ())
        return self.apply(list(grads), list(variables))

    def apply(self, grads, trainable_variables=None):
        """Applies one step of the optimizer: updates the variables in place.

        Clips the gradients, applies weight decay, runs `update_step` on
        each variable, applies the variables' constraints and adds 1 to
        `iterations` (see the class description). Builds the optimizer on
        the first call, with slots for every variable. Variables whose
        gradient is None are skipped with a warning, as in Keras.

        Args:
            grads: a list of gradients, one per variable.
            trainable_variables: the variables to update, in the order of
                `grads`. Defaults to the variables the optimizer was built
                with.

        Returns:
            The `iterations` variable, after the step.

        Raises:
            ValueError: when `trainable_variables` is omitted and the
                optimizer is not built yet, or `grads` does not have one
                gradient per variable it was built with, or every gradient
                is None.
        """
        if trainable_variables is None:
            trainable_variables = self._built_variables(len(grads))
        trainable_variables = list(trainable_variables)
        if not grads:
            return self._iterations
        if not self.built:
            # Slots for every variable, as Keras builds them, even those
            # without a gradient in this step.
            self.build(trainable_variables)
        pairs = _with_gradients(grads, trainable_variables)
        scratch_ids = getattr(grads, "scratch_ids", _NO_IDS)
        # asanyarray: an embedding's RowSlices gradient keeps its rows (see backend/indexed_slices).
        grads = [np.asanyarray(getattr(g, "value", g)) for g, _ in pairs]
        variables = [v for _, v in pairs]
        # Keras's order: clip, decay the weights, update, then constrain.
        grads = self._clip_gradients(grads)
        self._apply_weight_decay(variables)
        # Gradient arrays that `fit` handed over for `update_step` to overwrite
        # (see backend.ScratchGradients), known only while the updates run; a
        # user's gradients are never changed.
        self._scratch_ids = scratch_ids
        try:
            self._update_all(grads, variables, self._get_current_learning_rate())
        finally:
            self._scratch_ids = _NO_IDS
        if self.use_ema:
            self._update_moving_averages()
        for variable in variables:
            # update_step and weight decay change values in place: graphs
            # recorded before this step must not be differentiated any more.
            variable.updated_in_place()
            if getattr(variable, "constraint", None) is not None:
                variable.assign(variable.constraint(variable.value))
        self._iterations.value = self._iterations.value + 1
        return self._iterations

    def _update_moving_averages(self):
        """Keras's EMA step: the first step copies the weights; after it,
        `average = m * average + (1 - m) * weight`. Every
        `ema_overwrite_frequency` steps the weights take their averages."""
        momentum = self.ema_momentum if int(self._iterations.value) != 0 else 0.0
        for variable, average in zip(self._trainable_variables,
                                     self._model_variables_moving_average):
            dtype = variable.value.dtype.type
            average.assign(dtype(momentum) * average.value + dtype(1 - momentum) * variable.value)
        frequency = self.ema_overwrite_frequency
        if frequency and (int(self._iterations.value) + 1) % frequency == 0:
            self._overwrite_variables_with_averages(self._trainable_variables)

    def _overwrite_variables_with_averages(self, variables):
        for variable, average in zip(variables, self._model_variables_moving_average):
            variable.assign(average.value)

    def finalize_variable_values(self, var_list):
        """Puts the final values into the model's variables at the end of training.

        With `use_ema`, each variable takes its moving average (Keras's
        `fit` calls this when training ends); otherwise nothing changes.

        Args:
            var_list: the model's trainable variables, in the order the
                optimizer was built with.
        """
        if self.use_ema and self.built:
            self._overwrite_variables_with_averages(var_list)

    def _built_variables(self, num_grads):
        """The variables `build` received, for `apply(grads)` without variables."""
        if not self.built:
            raise ValueError(
                "When passing `grads` without `variables`, the optimizer must already be "
                "built on a list of variables. Call `optimizer.build(trainable_variables)` "
                "first."
            )
        if num_grads != len(self._trainable_variables):
            raise ValueError(
                "When passing `grads` as a list of gradient tensors, the gradients must match "
                f"`optimizer.variables` one-to-one. Received a list of {num_grads} gradients, "
                f"but the optimizer is tracking {len(self._trainable_variables)} trainable "
                "variables."
            )
        return self._trainable_variables

    def _update_all(self, grads, variables, learning_rate):
        """Runs `update_step` on each variable; Nadam adds a per-step update first."""
        for grad, variable in zip(grads, variables):
            if grad.dtype != variable.value.dtype:
                grad = grad.astype(variable.value.dtype)
            self.update_step(grad, variable, learning_rate)

    def _may_overwrite(self, gradient):
        """Whether `update_step` may change `gradient` in place: only arrays
        `fit` handed over as scratch, never a user's."""
        return id(gradient) in self._scratch_ids

    def update_step(self, gradient, variable, learning_rate):
        """Updates one variable in place from its gradient: the optimizer's rule.

        Subclasses override this. It runs after clipping and weight decay;
        `self.iterations` still holds the number of earlier steps, so the
        current step is `iterations + 1`.

        Args:
            gradient: the (clipped) gradient, a NumPy array in the
                variable's dtype.
            variable: the `Variable` to update; change `variable.value` in
                place or call `variable.assign(...)`.
            learning_rate: the learning rate for this step, a float32 NumPy
                scalar.

        Raises:
            NotImplementedError: when a subclass does not override it.
        """
        raise NotImplementedError

    def _clip_gradients(self, grads):
        if self.clipnorm and self.clipnorm > 0:
            return [_clip_by_norm(g, self.clipnorm) for g in grads]
        if self.global_clipnorm and self.global_clipnorm > 0:
            return _clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue and self.clipvalue > 0:
            return [np.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Keeps some variables out of weight decay (biases, norms, ...).

        Call it before the first step, i.e. before the optimizer is built.

        Args:
            var_list: variables to exclude. Defaults to none.
            var_names: strings (regular expressions); a variable whose name
                contains a match is excluded, e.g. `["bias"]`. Defaults to
                none.

        Raises:
            ValueError: when the optimizer is already built.
        """
        if self.built:
            raise ValueError(
                "`exclude_from_weight_decay()` can only be configured before "
                "the optimizer is built."
            )
        self._excluded_from_decay = {id(v) for v in var_list or []}
        self._excluded_names = list(var_names or [])

    def _use_weight_decay(self, variable):
        if id(variable) in getattr(self, "_excluded_from_decay", set()):
            return False
        return not any(re.search(n, variable.name) for n in getattr(self, "_excluded_names", []))

    def _apply_weight_decay(self, variables):
        if self.weight_decay is None:
            return
        learning_rate = self._get_current_learning_rate()
        for variable in variables:
            if self._use_weight_decay(variable):
                w = variable.value
                w -= w * w.dtype.type(self.weight_decay) * learning_rate.astype(w.dtype)

    # ------------------------------------------------------------------ config
    def get_config(self):
        """The constructor arguments that recreate this optimizer, as Keras saves them.

        Returns:
            A JSON-serialisable dict: `name`, `learning_rate` (a float, or a
            serialised schedule), the clipping and weight-decay arguments
            and, in subclasses, their own hyperparameters.
        """
        if self._schedule is not None:
            learning_rate = schedules.serialize(self._schedule)
        else:
            learning_rate = float(self._learning_rate.value)
        return {
            "name": self.name,
            "learning_rate": learning_rate,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Creates an optimizer from the dict `get_config` returned.

        Args:
            config: the dict of constructor arguments; a serialised schedule
                as `learning_rate` is turned back into a schedule.
            custom_objects: optional dict of your own schedule classes, by
                name.

        Returns:
            A new, unbuilt optimizer (its slots and `iterations` start over).
        """
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = schedules.deserialize(config["learning_rate"], custom_objects)
        return cls(**config)


def _check_ema_arguments(momentum, overwrite_frequency):
    if momentum > 1 or momentum < 0:
        raise ValueError(f"`ema_momentum` must be in the range [0, 1]. Received: ema_momentum={momentum}")
    if overwrite_frequency and (not isinstance(overwrite_frequency, int) or overwrite_frequency < 1):
        raise ValueError(
            "`ema_overwrite_frequency` must be an integer >= 1 or None. Received: "
            f"ema_overwrite_frequency={overwrite_frequency}"
        )


def _clip_by_norm(grad, clip_norm):
    # Keras's formula, g * c / max(|g|, c), evaluated in the gradient's dtype.
    norm = np.sqrt(np.sum(np.square(grad)))
    return grad * grad.dtype.type(clip_norm) / np.maximum(norm, grad.dtype.type(clip_norm))


def _clip_by_global_norm(grads, clip_norm):
    dtype = grads[0].dtype
    norm = np.sqrt(np.sum(np.stack([np.sum(np.square(g)) for g in grads])))
    scale = dtype.type(clip_norm) * np.minimum(dtype.type(1.0) / norm, dtype.type(1.0 / clip_norm))
    # asarray: Keras's `v * scale` makes TensorFlow's IndexedSlices (an embedding's
    # gradient) dense, so the update squares the summed rows (backend/indexed_slices.py).
    return [np.asarray(g) * scale for g in grads]


def _with_gradients(grads, variables):
    """The (gradient, variable) pairs whose gradient exists, with Keras's
    warning for the others and its error when none has one."""
    pairs = [(g, v) for g, v in zip(grads, variables) if g is not None]
    if not pairs:
        raise ValueError("No gradients provided for any variable.")
    missing = [getattr(v, "path", v.name) for g, v in zip(grads, variables) if g is None]
    if missing:
        warnings.warn(
            f"Gradients do not exist for variables {missing} when minimizing the loss. "
            "If using `model.compile()`, did you forget to provide a `loss` argument?",
            stacklevel=3,
        )
    return pairs
