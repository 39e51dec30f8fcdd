"""Whether the suite runs under CI, where nothing it needs may be skipped.

CI services set `CI` to different true values (`true`, `1`, `yes`), so any
value but an empty or false-looking one counts."""

import os

FALSE_VALUES = ("", "0", "false", "no", "off")


def env_flag(name):
    """True when the environment variable `name` is set to a true-looking value."""
    return os.environ.get(name, "").strip().lower() not in FALSE_VALUES


IN_CI = env_flag("CI")
