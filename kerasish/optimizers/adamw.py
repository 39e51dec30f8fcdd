from kerasish.optimizers.adam import Adam


class AdamW(Adam):
    """Adam with decoupled weight decay (AdamW).

    Before each Adam update (see `Adam` for the rule), every weight not
    excluded with `exclude_from_weight_decay` shrinks by
    `w * weight_decay * learning_rate`, independently of the gradient, as
    in Keras and Loshchilov & Hutter (2019).

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable
            returning the rate. Defaults to 0.001.
        weight_decay: the decay factor, a float. Defaults to 0.004.
        beta_1: decay rate of the first-moment estimate. Defaults to 0.9.
        beta_2: decay rate of the second-moment estimate. Defaults to 0.999.
        epsilon: small constant for numerical stability. Defaults to 1e-7.
        amsgrad: whether to use the AMSGrad variant. Defaults to False.
        name: name of the optimizer. Defaults to a unique name from the class.
        **kwargs: the base `Optimizer` arguments: `clipnorm`,
            `clipvalue`, `global_clipnorm`, ...

    Raises:
        ValueError: when `weight_decay` is None, or for a bad base argument
            (see `Optimizer`).

    Examples:
        >>> weights = keras.Variable([1.0, 2.0])
        >>> optimizer = keras.optimizers.AdamW(learning_rate=0.1, weight_decay=0.5)
        >>> _ = optimizer.apply_gradients([(np.array([0.5, -1.0]), weights)])
        >>> weights.numpy()
        array([0.85, 2.  ], dtype=float32)
    """

    def __init__(
        self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
        amsgrad=False, name=None, **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon,
            amsgrad=amsgrad, name=name, weight_decay=weight_decay, **kwargs,
        )
        if self.weight_decay is None:
            raise ValueError(
                "Argument `weight_decay` must be a float. Received: weight_decay=None"
            )
