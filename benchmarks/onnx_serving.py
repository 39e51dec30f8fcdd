"""Serving the Keras MNIST convnet: kerasish's `predict` and `model(x)`
beside ONNX Runtime running the model that `model.export(format="onnx")`
wrote, and the export itself (time and file size).

    python benchmarks/onnx_serving.py                  # about a minute
    python benchmarks/onnx_serving.py --repeats 3      # quicker, noisier
    python benchmarks/onnx_serving.py --threads 1      # one thread everywhere
    python benchmarks/onnx_serving.py --tf-keras       # real Keras's predict too

Each latency is the time of one call at batch 1 or 128 (calls are repeated
until `--budget` seconds have passed, then divided), measured `--repeats`
times with the contenders interleaved round-robin, so a slow spell of the
shared machine hits all of them; the table gives min and median, wall-clock
and CPU (the process's CPU time over all its threads, so it can exceed the
wall time when a library runs several threads). Real Keras (TensorFlow
backend), with `--tf-keras`, runs in its own process, so that importing
TensorFlow changes nothing in the others' measurements.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mnist_cnn_epoch_time import build  # noqa: E402  (the convnet of Keras's example)

BATCHES = (1, 128)


def pin_threads(threads):
    """Must run before NumPy, ONNX Runtime or TensorFlow is imported."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                 "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
        os.environ[name] = str(threads)


def time_call(function, budget):
    """(wall, cpu) seconds of one call of `function`: called until `budget`
    seconds have passed (at least 3 times), the totals divided."""
    calls, wall_start, cpu_start = 0, time.perf_counter(), time.process_time()
    while calls < 3 or time.perf_counter() - wall_start < budget:
        function()
        calls += 1
    return ((time.perf_counter() - wall_start) / calls,
            (time.process_time() - cpu_start) / calls)


def images(batch):
    import numpy as np

    return np.random.default_rng(batch).random((batch, 28, 28, 1), dtype=np.float32)


def contenders(model, session):
    """name -> function(x) for each way of getting predictions."""
    name = session.get_inputs()[0].name
    return {
        "ONNX Runtime": lambda x: session.run(None, {name: x}),
        "kerasish predict": lambda x: model.predict(x, verbose=0, batch_size=len(x)),
        "kerasish model(x)": lambda x: model(x),
    }


def measure_export(model, folder, repeats):
    """Export times (wall, cpu), the first (which imports `onnx`) then one
    per repeat, and the file's size in bytes."""
    path = os.path.join(folder, "convnet.onnx")
    times = []
    for _ in range(repeats + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        model.export(path, format="onnx", verbose=False)
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return times, os.path.getsize(path), path


def check_agreement(model, session):
    import numpy as np

    x = images(7)
    served = session.run(None, {session.get_inputs()[0].name: x})[0]
    return float(np.max(np.abs(served - model.predict(x, verbose=0))))


def run_kerasish(args):
    sys.path.insert(0, ROOT)  # measure this checkout, not another installed copy
    import onnxruntime

    import kerasish

    model = build(kerasish, dropout=True)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        export_times, size, path = measure_export(model, folder, args.repeats)
        options = onnxruntime.SessionOptions()
        if args.threads:
            options.intra_op_num_threads = options.inter_op_num_threads = args.threads
        session = onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        functions = contenders(model, session)
        for batch in BATCHES:
            x = images(batch)
            for function in functions.values():  # warm-up: first-call costs aside
                function(x)
            for repeat in range(args.repeats):
                names = list(functions)
                names = names[repeat % len(names):] + names[:repeat % len(names)]
                for name in names:
                    results.setdefault((name, batch), []).append(
                        time_call(lambda: functions[name](x), args.budget))
        difference = check_agreement(model, session)
    return {"export": export_times, "size": size, "difference": difference,
            "latency": {f"{name}|{batch}": values for (name, batch), values in results.items()}}


def run_tf_keras(args):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    model = build(keras, dropout=True)
    functions = {"Keras 3 (TF) predict": lambda x: model.predict(x, verbose=0,
                                                                 batch_size=len(x)),
                 "Keras 3 (TF) model(x)": lambda x: model(x)}
    results = {}
    for batch in BATCHES:
        x = images(batch)
        for function in functions.values():
            function(x)
        for _ in range(args.repeats):
            for name, function in functions.items():
                results.setdefault(f"{name}|{batch}", []).append(
                    time_call(lambda: function(x), args.budget))
    return {"latency": results, "export": keras_export(model)}


def keras_export(model):
    """Real Keras's own ONNX export (through tf2onnx), timed once: (wall,
    cpu, size), or None without tf2onnx."""
    try:
        import tf2onnx  # noqa: F401
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "convnet.onnx")
        wall, cpu = time.perf_counter(), time.process_time()
        model.export(path, format="onnx", verbose=False)
        return time.perf_counter() - wall, time.process_time() - cpu, os.path.getsize(path)


def in_subprocess(worker, args):
    command = [sys.executable, os.path.abspath(__file__), "--worker", worker,
               "--repeats", str(args.repeats), "--budget", str(args.budget)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def milliseconds(values, index):
    """'min / median' of the (wall, cpu) pairs' `index` entry, in ms."""
    picked = [v[index] * 1000 for v in values]
    return f"{min(picked):.3g} / {statistics.median(picked):.3g}"


def report(ours, theirs, args):
    first, *warm = ours["export"]
    lines = [
        f"Export of the MNIST convnet (`model.export(path, format=\"onnx\")`): the first "
        f"{first[0] * 1000:.3g} ms wall (it imports `onnx`), then {milliseconds(warm, 0)} ms wall, "
        f"{milliseconds(warm, 1)} ms CPU (min / median of {args.repeats}); file "
        f"{ours['size'] / 1024:.0f} KiB; ONNX Runtime vs `predict` max abs difference "
        f"{ours['difference']:.1e}.",
        "",
        "| ms per call, min / median | batch 1 wall | batch 1 CPU | batch 128 wall "
        "| batch 128 CPU |",
        "|---|---|---|---|---|",
    ]
    if theirs and theirs["export"]:
        wall, cpu, size = theirs["export"]
        lines[0] += (f" Real Keras's export of the same model (through tf2onnx, once, after "
                     f"importing it): {wall * 1000:.4g} ms wall, {cpu * 1000:.4g} ms CPU, "
                     f"{size / 1024:.0f} KiB.")
    latency = dict(ours["latency"], **(theirs or {}).get("latency", {}))
    for name in dict.fromkeys(key.split("|")[0] for key in latency):
        cells = [milliseconds(latency[f"{name}|{batch}"], index)
                 for batch in BATCHES for index in (0, 1)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--budget", type=float, default=0.3,
                        help="seconds of repeated calls behind each measurement")
    parser.add_argument("--threads", type=int, default=0,
                        help="pin NumPy, ONNX Runtime and TensorFlow to this many threads")
    parser.add_argument("--tf-keras", action="store_true",
                        help="also time real Keras 3's predict (needs tensorflow)")
    parser.add_argument("--worker", choices=["kerasish", "tf-keras"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.threads:
        pin_threads(args.threads)
    if args.worker:
        run = run_kerasish if args.worker == "kerasish" else run_tf_keras
        print(json.dumps(run(args)))
        return
    ours = in_subprocess("kerasish", args)
    theirs = in_subprocess("tf-keras", args) if args.tf_keras else None
    print(report(ours, theirs, args))


if __name__ == "__main__":
    main()
