"""Unique automatic names: `dense`, `dense_1`, ... as Keras gives them."""

import re
from collections import defaultdict

_UIDS = defaultdict(int)


def to_snake_case(name):
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub(r"([a-z])([A-Z])", r"\1_\2", name)
    return name.lower()


def get_uid(prefix):
    """Counts the calls with this prefix: 1 for the first, 2 for the second..."""
    _UIDS[prefix] += 1
    return _UIDS[prefix]


def uniquify(name):
    uid = get_uid(name)
    return name if uid == 1 else f"{name}_{uid - 1}"


def auto_name(prefix):
    return uniquify(to_snake_case(prefix))


def reset_uids():
    _UIDS.clear()
