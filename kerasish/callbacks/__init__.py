"""`kerasish.callbacks`: hooks into training.

A callback's module is imported when it is first used (see
`kerasish/utils/lazy_namespace.py`)."""

from kerasish.utils import lazy_namespace as _lazy_namespace

# callback name -> the module that defines it. To add a callback, add ONE line.
_CALLBACKS = {
    "BackupAndRestore": ".backup_and_restore",
    "CSVLogger": ".csv_logger",
    "Callback": ".callback",
    "CallbackList": ".callback_list",
    "EarlyStopping": ".early_stopping",
    "History": ".history",
    "LambdaCallback": ".lambda_callback",
    "LearningRateScheduler": ".learning_rate_scheduler",
    "ModelCheckpoint": ".model_checkpoint",
    "ProgbarLogger": ".progbar_logger",
    "ReduceLROnPlateau": ".reduce_lr_on_plateau",
    "SwapEMAWeights": ".swap_ema_weights",
    "TensorBoard": ".tensorboard",
    "TerminateOnNaN": ".terminate_on_nan",
}
_lazy_namespace.attach(globals(), _CALLBACKS)
