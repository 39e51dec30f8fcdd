"""`Model`: a Layer that can be trained (compile/fit/evaluate/predict)."""

from kerasish.layers.layer import Layer
from kerasish.trainers.trainer import Trainer
from kerasish.utils import summary_utils


class Model(Trainer, Layer):
    """Base class for models. Subclass it and write `call` (and layers in
    `__init__`) to get compile/fit/evaluate/predict for a custom model."""

    def __new__(cls, *args, **kwargs):
        if cls is Model and (len(args) >= 2 or "inputs" in kwargs or "outputs" in kwargs):
            from kerasish.models.functional import Functional

            return super().__new__(Functional)  # Python then runs Functional.__init__
        return super().__new__(cls)

    def __init__(self, *args, trainable=True, name=None, dtype=None, **kwargs):
        if args:
            raise ValueError(
                "A subclassed Model takes no positional arguments in `Model.__init__`. "
                f"Received: args={args}"
            )
        Layer.__init__(self, trainable=trainable, name=name, dtype=dtype, **kwargs)
        self._init_trainer()

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """A functional config (with `input_layers`) rebuilds a Functional model."""
        if "input_layers" in config and "output_layers" in config:
            from kerasish.models.functional import Functional, functional_from_config

            target = Functional if cls is Model else cls
            return functional_from_config(target, config, custom_objects)
        return cls(**config)

    @property
    def layers(self):
        return list(self._layers)

    def get_layer(self, name=None, index=None):
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
        summary_utils.print_summary(self, line_length, positions, print_fn)

    def get_weights(self):
        return super().get_weights()

    def set_weights(self, weights):
        super().set_weights(weights)

    # ------------------------------------------------------------ saving
    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        """Saves the model as a `.keras` archive (or a legacy `.h5` file)."""
        from kerasish.saving import saving_api

        return saving_api.save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite=True, **kwargs):
        from kerasish.saving import saving_api

        return saving_api.save_weights(self, filepath, overwrite=overwrite, **kwargs)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        from kerasish.saving import saving_api

        return saving_api.load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def to_json(self, **kwargs):
        """The model's architecture (and compile arguments) as a JSON string."""
        from kerasish.saving import model_config

        return model_config.to_json(self, **kwargs)

    def get_compile_config(self):
        from kerasish.saving import model_config

        return model_config.compile_config(self)

    def compile_from_config(self, config):
        from kerasish.saving import model_config

        model_config.compile_from_config(self, config)
