"""`DTypePolicy`: the dtypes a layer computes in and stores its weights in.

kerasish computes on the CPU in the layer's own dtype, so a policy is a
named pair of equal dtypes; the mixed-precision names are understood (as
Keras parses them) but layers refuse them."""

from kerasish.backend import config
from kerasish.utils.dtype_utils import standardize_dtype

_MIXED = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}


class DTypePolicy:
    """A named dtype policy: the compute dtype and the variable dtype of a layer.

    A float dtype name (`"float32"`, `"float64"`, ...) gives a policy whose
    compute and variable dtypes are both that dtype. `"mixed_float16"` and
    `"mixed_bfloat16"` are parsed as in Keras (float16/bfloat16 compute,
    float32 variables), but kerasish layers refuse them: NumPy on the CPU
    has no fast half-precision arithmetic. Layers accept a policy as their
    `dtype` argument.

    Args:
        name: the policy's name; defaults to `keras.config.floatx()`.

    Returns:
        A policy object with `name`, `compute_dtype`, `variable_dtype` and
        `quantization_mode` (always None).

    Raises:
        TypeError: when `name` is not a string.
        ValueError: when `name` is not a dtype or mixed-precision name.

    Examples:
        >>> policy = keras.DTypePolicy("float64")
        >>> policy, policy.compute_dtype, policy.variable_dtype
        (<DTypePolicy "float64">, 'float64', 'float64')
        >>> keras.layers.Dense(2, dtype=policy).dtype
        'float64'
        >>> keras.DTypePolicy("mixed_float16").compute_dtype
        'float16'
    """

    def __init__(self, name=None):
        if name is None:
            name = config.floatx()
        self._name = name
        self._compute_dtype, self._variable_dtype = _parse_name(name)
        self._quantization_mode = None

    @property
    def name(self):
        """The policy's name, e.g. `"float32"` or `"mixed_float16"`.

        Returns:
            A string.
        """
        return self._name

    @property
    def compute_dtype(self):
        """The dtype of the layer's computations and outputs.

        Returns:
            A dtype name.
        """
        return self._compute_dtype

    @property
    def variable_dtype(self):
        """The dtype of the layer's weights.

        Returns:
            A dtype name.
        """
        return self._variable_dtype

    @property
    def quantization_mode(self):
        """The quantization mode: always None (kerasish does not quantize).

        Returns:
            None.
        """
        return self._quantization_mode

    def get_config(self):
        """The policy's name, as Keras saves it.

        Returns:
            A dict `{"name": name}`.
        """
        return {"name": self._name}

    @classmethod
    def from_config(cls, config):
        """Recreates a policy from `get_config`'s dict.

        Args:
            config: a dict with `name`.

        Returns:
            A new policy.
        """
        return cls(**config)

    def __repr__(self):
        # Keras prints FloatDTypePolicy, its deprecated alias, as DTypePolicy.
        return f'<DTypePolicy "{self._name}">'

    def __eq__(self, other):
        plain = (DTypePolicy, FloatDTypePolicy)
        if type(self) in plain:
            if type(other) not in plain:
                return False
        elif type(other) is not type(self):
            return False
        return self._name == other._name

    def __hash__(self):
        return hash(self._name)


class FloatDTypePolicy(DTypePolicy):
    """Another name for `DTypePolicy`, kept by Keras for older programs.

    Args:
        name: the policy's name, as for `DTypePolicy`.

    Returns:
        A policy equal to `DTypePolicy(name)`.

    Examples:
        >>> keras.FloatDTypePolicy("float32") == keras.DTypePolicy("float32")
        True
    """


def _parse_name(name):
    if not isinstance(name, str):
        raise TypeError(
            "'name' must be a string, such as 'mixed_float16'. "
            f"Received: name={name} (of type {type(name)})"
        )
    if name in _MIXED:
        return _MIXED[name], "float32"
    try:
        dtype = standardize_dtype(name)
    except ValueError:
        raise ValueError(
            f"Cannot convert '{name}' to a mixed precision DTypePolicy. Valid policies include "
            "'mixed_float16', 'mixed_bfloat16', and the name of any float dtype such as "
            "'float32'."
        ) from None
    return dtype, dtype
