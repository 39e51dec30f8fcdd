"""The optimizer base class: it owns `apply_gradients`, `iterations`, the
learning rate (a value or a schedule), gradient clipping and weight decay.
A subclass writes only `build` (its slot variables) and `update_step`."""

import re
import warnings

import numpy as np

from kerasish.backend import config
from kerasish.backend.tensor import Variable
from kerasish.utils import naming


class Optimizer:
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
        if use_ema or gradient_accumulation_steps or loss_scale_factor:
            raise ValueError(
                "kerasish optimizers do not support `use_ema`, `loss_scale_factor` or "
                "`gradient_accumulation_steps` yet."
            )
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
        from kerasish.optimizers.schedules.learning_rate_schedule import LearningRateSchedule

        if isinstance(self._schedule, LearningRateSchedule):
            value = self._schedule(self._iterations.value)
        else:
            value = self._schedule()
        return np.asarray(getattr(value, "value", value), dtype=config.floatx())

    @property
    def iterations(self):
        return self._iterations

    @property
    def variables(self):
        own = [self._iterations]
        if self._learning_rate is not None:
            own.append(self._learning_rate)
        return own + self._variables

    # ------------------------------------------------------------------- slots
    def build(self, variables):
        for index, variable in enumerate(variables):
            self._slot_index[id(variable)] = index
        self.built = True

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none", name=None):
        """Creates an optimizer variable (a slot) and tracks it in `variables`."""
        from kerasish import initializers

        variable = Variable(
            initializers.get(initializer), shape=tuple(shape), dtype=dtype, trainable=False,
            name=name,
        )
        variable.path = f"{self.name}/{variable.name}"
        self._variables.append(variable)
        return variable

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """A slot shaped like `reference_variable`, named after its path as in Keras:
        `dense/kernel` + `momentum` -> `dense_kernel_momentum`."""
        name = f"{reference_variable.path.replace('/', '_')}_{name or 'var'}"
        return self.add_variable(
            reference_variable.shape, initializer, reference_variable.value.dtype, name=name
        )

    def add_optimizer_variables(self, variables, name, initializer="zeros"):
        """One slot per variable for each name. With a list of names the slots
        are created variable by variable (kernel_m, kernel_v, bias_m, bias_v),
        the order Keras saves them in; returns one list per name."""
        names = [name] if isinstance(name, str) else list(name)
        slots = tuple([] for _ in names)
        for variable in variables:
            for index, slot_name in enumerate(names):
                slots[index].append(
                    self.add_variable_from_reference(variable, slot_name, initializer)
                )
        return slots[0] if isinstance(name, str) else slots

    def _get_variable_index(self, variable):
        return self._slot_index[id(variable)]

    # ------------------------------------------------------------------ update
    def apply_gradients(self, grads_and_vars):
        grads, variables = zip(*grads_and_vars) if grads_and_vars else ((), ())
        return self.apply(list(grads), list(variables))

    def apply(self, grads, trainable_variables=None):
        pairs = [(g, v) for g, v in zip(grads, trainable_variables) if g is not None]
        if not pairs:
            return self._iterations
        grads = [np.asarray(getattr(g, "value", g)) for g, _ in pairs]
        variables = [v for _, v in pairs]
        if not self.built:
            self.build(variables)
        # Keras's order: clip, decay the weights, update, then constrain.
        grads = self._clip_gradients(grads)
        self._apply_weight_decay(variables)
        self._update_all(grads, variables, self._get_current_learning_rate())
        for variable in variables:
            if getattr(variable, "constraint", None) is not None:
                variable.assign(variable.constraint(variable.value))
        self._iterations.value = self._iterations.value + 1
        return self._iterations

    def _update_all(self, grads, variables, learning_rate):
        """Runs `update_step` on each variable; Nadam adds a per-step update first."""
        for grad, variable in zip(grads, variables):
            if grad.dtype != variable.value.dtype:
                grad = grad.astype(variable.value.dtype)
            self.update_step(grad, variable, learning_rate)

    def update_step(self, gradient, variable, learning_rate):
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
        """Keeps the given variables (or those whose name contains one of
        `var_names`) out of weight decay; call before the optimizer is built."""
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
        if self._schedule is not None:
            from kerasish.optimizers import schedules

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
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            from kerasish.optimizers import schedules

            config["learning_rate"] = schedules.deserialize(config["learning_rate"], custom_objects)
        return cls(**config)


def _clip_by_norm(grad, clip_norm):
    # Keras's formula, g * c / max(|g|, c), evaluated in the gradient's dtype.
    norm = np.sqrt(np.sum(np.square(grad)))
    return grad * grad.dtype.type(clip_norm) / np.maximum(norm, grad.dtype.type(clip_norm))


def _clip_by_global_norm(grads, clip_norm):
    dtype = grads[0].dtype
    norm = np.sqrt(np.sum(np.stack([np.sum(np.square(g)) for g in grads])))
    scale = dtype.type(clip_norm) * np.minimum(dtype.type(1.0) / norm, dtype.type(1.0 / clip_norm))
    return [g * scale for g in grads]
