"""Several optimizers for one model: `OptimizerMap` says which optimizer
updates which variable (by the variable's path), `MultiOptimizer` hands
each variable's gradient to its optimizer."""

import re
from collections.abc import MutableMapping

from kerasish.optimizers.optimizer import Optimizer


def _serialize(obj):
    from kerasish.saving.serialization_lib import serialize_keras_object

    return serialize_keras_object(obj)


def _deserialize(config, custom_objects):
    from kerasish.saving.serialization_lib import deserialize_keras_object

    return deserialize_keras_object(config, custom_objects=custom_objects)


class OptimizerMap(MutableMapping):
    """Maps variable paths (exact or as regular expressions) to optimizers.

    Looking up a path returns the optimizer stored under exactly that key;
    otherwise the one whose key, read as a regular expression, matches the
    whole path (`re.fullmatch`); otherwise `default_optimizer`. So
    `"encoder/.*"` covers every variable below the `encoder` layer, while
    `"encoder"` only matches that exact path. Called with a variable, it
    looks up `variable.path`, which is how `MultiOptimizer` uses it; as in
    Keras, the paths of a model's variables start with the model's name
    (`sequential/encoder/kernel`), hence patterns such as `".*encoder/.*"`.

    Args:
        default_optimizer: the `Optimizer` for variables no key matches.
        optimizer_map: optional dict of path or pattern to `Optimizer`.

    Returns:
        A mutable mapping of keys to optimizers.

    Raises:
        TypeError: when `default_optimizer` is not an `Optimizer` or
            `optimizer_map` is not a dict.
        ValueError: (on lookup) when a path matches several patterns; (on
            assignment) for a key already present, a key that is not a
            string or a value that is not a plain `Optimizer`.

    Examples:
        >>> mapping = keras.optimizers.OptimizerMap(
        ...     keras.optimizers.SGD(), {"encoder/.*": keras.optimizers.Adam()})
        >>> type(mapping["encoder/dense/kernel"]).__name__
        'Adam'
        >>> type(mapping["decoder/kernel"]).__name__
        'SGD'
    """

    def __init__(self, default_optimizer, optimizer_map=None):
        if not isinstance(default_optimizer, Optimizer):
            raise TypeError(
                "default_optimizer must be a Keras Optimizer instance. "
                f"Received: {default_optimizer}"
            )
        if optimizer_map is not None and not isinstance(optimizer_map, dict):
            raise TypeError(f"optimizer_map must be a dictionary. Received: {optimizer_map}")
        self._default_optimizer = default_optimizer
        self._optimizer_map = optimizer_map or {}

    @property
    def default_optimizer(self):
        """The optimizer of the variables that no key matches.

        Returns:
            An `Optimizer`.
        """
        return self._default_optimizer

    def __getitem__(self, key):
        if key in self._optimizer_map:
            return self._optimizer_map[key]
        matches = [pattern for pattern in self._optimizer_map if re.fullmatch(pattern, key)]
        if len(matches) > 1:
            raise ValueError(f"Multiple optimizers assigned to variable {key}.")
        if matches:
            return self._optimizer_map[matches[0]]
        return self._default_optimizer

    def __setitem__(self, key, optimizer):
        if key in self._optimizer_map:
            raise ValueError(
                f"'{key}' already exists in the OptimizerMap with value "
                f"{self._optimizer_map[key]}. Please make sure to not use duplicated keys."
            )
        if not isinstance(key, str):
            raise ValueError(f"key must be a string. Received: {key}")
        if not isinstance(optimizer, Optimizer):
            raise ValueError(f"optimizer must be a Keras Optimizer instance. Received: {optimizer}")
        if isinstance(optimizer, MultiOptimizer):
            raise ValueError("optimizer cannot be MultiOptimizer.")
        self._optimizer_map[key] = optimizer

    def __delitem__(self, key):
        del self._optimizer_map[key]

    def __len__(self):
        return len(self._optimizer_map)

    def __iter__(self):
        return iter(self._optimizer_map)

    def __call__(self, variable):
        return self[variable.path]

    def get_config(self):
        """The default optimizer and the map, serialized as Keras saves them.

        Returns:
            A dict with `default_optimizer` and `optimizer_map`.
        """
        return {
            "default_optimizer": _serialize(self._default_optimizer),
            "optimizer_map": _serialize(self._optimizer_map),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Recreates the map (with new optimizers) from `get_config`'s dict.

        Args:
            config: the dict `get_config` returned.
            custom_objects: optional dict of your own optimizer classes.

        Returns:
            A new `OptimizerMap`.
        """
        return cls(
            _deserialize(config["default_optimizer"], custom_objects),
            _deserialize(config["optimizer_map"], custom_objects),
        )


class MultiOptimizer(Optimizer):
    """Updates each variable with its own optimizer.

    `optimizer_map` (an `OptimizerMap`, or any callable taking a variable
    and returning an `Optimizer`) chooses the optimizer of each variable
    when the MultiOptimizer is built. Each step, every sub-optimizer
    applies the gradients of its own variables, exactly as it would alone,
    and `iterations` counts the MultiOptimizer's steps. As in Keras, it has
    no learning rate of its own: reading or setting `learning_rate` raises;
    use the sub-optimizers (`optimizers`).

    Args:
        optimizer_map: an `OptimizerMap` or a callable `variable ->
            Optimizer`.
        loss_scale_factor: passed on to the sub-optimizers; kerasish
            supports only None.
        name: the optimizer's name. Defaults to "multi_optimizer".

    Returns:
        An optimizer to pass to `compile`.

    Raises:
        ValueError: (when built) if the map gives something other than a
            plain `Optimizer` for a variable.

    Examples:
        >>> model = keras.Sequential([keras.Input((3,)),
        ...                           keras.layers.Dense(2, name="encoder"),
        ...                           keras.layers.Dense(1, name="head")])
        >>> optimizer = keras.optimizers.MultiOptimizer(keras.optimizers.OptimizerMap(
        ...     keras.optimizers.SGD(0.1), {".*encoder/.*": keras.optimizers.Adam(0.01)}))
        >>> model.compile(optimizer=optimizer, loss="mse")
        >>> _ = model.fit(np.ones((4, 3)), np.ones((4, 1)), verbose=0)
        >>> [type(o).__name__ for o in optimizer.optimizers]
        ['Adam', 'SGD']
        >>> int(optimizer.iterations.numpy()), int(optimizer.optimizers[0].iterations.numpy())
        (1, 1)
    """

    def __init__(self, optimizer_map, loss_scale_factor=None, name=None):
        super().__init__(learning_rate=0.0, loss_scale_factor=loss_scale_factor, name=name)
        self._optimizer_map = optimizer_map
        self._inner_optimizers = []
        # The mapped optimizers first, in the map's order, then the default one.
        candidates = list(optimizer_map.values()) if hasattr(optimizer_map, "values") else []
        default = getattr(optimizer_map, "default_optimizer", None)
        for optimizer in candidates + ([default] if default is not None else []):
            self._add_inner(optimizer)

    def _add_inner(self, optimizer):
        if not any(optimizer is known for known in self._inner_optimizers):
            optimizer.loss_scale_factor = self.loss_scale_factor
            self._inner_optimizers.append(optimizer)
        return next(i for i, known in enumerate(self._inner_optimizers) if known is optimizer)

    def build(self, var_list):
        """Assigns each variable to its optimizer and builds the sub-optimizers.

        Args:
            var_list: the trainable variables to update.

        Raises:
            ValueError: when the map gives something other than a plain
                `Optimizer` for a variable.
        """
        if self.built:
            return
        self._optimizer_index = {}
        for variable in var_list:
            optimizer = self._optimizer_map(variable)
            if not isinstance(optimizer, Optimizer):
                raise ValueError(f"Optimizer for variable {variable} is not an Optimizer instance.")
            if isinstance(optimizer, MultiOptimizer):
                raise ValueError("MultiOptimizer cannot be used inside an MultiOptimizer.")
            self._optimizer_index[id(variable)] = self._add_inner(optimizer)
        for optimizer, variables in zip(self._inner_optimizers, self._split(var_list)):
            if variables:
                optimizer.build(variables)
        super().build(var_list)

    def _split(self, items, variables=None):
        """`items` grouped by the optimizer of the matching variable."""
        variables = items if variables is None else variables
        groups = [[] for _ in self._inner_optimizers]
        for item, variable in zip(items, variables):
            groups[self._optimizer_index[id(variable)]].append(item)
        return groups

    @property
    def optimizers(self):
        """The sub-optimizers, in the order their variables are saved.

        Returns:
            A list of `Optimizer`.
        """
        return self._inner_optimizers

    @property
    def variables(self):
        """`iterations` and the unused learning rate, then every sub-optimizer's variables.

        Returns:
            A list of `Variable`, in Keras's order.
        """
        own = [self._iterations, self._learning_rate]
        return own + [v for optimizer in self._inner_optimizers for v in optimizer.variables]

    @property
    def learning_rate(self):
        """Not available: each sub-optimizer has its own learning rate.

        Returns:
            Never returns.

        Raises:
            AttributeError: always, as in Keras.
        """
        raise AttributeError(
            "Learning rate cannot be accessed on a MultiOptimizer. "
            "Access the learning rate on the individual sub-optimizers instead."
        )

    @learning_rate.setter
    def learning_rate(self, value):
        raise AttributeError(
            "Learning rate cannot be set on a MultiOptimizer. "
            "Set the learning rate on the individual sub-optimizers instead."
        )

    def apply(self, grads, trainable_variables=None):
        """Hands each variable's gradient to its optimizer, then counts one step.

        Args:
            grads: a list of gradients, one per variable.
            trainable_variables: the variables, in the order of `grads`.
                Defaults to those the optimizer was built with.

        Returns:
            The `iterations` variable, after the step.

        Raises:
            ValueError: when `trainable_variables` is omitted before the
                optimizer is built, or the gradients do not match the
                variables one to one.
        """
        if len(grads) == 0:
            return self._iterations
        if trainable_variables is None:
            trainable_variables = self._built_variables(len(grads))
        trainable_variables = list(trainable_variables)
        if not self.built:
            self.build(trainable_variables)
        if len(grads) != len(self._optimizer_index):
            raise ValueError(
                "Gradients must match trainable variables one-to-one. "
                f"Received {len(grads)} gradients and {len(self._optimizer_index)} variables."
            )
        grad_groups = self._split(list(grads), trainable_variables)
        for optimizer, sub_grads, sub_vars in zip(
                self._inner_optimizers, grad_groups, self._split(trainable_variables)):
            if sub_grads:
                optimizer.apply(sub_grads, sub_vars)
        self._iterations.value = self._iterations.value + 1
        return self._iterations

    def finalize_variable_values(self, var_list):
        """Lets each sub-optimizer finalize its own variables (e.g. its EMA).

        Args:
            var_list: the model's trainable variables.
        """
        if not self.built:
            return
        for optimizer, variables in zip(self._inner_optimizers, self._split(list(var_list))):
            if variables:
                optimizer.finalize_variable_values(variables)

    def set_weights(self, weights):
        """Sets `variables` from a list of arrays in the order `variables` lists them.

        Args:
            weights: a list of arrays, one per variable.

        Raises:
            ValueError: when the optimizer is not built yet.
        """
        if not self.built:
            raise ValueError(
                "You are calling `set_weights()` on an optimizer that has not yet been built. "
                "Please call `optimizer.build(trainable_variables)` to create the optimizer "
                "weights before calling `set_weights()`."
            )
        for variable, value in zip(self.variables, weights):
            variable.assign(value)

    def get_config(self):
        """The map, the loss scale factor and the name, as Keras saves them.

        Returns:
            A dict with `optimizer_map` (serialized), `loss_scale_factor`
            and `name`.
        """
        return {
            "optimizer_map": _serialize(self._optimizer_map),
            "loss_scale_factor": self.loss_scale_factor,
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Builds a new MultiOptimizer, with new sub-optimizers, from a config.

        Args:
            config: a dict as `get_config` writes it.
            custom_objects: your optimizer classes by name, if the map uses any.

        Returns:
            An unbuilt `MultiOptimizer`.
        """
        config = dict(config)
        config["optimizer_map"] = _deserialize(config["optimizer_map"], custom_objects)
        return cls(**config)
