"""kerasish.utils.Progbar used directly, as Keras users do."""

import re

from kerasish.utils import Progbar

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def last_frame(out):
    return ANSI.sub("", out).replace("\b", "").split("\r")[-1]


def test_stateless_values_are_averaged_over_steps(capsys):
    bar = Progbar(4, interval=0)
    bar.update(1, [("loss", 1.0)])
    bar.update(3, [("loss", 3.0)])  # covers 2 steps: (1 + 2 * 3) / 3
    assert "loss: 2.3333" in last_frame(capsys.readouterr().out)


def test_stateful_values_are_shown_as_given(capsys):
    bar = Progbar(4, interval=0, stateful_metrics=["acc"])
    bar.update(1, [("acc", 0.5)])
    bar.update(2, [("acc", 0.25)])
    assert "acc: 0.2500" in last_frame(capsys.readouterr().out)


def test_small_values_use_scientific_notation(capsys):
    Progbar(2, verbose=2).update(2, [("loss", 0.0001234)])
    assert capsys.readouterr().out.endswith(" - loss: 1.2340e-04\n")


def test_unknown_target(capsys):
    bar = Progbar(None, interval=0)
    bar.update(5)
    assert re.match(r"^      5/Unknown \d+s \d+(us|ms|s)/step", last_frame(capsys.readouterr().out))


def test_add_and_finalize_line(capsys):
    bar = Progbar(3, interval=0)
    bar.add(1)
    bar.add(2, [("loss", 0.5)])
    out = capsys.readouterr().out
    assert out.endswith("\n")
    assert re.match(r"^3/3 ━{20} \d+s \d+(us|ms|s)/step - loss: 0\.5000 *\n$", last_frame(out))


def test_eta_while_running(capsys):
    bar = Progbar(100, interval=0)
    bar.update(10)
    out = capsys.readouterr().out
    assert "\x1b[32m━━\x1b[0m\x1b[37m" + "━" * 18 in out  # 10% of 20 cells done
    assert re.match(r"^ 10/100 ━{20} \d+s \d+(us|ms|s)/step$", last_frame(out))
