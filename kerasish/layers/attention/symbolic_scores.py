"""Functional calls of attention layers that also return their scores."""


class SymbolicScoresMixin:
    """Lets `compute_output_shape` know that a functional call asked for
    `return_attention_scores=True`, so it can give the scores' shape too.

    Keras works out a call's outputs with `compute_output_spec`, which sees
    the call's arguments; kerasish's functional calls go through
    `compute_output_shape`, which sees shapes only.
    """

    def _symbolic_call(self, *args, **kwargs):
        self._symbolic_scores = bool(kwargs.get("return_attention_scores"))
        try:
            return super()._symbolic_call(*args, **kwargs)
        finally:
            self._symbolic_scores = False

    def _returns_scores_symbolically(self):
        return getattr(self, "_symbolic_scores", False)
