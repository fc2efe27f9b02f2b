"""Tests of ``sk_imbalance._cli._parser``: options, usage errors and bad input."""

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
skops_io = pytest.importorskip("skops.io")


from sk_imbalance._cli import main  # noqa: E402

from ._helpers import make_frame, run, write  # noqa: E402


def _bad_input_cases():
    good = make_frame()
    one_class = good.assign(outcome="sick")
    three = make_frame(classes=("a", "b", "c"), weights=(0.5, 0.3, 0.2))
    nan_target = good.copy()
    nan_target.loc[[4, 9], "outcome"] = ""
    continuous = good.assign(outcome=np.linspace(0, 1, len(good)))
    rare = good.copy()
    rare["outcome"] = "healthy"
    rare.loc[[0, 1], "outcome"] = "sick"
    target = ["--target", "outcome"]
    return [
        # (files {name: frame | bytes | None}, args, match)
        ({}, ["tune", "{missing.csv}", *target], "no such file"),
        ({"e.csv": b""}, ["tune", "{e.csv}", *target], "is empty"),
        ({"h.csv": b"a,b,outcome\n"}, ["tune", "{h.csv}", *target], "no rows"),
        ({"b.csv": b"\x89PNG\0\0\x01"}, ["tune", "{b.csv}", *target], "binary"),
        (
            {"r.csv": b"a,outcome\n1,2\n3,4,5,6\n"},
            ["tune", "{r.csv}", *target],
            "not a readable CSV file",
        ),
        ({"d.csv": good}, ["tune", "{d.csv}", "--target", "Outcome"], "'outcome'"),
        ({"d.csv": good}, ["tune", "{d.csv}", "--target", "x"], "'x' is not in"),
        ({"d.csv": one_class}, ["tune", "{d.csv}", *target], "single class ('sick')"),
        ({"d.csv": three}, ["tune", "{d.csv}", *target], "has 3 classes"),
        (
            {"d.csv": good},
            ["tune", "{d.csv}", *target, "--positive", "ill"],
            "--positive 'ill' is not among the labels",
        ),
        ({"d.csv": nan_target}, ["tune", "{d.csv}", *target], "2 missing value"),
        ({"d.csv": continuous}, ["tune", "{d.csv}", *target], "non-integer numbers"),
        ({"d.csv": rare}, ["tune", "{d.csv}", *target], "has 2 row(s)"),
        ({"d.csv": good}, ["tune", "{d.csv}", *target, "--cv", "1"], "--cv"),
        ({"d.csv": good}, ["tune", "{d.csv}", *target, "--ts", "1.5"], "--ts"),
        ({"d.csv": good}, ["tune", "{d.csv}", *target, "--ts", "x"], "not a number"),
        (
            {"d.csv": good},
            ["tune", "{d.csv}", *target, "--min-sensitivity", "2"],
            "--min-sensitivity must be in [0, 1]",
        ),
        (
            {"d.csv": good},
            [
                "tune",
                "{d.csv}",
                *target,
                "--min-sensitivity",
                "0.9",
                "--min-specificity",
                "0.9",
            ],
            "not allowed with",
        ),  # fmt: skip
        ({"d.csv": good}, ["tune", "{d.csv}", *target, "--drop", "zz"], "'zz'"),
        (
            {"d.csv": good},
            ["tune", "{d.csv}", *target, "--model", "{d.csv}"],
            "would overwrite the input file",
        ),
        (
            {"d.csv": good},
            ["tune", "{d.csv}", *target, "--plot", "{curve.txt}"],
            "--plot",
        ),
        (
            {"d.csv": good},
            ["tune", "{d.csv}", *target, "--model", "{nodir/m.skops}"],
            "does not exist",
        ),
        (
            {"d.csv": good},
            ["tune", "{d.csv}", *target, "--model", "{x}", "--json", "{x}"],
            "name the same file",
        ),
        ({"d.csv": good}, ["tune", "{d.csv}", *target, "--estimator", "tree"], "tree"),
        ({"d.csv": good}, ["tune", "{d.csv}"], "--target"),
        ({}, [], "required"),
    ]


@pytest.mark.parametrize("files, argv, match", _bad_input_cases())
def test_bad_input_is_one_line_and_exit_2(files, argv, match, tmp_path, capsys):
    """Check that bad input prints one clear line on stderr and exits 2."""
    for name, content in files.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            write(path, content)
    argv = [
        str(tmp_path / a[1:-1]) if a.startswith("{") and a.endswith("}") else a
        for a in argv
    ]
    status, out, err = run(capsys, *argv)
    assert status == 2
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("sk-imbalance: error: ")
    assert match in lines[0]
    assert "Traceback" not in err


def test_help_and_version_exit_0(capsys):
    """Check that --help and --version succeed."""
    assert main(["--version"]) == 0
    assert main(["tune", "--help"]) == 0
    assert "--min-sensitivity" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["demo", "tune", "evaluate", "predict"])
def test_help_text_shows_percent_signs_once(capsys, command):
    """Check that descriptions print '%' as written, not argparse's '%%' escape."""
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert "%%" not in out
