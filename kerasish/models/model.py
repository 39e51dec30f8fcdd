"""`Model`: a Layer that can be trained (compile/fit/evaluate/predict)."""

from kerasish.layers.layer import Layer
from kerasish.metrics.metric import Metric
from kerasish.trainers.trainer import Trainer
from kerasish.utils import summary_utils


class Model(Trainer, Layer):
    """Base class for models. Subclass it and write `call` (and layers in
    `__init__`) to get compile/fit/evaluate/predict for a custom model.

    A model is a layer that can be trained: `compile()` chooses the
    optimizer, loss and metrics; `fit()`, `evaluate()` and `predict()` run
    the loops over NumPy data; `save()` writes a `.keras` archive that real
    Keras can load. There are three ways to make one, as in Keras:

    - `keras.Model(inputs, outputs)`: the functional API, a graph of layer
      calls on `keras.Input` tensors (this returns a functional model);
    - `keras.Sequential([...])`: a plain stack of layers;
    - a subclass of `keras.Model` whose `__init__` creates layers (tracked
      automatically when assigned as attributes) and whose `call(inputs,
      training=None)` uses them;
    - a subclass constructed with `inputs` and `outputs`, `MyModel(inputs,
      outputs)`: a functional model that keeps the subclass's methods (an
      overridden `train_step`, say), as Keras's guides write it.

    Metrics assigned as attributes (`self.loss_tracker =
    keras.metrics.Mean(name="loss")`) join `model.metrics`.

    Args:
        trainable: whether the model's weights are trained.
        name: the model's name; by default made from the class name.
        dtype: the dtype of the model's weights and computations.
        **kwargs: for the functional form, `inputs` and `outputs` (also
            accepted as the first two positional arguments): a KerasTensor,
            or a list or dict of them. Other base layer keyword arguments
            are passed on to `Layer`.

    Raises:
        ValueError: if a subclassed model gets positional arguments, or (for
            the functional form) if `inputs` do not come from `keras.Input`
            or the outputs cannot be computed from them.

    Examples:
        >>> inputs = keras.Input(shape=(3,))
        >>> outputs = keras.layers.Dense(1)(keras.layers.Dense(4, activation="relu")(inputs))
        >>> model = keras.Model(inputs, outputs)
        >>> model.compile(optimizer="adam", loss="mse")
        >>> history = model.fit(np.ones((4, 3)), np.zeros((4, 1)), epochs=1, verbose=0)
        >>> list(history.history)
        ['loss']

        A subclassed model:

        >>> class TwoLayers(keras.Model):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.hidden = keras.layers.Dense(4, activation="relu")
        ...         self.out = keras.layers.Dense(1)
        ...     def call(self, inputs):
        ...         return self.out(self.hidden(inputs))
        >>> model = TwoLayers()
        >>> model.predict(np.ones((2, 3)), verbose=0).shape
        (2, 1)
        >>> len(model.trainable_weights)
        4
    """

    def __new__(cls, *args, **kwargs):
        if cls is Model and (len(args) >= 2 or "inputs" in kwargs or "outputs" in kwargs):
            from kerasish.models.functional import Functional

            return super().__new__(Functional)  # Python then runs Functional.__init__
        return super().__new__(cls)

    def __init__(self, *args, trainable=True, name=None, dtype=None, **kwargs):
        from kerasish.models.functional import Functional

        if (args or "inputs" in kwargs or "outputs" in kwargs) and not isinstance(self, Functional):
            # `MyModel(inputs, outputs)`: the subclass becomes functional, as in Keras.
            _make_functional(type(self))
            Functional.__init__(self, *args, trainable=trainable, name=name, dtype=dtype,
                                **kwargs)
            return
        if args:
            raise ValueError(
                "A subclassed Model takes no positional arguments in `Model.__init__`. "
                f"Received: args={args}"
            )
        Layer.__init__(self, trainable=trainable, name=name, dtype=dtype, **kwargs)
        self._init_trainer()

    def __setattr__(self, name, value):
        # Metrics the model holds (not the trainer's own): Keras tracks them
        # into `model.metrics`.
        if isinstance(value, Metric) and name not in _TRAINER_METRIC_ATTRIBUTES:
            tracked = self.__dict__.setdefault("_tracked_metrics", [])
            if not any(metric is value for metric in tracked):
                tracked.append(value)
        super().__setattr__(name, value)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Creates a model from its config; a functional config (with `input_layers`)
        rebuilds a Functional model.

        A subclassed model's config is passed to its constructor, so a
        subclass with its own arguments returns them from `get_config()`.

        Args:
            config: a dict from `get_config()`.
            custom_objects: an optional dict mapping names to custom layer
                classes used in a functional config.

        Returns:
            A new model, with new weights.
        """
        if "input_layers" in config and "output_layers" in config:
            from kerasish.models.functional import Functional, functional_from_config

            target = Functional if cls is Model else cls
            return functional_from_config(target, config, custom_objects)
        return cls(**config)

    @property
    def layers(self):
        """The model's layers, in the order they were added or called.

        Returns:
            A new list of layers (without the InputLayer of a Sequential model).
        """
        return list(self._layers)

    def get_layer(self, name=None, index=None):
        """Returns one of the model's layers, found by name or by position.

        Args:
            name: the layer's name.
            index: the layer's position in `model.layers`; used when given,
                instead of `name`.

        Returns:
            The layer.

        Raises:
            ValueError: if `index` is out of range or no layer has `name`.
        """
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError(
                    f"Was asked to retrieve layer at index {index} but model only has "
                    f"{len(self.layers)} layers."
                )
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(
            f"No such layer: {name}. Existing layers are: {[layer.name for layer in self.layers]}."
        )

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None):
        """Prints a table of the model's layers, output shapes and parameter counts.

        The table has Keras 3's layout, followed by the total, trainable and
        non-trainable parameter counts and their sizes in bytes (and the
        optimizer's, once it has variables). Lines are cropped at the
        terminal's width, as Keras's console output is.

        Args:
            line_length: the table's width in characters (default: Keras's).
            positions: the right edges of the columns, as fractions of
                `line_length` or as absolute positions.
            print_fn: a function called once with the whole summary text
                instead of `print`, as Keras 3 does, e.g. to write to a log.
            expand_nested: whether to list the layers of nested models under
                them, indented.
            show_trainable: whether to add a "Trainable" column: Y, N, or -
                for a layer without weights.
            layer_range: None (all layers) or `[first, last]`: two layer
                names (or regular expressions matching the start of names);
                only the layers from `first` to `last`, both included, are
                listed. The totals still count the whole model.

        Raises:
            ValueError: if `layer_range` is not two strings or a string
                matches no layer, or the table is too narrow for a column.

        Examples:
            >>> model = keras.Sequential(
            ...     [keras.Input((3,)), keras.layers.Dense(2, name="out")], name="tiny")
            >>> model.summary(line_length=56, show_trainable=True)
            Model: "tiny"
            ┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━┓
            ┃                     ┃                 ┃  Param ┃     ┃
            ┃ Layer (type)        ┃ Output Shape    ┃      # ┃ Tr… ┃
            ┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━┩
            │ out (Dense)         │ (None, 2)       │      8 │  Y  │
            └─────────────────────┴─────────────────┴────────┴─────┘
             Total params: 8 (32.00 B)
             Trainable params: 8 (32.00 B)
             Non-trainable params: 0 (0.00 B)
        """
        summary_utils.print_summary(
            self, line_length, positions, print_fn, expand_nested=expand_nested,
            show_trainable=show_trainable, layer_range=layer_range,
        )

    def get_weights(self):
        """Returns copies of all the model's weights, in the order of `model.weights`.

        Returns:
            A list of NumPy arrays.
        """
        return super().get_weights()

    def set_weights(self, weights):
        """Sets all the model's weights from arrays, as `get_weights()` returns them.

        Args:
            weights: a list of array-likes, one per weight, with matching shapes.
        """
        super().set_weights(weights)

    # ------------------------------------------------------------ saving
    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        """Saves the model as a `.keras` archive (or a legacy `.h5` file).

        The file holds the architecture (as a config), the weights, the
        compile arguments and the optimizer's state, in Keras 3's format:
        real Keras loads it with `keras.saving.load_model`, and
        `keras.models.load_model` restores it here. The file is written
        atomically. See `keras.saving.save_model` for the details.

        Args:
            filepath: a path ending in `.keras` (recommended) or `.h5`/`.hdf5`
                (legacy Keras 2 format, with a warning), a string or
                `os.PathLike`.
            overwrite: whether to replace an existing file without asking;
                False asks on the console.
            zipped: None or True: `.keras` files are always zip archives.
            **kwargs: `include_optimizer` (legacy `.h5` only, default True);
                `save_format` is accepted only when it agrees with the file
                name.

        Returns:
            None.
        """
        from kerasish.saving import saving_api

        return saving_api.save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite=True, **kwargs):
        """Saves only the model's weights to a `.weights.h5` file, as Keras 3 does.

        Args:
            filepath: a path ending in `.weights.h5`.
            overwrite: whether to replace an existing file without asking.
            **kwargs: Keras's `max_shard_size` is refused (no sharding).

        Returns:
            None.
        """
        from kerasish.saving import saving_api

        return saving_api.save_weights(self, filepath, overwrite=overwrite, **kwargs)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        """Loads weights saved by `save_weights` or `save` (kerasish or Keras) into the model.

        The model must be built with the same architecture. Weights are
        matched by the layers' structure, as in Keras 3, not by name.

        Args:
            filepath: a `.weights.h5`, `.keras`, or legacy `.h5` file.
            skip_mismatch: whether to skip layers whose weight count or
                shapes differ (with a warning) instead of raising.
            **kwargs: `by_name=True` (legacy `.h5` files only) matches layers
                by name instead of by order.

        Returns:
            None.
        """
        from kerasish.saving import saving_api

        return saving_api.load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def to_json(self, **kwargs):
        """The model's architecture (and compile arguments) as a JSON string.

        The string has no weights; `keras.models.model_from_json` rebuilds
        the model from it with new weights.

        Args:
            **kwargs: passed on to `json.dumps`, e.g. `indent=2`.

        Returns:
            A JSON string in Keras's serialized format.
        """
        from kerasish.saving import model_config

        return model_config.to_json(self, **kwargs)

    def export(self, filepath, format="tf_saved_model", verbose=None, input_signature=None,
               **kwargs):
        """Writes the model as an artifact for serving; kerasish writes ONNX.

        The ONNX file runs in ONNX Runtime (servers, Triton, phones,
        browsers) with kerasish's numbers, and needs the `onnx` package
        (`pip install "kerasish[onnx]"`). Sequential and functional models
        export (nested models included), with a dynamic batch axis;
        `kerasish.export.exportable_layers()` lists the layers that convert.
        A model with a layer that cannot be exported fails before anything
        is written, naming the layer.

        Args:
            filepath: where to write the `.onnx` file.
            format: `"onnx"`, the one format kerasish writes. The default is
                Keras's, `"tf_saved_model"`, which (like `"openvino"`,
                `"litert"` and `"torch"`) needs its framework and is refused
                with an error that says to pass `format="onnx"`.
            verbose: whether to print where the file went (default True).
            input_signature: optional shapes (batch first, None for any
                size) or `keras.Input`s, one per model input, to use instead
                of the model's input shapes.
            **kwargs: `opset_version`, the ONNX opset to target (default 18).

        Raises:
            ValueError: for another format, a subclassed model, a layer that
                cannot be exported, or a bad `opset_version`.
            ImportError: when the `onnx` package is missing.
        """
        supported = ["onnx"]
        if format not in supported:
            raise ValueError(
                f"Unrecognized format={format}. Supported formats are: {supported} (kerasish "
                "writes ONNX; TensorFlow SavedModel, OpenVINO, LiteRT and torch exports need "
                "real Keras and their frameworks)."
            )
        unknown = sorted(set(kwargs) - {"opset_version"})
        if unknown:
            raise ValueError(f"Unrecognized keyword arguments for format='onnx': {unknown}")
        from kerasish.export.onnx import export_onnx

        export_onnx(self, filepath, verbose=verbose, input_signature=input_signature,
                    opset_version=kwargs.get("opset_version"))

    def get_compile_config(self):
        """Returns the arguments of `compile()` in serialized form, as saved in `.keras` files.

        Returns:
            A dict (the optimizer with its current hyperparameters, loss,
            metrics, ...), or `{}` when the model is not compiled.
        """
        from kerasish.saving import model_config

        return model_config.compile_config(self)

    def compile_from_config(self, config):
        """Compiles the model from `get_compile_config()`'s dict and builds the optimizer.

        Loading a model calls it, so that the saved optimizer state can then
        be restored into the optimizer's variables.

        Args:
            config: a compile config dict.
        """
        from kerasish.saving import model_config

        model_config.compile_from_config(self, config)


_TRAINER_METRIC_ATTRIBUTES = ("_loss_tracker", "_compile_metrics")


def _make_functional(cls):
    """Puts `Functional` in the place of `Model` among the bases of `cls` (and of
    its Model ancestors), so that `cls(inputs, outputs)` builds a functional
    model with the subclass's methods, as Keras does."""
    from kerasish.models.functional import Functional

    if cls is Model:
        return Functional
    if issubclass(cls, Functional):
        return cls
    cls.__bases__ = tuple(
        _make_functional(base) if isinstance(base, type) and issubclass(base, Model) else base
        for base in cls.__bases__
    )
    return cls
