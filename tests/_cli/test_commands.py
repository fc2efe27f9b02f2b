"""Tests of ``sk_imbalance._cli._commands``: demo, tune, evaluate and predict end to end."""

import io
import json

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
skops_io = pytest.importorskip("skops.io")

from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import confusion_matrix, recall_score  # noqa: E402

from ._helpers import FAST, make_frame, run, write  # noqa: E402


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
    for before, after in zip(original, written, strict=True):
        assert after.startswith(before + ",")
    assert written[0].endswith(",predicted_outcome")
    assert "rows with predictions written" in err


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
    report = json.loads(out)
    matrix = np.array(report["confusion_matrix"]["rows_true_columns_predicted"])
    assert matrix.shape == (3, 3)
    assert matrix.sum() == len(frame)
    # One definition of balanced accuracy wherever t is one-vs-rest: the mean
    # of one-vs-rest sensitivity and specificity, from the matrix by hand.
    c = report["confusion_matrix"]["labels"].index("c")
    sensitivity = matrix[c, c] / matrix[c].sum()
    rest = np.delete(np.delete(matrix, c, axis=0), c, axis=1)
    specificity = rest.sum() / np.delete(matrix, c, axis=0).sum()
    assert report["sensitivity"] == pytest.approx(sensitivity)
    assert report["specificity"] == pytest.approx(specificity)
    assert report["balanced_accuracy"] == pytest.approx((sensitivity + specificity) / 2)


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


@pytest.mark.slow  # starts worker processes
def test_parallel_search_gives_the_same_choice(tmp_path, capsys):
    """Check that --n-jobs 2 gives the same table as the sequential search."""
    data = write(tmp_path / "d.csv", make_frame())
    base = ["tune", data, "--target", "outcome", "--json", "-", *FAST]
    _, sequential, _ = run(capsys, *base)
    status, parallel, _ = run(capsys, *base, "--n-jobs", "2")
    assert status == 0
    drop = ("seconds", "jobs", "threads")
    one, two = json.loads(sequential), json.loads(parallel)
    assert {k: v for k, v in one.items() if k not in drop} == {
        k: v for k, v in two.items() if k not in drop
    }


def test_demo_tells_what_19_tumours_can_support(tmp_path, capsys):
    """Check the demo's honest story against the exact binomial arithmetic: 19
    positives, all caught, show sensitivity >= 0.1 ** (1 / 19) = 0.886 at 90%
    confidence; >= 0.95 needs the smallest n with 0.1 ** (1 / n) >= 0.95."""
    plot = tmp_path / "c.png"
    status, out, _ = run(capsys, "demo", "--plot", plot, "--json", "-")
    assert status == 0
    summary = json.loads(out)
    item = summary["guarantee"]["sensitivity"]
    assert summary["requirement_met"] is False
    assert item["n"] == 19
    assert item["supported"] == pytest.approx(0.1 ** (1 / 19))
    assert item["needed"] == int(np.ceil(np.log(0.1) / np.log(0.95)))
    status, out, _ = run(capsys, "demo", "--plot", plot)
    assert "19 malignant tumours can show at most sensitivity >= 0.886" in out
    assert "needs at least 45 malignant tumours" in out


def test_tune_with_confidence_reports_bounds_and_the_strongest_requirement(
    tmp_path, capsys
):
    """Check that --confidence adds the lower bounds per t, requirement_met and
    the strongest supported requirement, which on separable data (every
    positive caught at the largest t) is the exact one-sided bound
    (1 - c) ** (1 / n_pos)."""
    frame = make_frame(n=120)
    frame["marker"] = np.where(frame["outcome"] == "sick", 5.0, 0.0) + np.arange(
        len(frame)
    ) / (10 * len(frame))
    n_pos = int((frame["outcome"] == "sick").sum())
    status, out, err = run(
        capsys, "tune", write(tmp_path / "d.csv", frame), "--target", "outcome",
        "--min-sensitivity", "0.99", "--confidence", "0.9", "--json", "-",
            "--keep", "marker", *FAST,
    )  # fmt: skip
    assert status == 0
    summary = json.loads(out)
    item = summary["guarantee"]["sensitivity"]
    assert summary["requirement_met"] is False
    assert item["supported"] == pytest.approx(0.1 ** (1 / n_pos))
    assert all(0 <= row["sensitivity_lower"] <= 1 for row in summary["table"])
    assert "warning: the requirement is not met at 90% confidence" in err
    assert f"{n_pos} positives support sensitivity >= {item['supported']:.3f}" in err
    status, out, _ = run(
        capsys, "tune", tmp_path / "d.csv", "--target", "outcome",
        "--min-sensitivity", "0.8", "--confidence", "0.9", "--json", "-", *FAST,
    )  # fmt: skip
    summary = json.loads(out)
    assert summary["requirement_met"] is True
    chosen = next(r for r in summary["table"] if r["t"] == summary["chosen_t"])
    assert chosen["sensitivity_lower"] >= 0.8


def test_evaluate_intervals_match_scipy(trained, capsys):
    """Check evaluate's 95% intervals against scipy's Wilson interval on the
    counts of the confusion matrix."""
    from scipy.stats import binomtest

    status, out, _ = run(
        capsys, "evaluate", trained["model"], trained["labelled"], "--json", "-"
    )
    assert status == 0
    report = json.loads(out)
    matrix = np.array(report["confusion_matrix"]["rows_true_columns_predicted"])
    labels = report["confusion_matrix"]["labels"]
    for i, label in enumerate(labels):
        ci = binomtest(int(matrix[i, i]), int(matrix[i].sum())).proportion_ci(
            0.95, method="wilson"
        )
        assert report["per_class_accuracy_interval"][label] == pytest.approx(
            [ci.low, ci.high]
        )
    assert (
        report["sensitivity_interval"] == report["per_class_accuracy_interval"]["sick"]
    )
    assert (
        report["specificity_interval"]
        == report["per_class_accuracy_interval"]["healthy"]
    )
    status, out, _ = run(capsys, "evaluate", trained["model"], trained["labelled"])
    assert "95% interval" in out
    assert _interval_text(report["sensitivity_interval"]) in out


def _interval_text(bounds):
    return f"[{bounds[0]:.3f}, {bounds[1]:.3f}]"


@pytest.mark.parametrize(
    "columns, extra, match",
    [
        ({}, [], "has no feature column left besides the target 'outcome'"),
        ({"age": [1.0, 2.0] * 45}, ["--drop", "age"], "target 'outcome' after --drop"),
        (
            {"id": np.arange(90), "name": [f"p{i}" for i in range(90)]},
            [],
            "has no feature column left: 'id', 'name' would give the class away",
        ),
    ],
)
def test_table_without_features_exits_2_in_one_line(
    tmp_path, capsys, columns, extra, match
):
    """Check that tune on a table with no feature column left (none, all
    dropped, all left out) exits 2 with one line on stderr, no traceback."""
    frame = pd.DataFrame({**columns, "outcome": ["a", "b", "a"] * 30})
    data = write(tmp_path / "d.csv", frame)
    status, _, err = run(capsys, "tune", data, "--target", "outcome", *extra, *FAST)
    assert status == 2
    lines = [line for line in err.splitlines() if not line.startswith("note: ")]
    assert len(lines) == 1 and lines[0].startswith("sk-imbalance: error: ")
    assert match in lines[0]


class _Broken(LogisticRegression):
    def fit(self, X, y, sample_weight=None):
        raise ValueError("the solver gave up\non these rows")


def test_estimator_error_is_one_line_and_exit_1(tmp_path, capsys, monkeypatch):
    """Check that an error raised by the estimator's fit is one line on stderr
    (its type and last line) with exit status 1, as documented."""
    from sk_imbalance._cli import _search

    monkeypatch.setattr(_search, "_make_estimator", lambda *a: _Broken())
    data = write(tmp_path / "d.csv", make_frame())
    status, _, err = run(capsys, "tune", data, "--target", "outcome", "-q", *FAST)
    assert status == 1
    assert err.splitlines() == [
        "sk-imbalance: error: the logistic regression could not be fitted: "
        "ValueError: on these rows"
    ]


def test_objective_flag_is_gone(tmp_path, capsys):
    """Check that the dead --objective flag (one choice, never read) is refused
    as unknown rather than silently accepted."""
    data = write(tmp_path / "d.csv", make_frame())
    status, _, err = run(
        capsys, "tune", data, "--target", "outcome", "--objective", "balanced_accuracy"
    )
    assert status == 2
    assert "unrecognized arguments: --objective" in err


@pytest.mark.parametrize(
    "extra, sep, decimal",
    [([], ";", ","), (["--sep", ",", "--decimal", "."], ",", ".")],
)
def test_predict_writes_in_the_inputs_dialect(tmp_path, capsys, extra, sep, decimal):
    """Check that predict on a ';'-separated file with decimal commas writes
    ';' and decimal commas (or what --sep/--decimal ask), with the same
    predictions and probabilities as the same rows written the usual way."""
    frame = make_frame()
    paths = {"usual": write(tmp_path / "usual.csv", frame)}
    paths["european"] = tmp_path / "european.csv"
    frame.assign(
        age=frame["age"].astype(str).str.replace(".", ","),
        marker=frame["marker"].astype(str).str.replace(".", ","),
    ).to_csv(paths["european"], sep=";", index=False)
    outputs = {}
    for name, path in paths.items():
        model = tmp_path / f"{name}.skops"
        status, _, err = run(capsys, "tune", path, "--target", "outcome", "--model",
                             model, "-q", *FAST)  # fmt: skip
        assert status == 0, err
        status, out, err = run(capsys, "predict", model, path, "--proba",
                               *(extra if name == "european" else []))  # fmt: skip
        assert status == 0, err
        outputs[name] = out
    expected = pd.read_csv(io.StringIO(outputs["usual"]))
    out = outputs["european"]
    assert out.splitlines()[0] == sep.join(expected.columns)
    written = pd.read_csv(io.StringIO(out), sep=sep, decimal=decimal)
    assert list(written["predicted_outcome"]) == list(expected["predicted_outcome"])
    np.testing.assert_allclose(written["proba_sick"], expected["proba_sick"])


def test_evaluate_measures_tunes_requirements_on_new_data(tmp_path, capsys):
    """Check that evaluate reports each requirement of tune where the model is
    used on the new data: precision, NPV and alert rate from its confusion
    matrix, with scipy's 95% Wilson interval of those counts, and met or not."""
    from scipy.stats import binomtest

    model = tmp_path / "model.skops"
    train = write(tmp_path / "train.csv", make_frame(n=200))
    status, _, _ = run(
        capsys, "tune", train, "--target", "outcome", "--model", model, "-q",
        "--min-precision", "0.3", "--min-npv", "0.95", "--max-alert-rate", "0.5",
        *FAST,
    )  # fmt: skip
    assert status == 0
    labelled = write(tmp_path / "new.csv", make_frame(n=120, seed=3))
    status, out, _ = run(capsys, "evaluate", model, labelled, "--json", "-")
    assert status == 0
    report = json.loads(out)
    assert report["confusion_matrix"]["labels"] == ["healthy", "sick"]
    (tn, fp), (fn, tp) = report["confusion_matrix"]["rows_true_columns_predicted"]
    expected = {
        "precision": (tp, tp + fp, ">=", 0.3),
        "npv": (tn, tn + fn, ">=", 0.95),
        "alert_rate": (tp + fp, tn + fp + fn + tp, "<=", 0.5),
    }
    assert [item["name"] for item in report["requirements"]] == list(expected)
    for item in report["requirements"]:
        k, n, op, limit = expected[item["name"]]
        assert (item["op"], item["limit"]) == (op, limit)
        assert item["value"] == pytest.approx(k / n)
        ci = binomtest(k, n).proportion_ci(0.95, method="wilson")
        assert item["interval"] == pytest.approx([ci.low, ci.high])
        assert item["met"] == (k / n >= limit if op == ">=" else k / n <= limit)
    status, out, _ = run(capsys, "evaluate", model, labelled)
    assert "requirements of tune, on this data" in out
    assert "NPV >= 0.95" in out
