"""`kerasish.optimizers.schedules`: learning rates that change with the step."""

from kerasish.optimizers.schedules.learning_rate_schedule import (  # noqa: F401
    CosineDecay,
    CosineDecayRestarts,
    ExponentialDecay,
    InverseTimeDecay,
    LearningRateSchedule,
    PiecewiseConstantDecay,
    PolynomialDecay,
    deserialize,
    serialize,
)
