"""Tests of the ``sk-imbalance`` command line, through ``main`` and the entry point."""

import io
import json
import os
import subprocess
import sys

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
skops_io = pytest.importorskip("skops.io")

from sklearn.metrics import confusion_matrix, recall_score  # noqa: E402

from sk_imbalance import _cli  # noqa: E402
from sk_imbalance._cli import TRUSTED_TYPES, main  # noqa: E402

FAST = ["--cv", "3", "--ts", "0.2", "0.5", "0.8"]


def make_frame(n=90, seed=0, classes=("healthy", "sick"), weights=(0.8, 0.2)):
    """A small table: numeric, categorical and missing values, a string target."""
    rng = np.random.default_rng(seed)
    y = rng.choice(classes, size=n, p=weights)
    sick = y != classes[0]
    frame = pd.DataFrame(
        {
            "age": np.round(rng.normal(50, 10, n) + 8 * sick, 1),
            "marker": np.round(rng.normal(0, 1, n) + 1.5 * sick, 3),
            "smoker": np.where(rng.random(n) < 0.3 + 0.4 * sick, "yes", "no"),
            "outcome": y,
        }
    ).astype(object)
    frame.loc[[1, 7, 20], "age"] = "NA"
    frame.loc[[3, 11], "smoker"] = ""
    return frame


def write(path, frame):
    frame.to_csv(path, index=False)
    return str(path)


def run(capsys, *argv):
    """``main(argv)`` with its exit status, stdout and stderr."""
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A model tuned on a small table, with the table and new rows."""
    folder = tmp_path_factory.mktemp("trained")
    train = write(folder / "train.csv", make_frame())
    new = make_frame(n=40, seed=1)
    labelled = write(folder / "labelled.csv", new)
    unlabelled = write(folder / "new.csv", new.drop(columns="outcome"))
    model = str(folder / "model.skops")
    status = main(["tune", train, "--target", "outcome", "--model", model, "-q", *FAST])
    assert status == 0
    return {
        "train": train,
        "labelled": labelled,
        "unlabelled": unlabelled,
        "model": model,
        "folder": folder,
    }


def test_tune_prints_an_aligned_table_and_the_chosen_t(tmp_path, capsys):
    """Check that tune prints one aligned row per t and marks the chosen one."""
    data = write(tmp_path / "d.csv", make_frame())
    status, out, err = run(
        capsys, "tune", data, "--target", "outcome", "--min-sensitivity", "0.6", *FAST
    )
    assert status == 0
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:1] == ["t"])
    rows = lines[header + 1 : header + 4]
    assert [row.split()[0] for row in rows] == ["0.2", "0.5", "0.8"]
    widths = {len(row.replace("  <- chosen", "")) for row in rows}
    assert len(widths) == 1
    assert sum("<- chosen" in row for row in rows) == 1
    assert "chosen t = " in out
    assert "Traceback" not in err


def test_tune_json_choice_follows_the_requirement(tmp_path, capsys):
    """Check that the chosen t has the best specificity among those meeting it."""
    data = write(tmp_path / "d.csv", make_frame())
    status, out, _ = run(
        capsys,
        "tune", data, "--target", "outcome", "--min-sensitivity", "0.7",
        "--json", "-", *FAST,
    )  # fmt: skip
    assert status == 0
    summary = json.loads(out)
    table = summary["table"]
    feasible = [row for row in table if row["sensitivity_mean"] >= 0.7]
    expected = max(feasible, key=lambda row: row["specificity_mean"])["t"]
    assert summary["chosen_t"] == expected
    assert summary["requirement_met"] is True
    assert summary["positive_label"] == "sick"
    assert summary["classes"] == ["healthy", "sick"]
    assert summary["features"] == {
        "age": "numeric",
        "marker": "numeric",
        "smoker": "categorical",
    }


def test_tune_without_requirement_maximises_balanced_accuracy(tmp_path, capsys):
    """Check that the default objective picks the best mean balanced accuracy."""
    data = write(tmp_path / "d.csv", make_frame())
    status, out, _ = run(
        capsys, "tune", data, "--target", "outcome", "--json", "-", *FAST
    )
    assert status == 0
    summary = json.loads(out)
    best = max(row["balanced_accuracy_mean"] for row in summary["table"])
    chosen = next(r for r in summary["table"] if r["t"] == summary["chosen_t"])
    assert chosen["balanced_accuracy_mean"] == pytest.approx(best)


def test_tune_unreachable_requirement_warns_and_takes_the_closest(tmp_path, capsys):
    """Check that an unmet requirement exits 0 with a warning and the closest t."""
    data = write(tmp_path / "d.csv", make_frame())
    status, out, err = run(
        capsys,
        "tune", data, "--target", "outcome", "--min-sensitivity", "1",
        "--ts", "0.05", "0.1", "--cv", "3", "--json", "-",
    )  # fmt: skip
    assert status == 0
    summary = json.loads(out)
    assert summary["requirement_met"] is False
    closest = max(summary["table"], key=lambda row: row["sensitivity_mean"])
    assert summary["chosen_t"] == closest["t"]
    assert "warning: no t reaches sensitivity >= 1" in err


def test_round_trip_tune_evaluate_predict(trained, capsys):
    """Check that evaluate's rates match scikit-learn on predict's output."""
    status, out, _ = run(
        capsys, "predict", trained["model"], trained["unlabelled"], "--proba"
    )
    assert status == 0
    predicted = pd.read_csv(io.StringIO(out))
    truth = pd.read_csv(trained["labelled"])["outcome"]
    y_pred = predicted["predicted_outcome"]
    np.testing.assert_allclose(
        predicted[["proba_healthy", "proba_sick"]].sum(axis=1), 1, atol=1e-5
    )

    status, out, _ = run(
        capsys, "evaluate", trained["model"], trained["labelled"], "--json", "-"
    )
    assert status == 0
    report = json.loads(out)
    assert report["sensitivity"] == pytest.approx(
        recall_score(truth, y_pred, pos_label="sick")
    )
    assert report["specificity"] == pytest.approx(
        recall_score(truth, y_pred, pos_label="healthy")
    )
    expected = confusion_matrix(truth, y_pred, labels=["healthy", "sick"])
    assert report["confusion_matrix"]["rows_true_columns_predicted"] == (
        expected.tolist()
    )
    accuracy = expected.diagonal() / expected.sum(axis=1)
    assert report["per_class_accuracy"] == pytest.approx(
        {"healthy": accuracy[0], "sick": accuracy[1]}
    )
    assert report["balanced_accuracy"] == pytest.approx(accuracy.mean())


def test_evaluate_prints_rates_and_confusion_matrix(trained, capsys):
    """Check that evaluate's terminal report names every rate and the matrix."""
    status, out, _ = run(capsys, "evaluate", trained["model"], trained["labelled"])
    assert status == 0
    for text in ("sensitivity", "specificity", "balanced accuracy", "per-class"):
        assert text in out
    assert "confusion matrix" in out


def test_predict_keeps_rows_verbatim_and_appends_columns(trained, capsys, tmp_path):
    """Check that predict writes the input rows unchanged plus a prediction."""
    out_path = tmp_path / "preds.csv"
    status, _, err = run(
        capsys, "predict", trained["model"], trained["unlabelled"], "--out", out_path
    )
    assert status == 0
    original = open(trained["unlabelled"]).read().splitlines()
    written = out_path.read_text().splitlines()
    assert len(written) == len(original)
    for before, after in zip(original, written):
        assert after.startswith(before + ",")
    assert written[0].endswith(",predicted_outcome")
    assert "rows with predictions written" in err


def test_model_file_records_metadata(trained):
    """Check that the model file holds the versions, columns and positive label."""
    import sklearn

    import sk_imbalance

    untrusted = skops_io.get_untrusted_types(file=trained["model"])
    bundle = skops_io.load(trained["model"], trusted=untrusted)
    assert bundle["sk_imbalance_version"] == sk_imbalance.__version__
    assert bundle["sklearn_version"] == sklearn.__version__
    assert list(bundle["features"]) == ["age", "marker", "smoker"]
    assert bundle["positive_label"] == "sick"
    assert bundle["target"] == "outcome"
    assert bundle["classes"] == ["healthy", "sick"]


@pytest.mark.parametrize("estimator", _cli.ESTIMATORS)
def test_every_estimator_saves_only_trusted_types(estimator, tmp_path, capsys):
    """Check that each estimator's model file needs no type beyond TRUSTED_TYPES."""
    data = write(tmp_path / "d.csv", make_frame())
    model = tmp_path / "m.skops"
    status, _, _ = run(
        capsys, "tune", data, "--target", "outcome", "--estimator", estimator,
        "--model", model, "--cv", "2", "--ts", "0.5",
    )  # fmt: skip
    assert status == 0
    assert set(skops_io.get_untrusted_types(file=str(model))) <= TRUSTED_TYPES
    status, out, _ = run(capsys, "predict", model, data)
    assert status == 0


class Untrusted:
    """A type that no allow-list names."""


def test_load_refuses_untrusted_types(trained, tmp_path, capsys):
    """Check that a model file holding an unknown type is refused, exit 2."""
    path = tmp_path / "evil.skops"
    skops_io.dump({"format": _cli.MODEL_FORMAT, "model": Untrusted()}, str(path))
    status, _, err = run(capsys, "predict", path, trained["unlabelled"])
    assert status == 2
    assert "refusing to load" in err and "Untrusted" in err


@pytest.mark.parametrize(
    "content, match",
    [
        ({"model": 1}, "not a model file written by sk-imbalance"),
        (None, "not a model file written by sk-imbalance"),
    ],
)
def test_load_refuses_files_that_are_not_models(content, match, trained, tmp_path,
                                                capsys):  # fmt: skip
    """Check that a skops file of other content, or a CSV, is refused, exit 2."""
    path = tmp_path / "other.skops"
    if content is None:
        path.write_text("a,b\n1,2\n")
    else:
        skops_io.dump(content, str(path))
    status, _, err = run(capsys, "evaluate", path, trained["labelled"])
    assert status == 2
    assert match in err


def test_string_target_multiclass_one_vs_rest(tmp_path, capsys):
    """Check that --positive on three classes tunes one-vs-rest, then evaluates."""
    frame = make_frame(n=120, classes=("a", "b", "c"), weights=(0.6, 0.25, 0.15))
    data = write(tmp_path / "d.csv", frame)
    model = tmp_path / "m.skops"
    status, out, _ = run(
        capsys, "tune", data, "--target", "outcome", "--positive", "c",
        "--model", model, "--json", "-", *FAST,
    )  # fmt: skip
    assert status == 0
    assert json.loads(out)["positive_label"] == "c"
    status, out, _ = run(capsys, "evaluate", model, data, "--json", "-")
    matrix = np.array(
        json.loads(out)["confusion_matrix"]["rows_true_columns_predicted"]
    )
    assert matrix.shape == (3, 3)
    assert matrix.sum() == len(frame)


def test_integer_target_keeps_integer_labels(tmp_path, capsys):
    """Check that a 0/1 target gives integer labels in JSON and predictions."""
    frame = make_frame()
    frame["outcome"] = (frame["outcome"] == "sick").astype(int)
    data = write(tmp_path / "d.csv", frame)
    model = tmp_path / "m.skops"
    status, out, _ = run(
        capsys, "tune", data, "--target", "outcome", "--positive", "1",
        "--model", model, "--json", "-", *FAST,
    )  # fmt: skip
    assert status == 0
    summary = json.loads(out)
    assert summary["classes"] == [0, 1] and summary["positive_label"] == 1
    status, out, _ = run(capsys, "predict", model, data)
    assert set(pd.read_csv(io.StringIO(out))["predicted_outcome"]) <= {0, 1}


def test_semicolon_separated_file_is_read(tmp_path, capsys):
    """Check that a semicolon-separated export is read like a CSV."""
    path = tmp_path / "d.csv"
    make_frame().to_csv(path, index=False, sep=";")
    status, out, _ = run(
        capsys, "tune", path, "--target", "outcome", "--json", "-", *FAST
    )
    assert status == 0
    assert len(json.loads(out)["features"]) == 3


def test_new_data_lacking_columns_is_refused(trained, tmp_path, capsys):
    """Check that evaluate and predict name the columns the new data lack."""
    frame = pd.read_csv(trained["labelled"]).drop(columns=["marker", "smoker"])
    data = write(tmp_path / "d.csv", frame)
    for command in ("evaluate", "predict"):
        status, _, err = run(capsys, command, trained["model"], data)
        assert status == 2
        assert "lacks 2 column(s) the model needs: 'marker', 'smoker'" in err


def test_new_data_with_text_in_a_numeric_column_is_refused(trained, tmp_path, capsys):
    """Check that text in a column the model saw as numeric is a clear error."""
    frame = pd.read_csv(trained["unlabelled"], dtype=str, keep_default_na=False)
    frame.loc[4, "marker"] = "high"
    data = write(tmp_path / "d.csv", frame)
    status, _, err = run(capsys, "predict", trained["model"], data)
    assert status == 2
    assert "column 'marker'" in err and "'high'" in err and "line 6" in err


def test_evaluate_refuses_unseen_labels(trained, tmp_path, capsys):
    """Check that labels the model never saw are a clear error."""
    frame = pd.read_csv(trained["labelled"])
    frame.loc[0, "outcome"] = "unknown"
    data = write(tmp_path / "d.csv", frame)
    status, _, err = run(capsys, "evaluate", trained["model"], data)
    assert status == 2
    assert "never saw: 'unknown'" in err


def test_predict_proba_refused_without_probabilities(tmp_path, capsys):
    """Check that --proba on an SVM model (no predict_proba) is a clear error."""
    data = write(tmp_path / "d.csv", make_frame())
    model = tmp_path / "m.skops"
    run(capsys, "tune", data, "--target", "outcome", "--estimator", "svm",
        "--model", model, "--cv", "2", "--ts", "0.5")  # fmt: skip
    status, _, err = run(capsys, "predict", model, data, "--proba")
    assert status == 2
    assert "no probabilities" in err


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


@pytest.mark.parametrize("command", ["evaluate", "predict"])
def test_bad_input_of_evaluate_and_predict(command, trained, tmp_path, capsys):
    """Check missing model, missing data and overwriting the input, exit 2."""
    cases = [
        ([str(tmp_path / "none.skops"), trained["labelled"]], "no such file"),
        ([trained["model"], str(tmp_path / "none.csv")], "no such file"),
    ]
    if command == "predict":
        cases.append(
            (
                [trained["model"], trained["unlabelled"], "--out", trained["model"]],
                "would overwrite the input file",
            )
        )
    for argv, match in cases:
        status, _, err = run(capsys, command, *argv)
        assert status == 2
        assert len(err.splitlines()) == 1 and match in err


def test_evaluate_refuses_missing_values_in_the_target(trained, tmp_path, capsys):
    """Check that NaN in the target of new data is a clear error."""
    frame = pd.read_csv(trained["labelled"])
    frame.loc[2, "outcome"] = np.nan
    data = write(tmp_path / "d.csv", frame)
    status, _, err = run(capsys, "evaluate", trained["model"], data)
    assert status == 2
    assert "1 missing value(s) (line 4" in err


def test_missing_dependency_names_the_cli_extra(trained, capsys, monkeypatch):
    """Check that a missing optional dependency says how to install it, exit 1."""
    monkeypatch.setitem(sys.modules, "skops.io", None)
    status, _, err = run(capsys, "predict", trained["model"], trained["unlabelled"])
    assert status == 1
    assert "pip install 'sk-imbalance[cli]'" in err


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    """Check that a write failing at the rename leaves the old file, no temp file."""
    target = tmp_path / "out.json"
    target.write_text("old")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(_cli.CLIError, match="No space left"):
        _cli._atomic_write(str(target), b"new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.json"]


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("quiet", [False, True])
def test_progress_shows_on_a_terminal_unless_quiet(quiet, tmp_path, monkeypatch):
    """Check that a terminal stderr shows fits done / total, and --quiet hides it."""
    data = write(tmp_path / "d.csv", make_frame())
    stderr = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    argv = ["tune", data, "--target", "outcome", *FAST] + (["-q"] if quiet else [])
    assert main(argv) == 0
    shown = stderr.getvalue()
    assert ("9/9 fits" in shown) is not quiet


def test_progress_is_off_when_stderr_is_not_a_terminal(tmp_path):
    """Check through the entry point that piped stderr gets no progress display."""
    data = write(tmp_path / "d.csv", make_frame())
    result = subprocess.run(
        [sys.executable, "-m", "sk_imbalance", "tune", data, "--target", "outcome",
         "--json", "-", *FAST],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "fits" not in result.stderr and "\r" not in result.stderr
    assert json.loads(result.stdout)["chosen_t"] in (0.2, 0.5, 0.8)


@pytest.mark.slow  # starts worker processes
def test_parallel_search_gives_the_same_choice(tmp_path, capsys):
    """Check that --n-jobs 2 gives the same table as the sequential search."""
    data = write(tmp_path / "d.csv", make_frame())
    base = ["tune", data, "--target", "outcome", "--json", "-", *FAST]
    _, sequential, _ = run(capsys, *base)
    status, parallel, _ = run(capsys, *base, "--n-jobs", "2")
    assert status == 0
    drop = ("seconds",)
    one, two = json.loads(sequential), json.loads(parallel)
    assert {k: v for k, v in one.items() if k not in drop} == {
        k: v for k, v in two.items() if k not in drop
    }


def test_tune_saves_the_tradeoff_curve(tmp_path, capsys):
    """Check that --plot writes a PNG image."""
    pytest.importorskip("matplotlib")
    data = write(tmp_path / "d.csv", make_frame())
    plot = tmp_path / "curve.png"
    status, _, _ = run(capsys, "tune", data, "--target", "outcome", "--plot", plot,
                       *FAST)  # fmt: skip
    assert status == 0
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_demo_prints_the_story_and_saves_the_curve(tmp_path, capsys):
    """Check that demo tunes for sensitivity >= 0.95 and writes the PNG."""
    pytest.importorskip("matplotlib")
    plot = tmp_path / "curve.png"
    status, out, _ = run(
        capsys, "demo", "--plot", plot, "--cv", "3", "--ts", "0.5", "0.9", "0.95"
    )
    assert status == 0
    assert "sensitivity >= 0.95" in out and "chosen t = " in out
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_help_and_version_exit_0(capsys):
    """Check that --help and --version succeed."""
    assert main(["--version"]) == 0
    assert main(["tune", "--help"]) == 0
    assert "--min-sensitivity" in capsys.readouterr().out


def test_identifier_like_columns_get_a_note(tmp_path, capsys):
    """Check that an unnamed index column and a unique text column are pointed out."""
    frame = make_frame()
    frame.insert(0, "patient", [f"p{i:03d}" for i in range(len(frame))])
    path = tmp_path / "d.csv"
    frame.to_csv(path)  # writes the row index as an unnamed first column
    status, _, err = run(capsys, "tune", path, "--target", "outcome", *FAST)
    assert status == 0
    assert "--drop 'Unnamed: 0'" in err
    assert "--drop 'patient'" in err
