import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEAVY = ["h5py", "tensorflow", "keras", "torch", "jax", "scipy", "pandas"]


def loaded_after(statement):
    code = (
        f"import json, sys; {statement}; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=ROOT, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("statement", [
    "import kerasish",
    "import kerasish as keras; keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])",
])
def test_import_loads_no_heavy_module(statement):
    assert loaded_after(statement) == []

