"""How long a fresh process takes to `import kerasish`, and to serve: import,
`keras.saving.load_model` of a saved MNIST convnet (.keras) and the first
`predict` on one image. Each run is a new subprocess; wall and CPU time are
printed as min / median [max].

    python benchmarks/cold_start.py                 # 7 runs of each
    python benchmarks/cold_start.py --repeat 15
    python benchmarks/cold_start.py --with-bytecode # .pyc cached, as after pip install
    python benchmarks/cold_start.py --repo DIR      # another checkout, to compare

Without `--with-bytecode` the environment decides: with
PYTHONDONTWRITEBYTECODE=1 every run compiles each kerasish module it imports
from source, so the import time grows with the source it loads. CPU time is
the steadier number on a busy machine. A measuring tool, not a test: nothing
asserts a time.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

IMPORT = """
import time
wall, cpu = time.perf_counter(), time.process_time()
import kerasish
print(time.perf_counter() - wall, time.process_time() - cpu)
"""

SERVE = """
import time
wall, cpu = time.perf_counter(), time.process_time()
import numpy as np
import kerasish as keras
model = keras.saving.load_model({path!r})
model.predict(np.zeros((1, 28, 28, 1), "float32"), verbose=0)
print(time.perf_counter() - wall, time.process_time() - cpu)
"""

SAVE = """
import kerasish as keras
model = keras.Sequential([
    keras.Input((28, 28, 1)),
    keras.layers.Conv2D(32, 3, activation="relu"), keras.layers.MaxPooling2D(2),
    keras.layers.Conv2D(64, 3, activation="relu"), keras.layers.MaxPooling2D(2),
    keras.layers.Flatten(), keras.layers.Dropout(0.5), keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.save({path!r})
"""


def run(code, env, repo):
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=repo,
                            capture_output=True, text=True, check=True)
    wall, cpu = result.stdout.split()[-2:]
    return float(wall), float(cpu)


def summary(values):
    values = sorted(values)
    return f"{values[0]:.3f} / {statistics.median(values):.3f} [{values[-1]:.3f}]"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--repo", default=REPO, help="the checkout to measure")
    parser.add_argument("--with-bytecode", action="store_true",
                        help="cache .pyc files (in a temporary folder) and use them")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=args.repo)
    with tempfile.TemporaryDirectory() as tmp:
        if args.with_bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = os.path.join(tmp, "pycache")
        path = os.path.join(tmp, "mnist_convnet.keras")
        subprocess.run([sys.executable, "-c", SAVE.format(path=path)], env=env, cwd=args.repo,
                       check=True, capture_output=True)
        for label, code in (("import kerasish", IMPORT), ("cold start", SERVE.format(path=path))):
            times = [run(code, env, args.repo) for _ in range(args.repeat)]
            print(f"{label:16} wall {summary(t[0] for t in times)} s   "
                  f"cpu {summary(t[1] for t in times)} s   (min / median [max], {args.repeat} runs)")


if __name__ == "__main__":
    main()
