"""Tests of ``sk_imbalance._cli._parser``: options, usage errors and bad input."""

import argparse
import warnings

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
skops_io = pytest.importorskip("skops.io")


from sk_imbalance._cli import _build_parser, main  # noqa: E402

from ._helpers import make_frame, write  # noqa: E402

# --------------------------------------------------------------------------------------
# Bad input: exit status 2 and one line on stderr naming the option or the file, no
# traceback, no warning, the files left alone (docs/design.md, section 6).  The
# cases come from two sources:
# - every option of every command, walked from the parser itself (so a new option
#   is covered as soon as it exists): each replaces one value of a valid call;
# - what the parser cannot declare: file contents, target values and options
#   that clash (SEMANTIC).
# "{name}" stands for a file of the folder built by the ``bad_input_folder`` fixture.

# Valid argv per command.
BASE = {
    "demo": ["--cv", "2", "--ts", "0.3", "0.7", "--plot", "{curve.png}", "-q"],
    "tune": [
        "{train.csv}",
        "--target",
        "outcome",
        "--cv",
        "2",
        "--ts",
        "0.3",
        "0.7",
        "-q",
    ],
    "evaluate": ["{model.skops}", "{labelled.csv}", "-q"],
    "predict": ["{model.skops}", "{new.csv}", "-q"],
}
# Where each command's positional arguments sit in BASE.
POSITIONALS = {
    "tune": ["data"],
    "evaluate": ["model", "data"],
    "predict": ["model", "data"],
}

# Bad values per kind of option.
_FLOAT = ["abc", "nan", "inf", "-0.1", "1.5"]
_INT = ["abc", "1.5"]
_OUT = ["{nodir/out}", "{input}", "{folder}"]
# The file "{input}" stands for: the command's data file (demo reads none).
_INPUT = {"tune": "train.csv", "evaluate": "labelled.csv", "predict": "new.csv"}
BAD_BY_DEST = {
    "cv": [*_INT, "0", "1", "-2", "100000"],
    "n_jobs": [*_INT, "0"],
    "random_state": [*_INT, "-1", "99999999999"],
    "ts": ["abc", "nan", "-0.1", "1.5", "0.5,x"],
    "target": ["nosuch"],
    "positive": ["nosuch"],
    "drop": ["nosuch", "outcome"],
    "threads": [*_INT, "0", "-1"],
    "na_values": [],  # any text may mark a missing value
    "min_precision": _FLOAT,
    "min_npv": _FLOAT,
    "max_alert_rate": _FLOAT,
    "prevalence": [*_FLOAT, "0", "1"],
    "costs": [
        "abc",
        "fp=5",
        "fp=5,fn=x",
        "fp=-1,fn=2",
        "fp=1,fn=inf",
        "fp=0,fn=0",
        "fp=1,fp=2,fn=3",
        "tp=1,fn=2",
    ],
    "cost_column": ["abc", "fn", "fn=", "xx=amount", "fn=a,fn=b", "fn=nosuch"],
}
# Positional arguments: the input files.
BAD_FILES = {
    "data": [
        "{missing.csv}",
        "{empty.csv}",
        "{binary.csv}",
        "{header.csv}",
        "{folder}",
    ],
    "model": ["{missing.skops}", "{train.csv}", "{empty.csv}"],
}


def _bad_values(action):
    if not action.option_strings:
        return BAD_FILES[action.dest]
    if action.dest in BAD_BY_DEST:
        return BAD_BY_DEST[action.dest]
    if action.choices is not None:
        return ["bogus"]
    if action.type is float:
        return _FLOAT
    if action.type is int:
        return _INT
    if (action.metavar or "").startswith("OUT") or action.dest in (
        "json",
        "out",
        "plot",
    ):
        return _OUT
    return ["{folder}"]


def _commands():
    parser = _build_parser()
    return next(
        a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
    ).choices


def _with_bad_value(command, action, value):
    """The base argv of ``command`` with ``action`` given the bad ``value``."""
    argv = list(BASE[command])
    if not action.option_strings:  # a positional: replace it in place
        argv[POSITIONALS[command].index(action.dest)] = value
        return argv
    option = action.option_strings[-1]
    if option in argv:  # drop the base value(s) of this option
        i = argv.index(option)
        j = i + 1
        while j < len(argv) and not argv[j].startswith("-"):
            j += 1
        del argv[i:j]
    return [*argv, option, value]


def _declared_cases():
    """``[(id, argv, names)]``: one bad value of one option in a valid call; the
    message must contain one of ``names``."""
    cases = []
    for command, sub in _commands().items():
        for action in sub._actions:
            if action.nargs == 0:  # --help, --quiet, --proba: no value to break
                continue
            for value in _bad_values(action):
                if value == "{input}":
                    if command not in _INPUT:
                        continue
                    value = "{" + _INPUT[command] + "}"
                names = (*action.option_strings, value, action.dest)
                names += (str(action.metavar),)
                argv = [command, *_with_bad_value(command, action, value)]
                cases.append((f"{command}-{action.dest}-{value}", argv, names))
    return cases


_TARGET = ["--target", "outcome"]
_FP = [*_TARGET, "--costs", "fp=1"]
# (argv, what the message says)
SEMANTIC = [
    (["tune", "{missing.csv}", *_TARGET], "no such file"),
    (["tune", "{empty.csv}", *_TARGET], "is empty"),
    (["tune", "{header.csv}", *_TARGET], "no rows"),
    (["tune", "{png.csv}", *_TARGET], "binary"),
    (["tune", "{ragged.csv}", *_TARGET], "not a readable CSV file"),
    (["tune", "{train.csv}", "--target", "Outcome"], "'outcome'"),
    (["tune", "{train.csv}", "--target", "x"], "'x' is not in"),
    (["tune", "{one_class.csv}", *_TARGET], "single class ('sick')"),
    (["tune", "{three.csv}", *_TARGET], "has 3 classes"),
    (
        ["tune", "{train.csv}", *_TARGET, "--positive", "ill"],
        "--positive 'ill' is not among the labels",
    ),
    (["tune", "{nan_target.csv}", *_TARGET], "2 missing value"),
    (["tune", "{continuous.csv}", *_TARGET], "non-integer numbers"),
    (["tune", "{rare.csv}", *_TARGET], "has 2 row(s)"),
    (["tune", "{train.csv}", *_TARGET, "--cv", "1"], "--cv"),
    (["tune", "{train.csv}", *_TARGET, "--ts", "1.5"], "--ts"),
    (["tune", "{train.csv}", *_TARGET, "--ts", "x"], "not a number"),
    (
        ["tune", "{train.csv}", *_TARGET, "--min-sensitivity", "2"],
        "--min-sensitivity must be in [0, 1]",
    ),
    (
        [
            "tune",
            "{train.csv}",
            *_TARGET,
            "--min-sensitivity",
            "0.9",
            "--min-specificity",
            "0.9",
        ],
        "not allowed with",
    ),
    (
        ["tune", "{train.csv}", *_TARGET, "--min-precision", "1.5"],
        "argument --min-precision: must be a number in [0, 1]; got '1.5'",
    ),
    (
        ["tune", "{train.csv}", *_TARGET, "--max-alert-rate", "-0.1"],
        "argument --max-alert-rate: must be a number in [0, 1]; got '-0.1'",
    ),
    (
        ["tune", "{train.csv}", *_TARGET, "--prevalence", "0"],
        "argument --prevalence: must be a number in (0, 1), e.g. 0.02; got '0'",
    ),
    (
        ["tune", "{train.csv}", *_TARGET, "--costs", "fp=5"],
        "--costs gives no false_negative cost: add fn=C to --costs, or "
        "--cost-column fn=COL",
    ),
    (
        ["tune", "{train.csv}", *_FP[:-1], "fp=1,fn=2", "--cost-column", "fn=age"],
        "the false_negative cost is given by both --costs (fn=2) and "
        "--cost-column (fn=age)",
    ),
    (
        ["tune", "{train.csv}", *_TARGET, "--prevalence", "0.02"],
        "--prevalence 0.02 changes nothing here",
    ),
    (
        ["tune", "{train.csv}", *_FP, "--prevalence", "0.02", "--cost-column", "fn=a"],
        "--prevalence 0.02 changes nothing here",
    ),
    (
        ["tune", "{train.csv}", *_FP, "--cost-column", "fn=smoker"],
        "--cost-column fn=smoker: column 'smoker' is not numeric",
    ),
    (
        ["tune", "{train.csv}", *_FP, "--cost-column", "fn=age"],
        "--cost-column fn=age: column 'age' needs a finite cost >= 0 in every "
        "row; 3 row(s) are not",
    ),
    (
        ["tune", "{train.csv}", *_FP, "--cost-column", "fn=outcome"],
        "--cost-column fn=outcome: 'outcome' is the target column",
    ),
    (
        ["tune", "{train.csv}", *_FP, "--cost-column", "fn=nosuch"],
        "--cost-column fn=nosuch column 'nosuch' is not in",
    ),
    (
        ["tune", "{train.csv}", *_TARGET, "--costs", "fp=-1,fn=2"],
        "argument --costs: false_positive must be a finite number >= 0; got '-1'",
    ),
    (
        ["tune", "{train.csv}", *_TARGET, "--costs", "fp=0,fn=0"],
        "both costs are 0",
    ),
    (["tune", "{train.csv}", *_TARGET, "--drop", "zz"], "'zz'"),
    (
        ["tune", "{train.csv}", *_TARGET, "--model", "{train.csv}"],
        "would overwrite the input file",
    ),
    (["tune", "{train.csv}", *_TARGET, "--plot", "{curve.txt}"], "--plot"),
    (
        ["tune", "{train.csv}", *_TARGET, "--model", "{nodir/m.skops}"],
        "does not exist",
    ),
    (
        ["tune", "{train.csv}", *_TARGET, "--model", "{x}", "--json", "{x}"],
        "name the same file",
    ),
    (["tune", "{train.csv}", *_TARGET, "--estimator", "tree"], "tree"),
    (["tune", "{train.csv}"], "--target"),
    ([], "required"),
]

CASES = _declared_cases() + [
    (f"semantic-{i}", argv, (match,)) for i, (argv, match) in enumerate(SEMANTIC)
]


@pytest.fixture(scope="module")
def bad_input_folder(tmp_path_factory):
    """The files the cases name, and a model tuned on ``train.csv``."""
    folder = tmp_path_factory.mktemp("bad_input")
    good = make_frame()
    frames = {
        "train.csv": good,
        "labelled.csv": make_frame(n=40, seed=1),
        "new.csv": make_frame(n=40, seed=1).drop(columns="outcome"),
        "one_class.csv": good.assign(outcome="sick"),
        "three.csv": make_frame(classes=("a", "b", "c"), weights=(0.5, 0.3, 0.2)),
        "nan_target.csv": good.assign(
            outcome=good["outcome"].where(~good.index.isin([4, 9]), "")
        ),
        "continuous.csv": good.assign(outcome=np.linspace(0, 1, len(good))),
        "rare.csv": good.assign(
            outcome=np.where(good.index.isin([0, 1]), "sick", "healthy")
        ),
    }
    for name, frame in frames.items():
        write(folder / name, frame)
    (folder / "empty.csv").write_bytes(b"")
    (folder / "header.csv").write_bytes(b"a,b,outcome\n")
    (folder / "binary.csv").write_bytes(b"\x00\x01\x02PK\x03\x04")
    (folder / "png.csv").write_bytes(b"\x89PNG\0\0\x01")
    (folder / "ragged.csv").write_bytes(b"a,outcome\n1,2\n3,4,5,6\n")
    argv = ["tune", str(folder / "train.csv"), *_TARGET, "-q"]
    argv += ["--cv", "2", "--ts", "0.3", "0.7", "--model", str(folder / "model.skops")]
    assert main(argv) == 0
    return folder


def _argv(tokens, folder):
    def path(token):
        if token.startswith("{") and token.endswith("}"):
            name = token[1:-1]
            return str(folder if name == "folder" else folder / name)
        return token

    return [path(t) for t in tokens]


def test_walk_covers_every_command():
    """Check that every command of the parser has a base call and bad-input cases."""
    assert set(_commands()) == set(BASE)
    assert {argv[0] for _, argv, _ in _declared_cases()} == set(BASE)


@pytest.mark.parametrize("command", list(BASE))
def test_base_call_is_valid(command, bad_input_folder, capsys, monkeypatch):
    """Check that each command's base call succeeds (status 0): each bad-input
    case differs from it in one value."""
    monkeypatch.chdir(bad_input_folder)
    argv = [command, *_argv(BASE[command], bad_input_folder)]
    assert main(argv) == 0, capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, names", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_is_one_line_and_exit_2(
    argv, names, bad_input_folder, capsys, monkeypatch
):
    """Check that bad input exits 2 with one line on stderr that names the option
    or the file (or says what is wrong), no traceback, no warning, and leaves the
    files alone."""
    monkeypatch.chdir(bad_input_folder)
    before = {p.name: p.stat().st_mtime_ns for p in bad_input_folder.iterdir()}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        status = main(_argv(argv, bad_input_folder))
    err = capsys.readouterr().err
    assert status == 2, (status, err)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("sk-imbalance: error: "), err
    assert any(name in lines[0] for name in _argv(names, bad_input_folder)), lines[0]
    assert not caught, [str(w.message) for w in caught]
    after = {p.name: p.stat().st_mtime_ns for p in bad_input_folder.iterdir()}
    assert after == before


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
