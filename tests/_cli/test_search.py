"""Tests of ``sk_imbalance._cli._search``: the search over t, its table, warnings and curve."""

import io
import json

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

from sklearn.linear_model import LogisticRegression  # noqa: E402

from ._helpers import FAST, make_frame, run, write  # noqa: E402


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


def test_tune_without_requirement_uses_the_one_standard_error_rule(tmp_path, capsys):
    """Check that without a requirement the choice is the library's: among the t
    within one standard error of the best mean balanced accuracy, the one
    closest to 0.5."""
    data = write(tmp_path / "d.csv", make_frame())
    status, out, _ = run(
        capsys, "tune", data, "--target", "outcome", "--json", "-",
        "--cv", "3", "--ts", "0.1", "0.3", "0.5", "0.7", "0.9",
    )  # fmt: skip
    assert status == 0
    summary = json.loads(out)
    table = summary["table"]
    best = max(table, key=lambda row: row["balanced_accuracy_mean"])
    se = best["balanced_accuracy_std"] / np.sqrt(3)
    near = [
        row for row in table
        if row["balanced_accuracy_mean"] >= best["balanced_accuracy_mean"] - se - 1e-10
    ]  # fmt: skip
    expected = min(near, key=lambda row: (abs(row["t"] - 0.5), row["t"]))["t"]
    assert summary["chosen_t"] == expected


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


def test_tune_saves_the_tradeoff_curve(tmp_path, capsys):
    """Check that --plot writes a PNG image."""
    pytest.importorskip("matplotlib")
    data = write(tmp_path / "d.csv", make_frame())
    plot = tmp_path / "curve.png"
    status, _, _ = run(capsys, "tune", data, "--target", "outcome", "--plot", plot,
                       *FAST)  # fmt: skip
    assert status == 0
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_chance_level_result_is_said(tmp_path, capsys):
    """Check that features unrelated to the class give a warning that the model
    does no better than chance (exit 0)."""
    rng = np.random.default_rng(0)
    n = 200
    frame = pd.DataFrame(
        {
            "a": rng.normal(size=n).round(3),
            "b": rng.normal(size=n).round(3),
            "outcome": np.where(rng.random(n) < 0.15, "sick", "healthy"),
        }
    )
    status, _, err = run(
        capsys, "tune", write(tmp_path / "d.csv", frame), "--target", "outcome",
        "--cv", "3", "--ts", "0.3", "0.5", "0.7",
    )  # fmt: skip
    assert status == 0
    assert "warning: the model does no better than chance" in err


def _table(sensitivity, specificity, ts):
    """The search's table of t (mean and std of each rate) from per-fold rates
    (folds x ts)."""
    sensitivity, specificity = np.asarray(sensitivity), np.asarray(specificity)
    table = []
    for i, t in enumerate(ts):
        row = {"t": t}
        for name, rates in (
            ("sensitivity", sensitivity[:, i]),
            ("specificity", specificity[:, i]),
            ("balanced_accuracy", (sensitivity[:, i] + specificity[:, i]) / 2),
        ):
            row[f"{name}_mean"], row[f"{name}_std"] = rates.mean(), rates.std()
        table.append(row)
    return table


def _summary(table, chosen_t, metric=None, minimum=None):
    row = next(r for r in table if r["t"] == chosen_t)
    maximize = {"sensitivity": "specificity", "specificity": "sensitivity"}
    return {
        "requirement": {
            "metric": metric,
            "minimum": minimum,
            "maximize": maximize.get(metric, "balanced_accuracy"),
        },
        "chosen_t": chosen_t,
        "chosen": {
            m: {"mean": row[f"{m}_mean"], "std": row[f"{m}_std"]}
            for m in ("sensitivity", "specificity", "balanced_accuracy")
        },
    }


def test_t_that_changes_nothing_is_said():
    """Check that identical fold rates at every t give a 't changed nothing'
    warning and no grid-edge warning."""
    from sk_imbalance._cli._search import _problems

    ts = [0.2, 0.5, 0.8]
    table = _table([[0.5] * 3, [0.7] * 3], [[0.9] * 3, [0.8] * 3], ts)
    problems = _problems(table, _summary(table, 0.2))
    assert any(p.startswith("t changed nothing") for p in problems)
    assert not any("value of the grid" in p for p in problems)


def test_choice_at_the_edge_of_the_grid_is_said():
    """Check the hgb case: sensitivity 0 at every t but the largest, which is
    chosen: warnings name the grid edge and the chance level."""
    from sk_imbalance._cli._search import _problems

    ts = [0.5, 0.9, 0.95, 0.99]
    sens = [[0, 0, 0, 0.25], [0, 0, 0, 0.2]]
    spec = [[1, 1, 1, 0.8], [1, 1, 1, 0.82]]
    table = _table(sens, spec, ts)
    problems = _problems(table, _summary(table, 0.99))
    assert any("t = 0.99 is the largest value of the grid" in p for p in problems)
    assert any("no better than chance" in p for p in problems)


@pytest.mark.parametrize(
    "sensitivity, expected, unexpected",
    [
        # knn: sensitivity fell as t grew; larger t cannot help.
        ([0.6, 0.5, 0.4], "peaks at t = 0.2 and falls beyond it", "may reach it"),
        ([0.4, 0.5, 0.6], "larger values of t may reach it", "falls beyond"),
        ([0.5, 0.5, 0.5], "T does not move sensitivity", "larger values"),
    ],
)
def test_unmet_requirement_advice_follows_the_measured_curve(
    sensitivity, expected, unexpected
):
    """Check that the advice of an unmet requirement reads the measured curve."""
    from sk_imbalance._cli._console import _Console
    from sk_imbalance._cli._report import _warn_unmet

    ts = [0.2, 0.5, 0.8]
    table = _table([sensitivity], [[0.9, 0.8, 0.7]], ts)
    err = io.StringIO()
    chosen = ts[int(np.argmax(sensitivity))]
    _warn_unmet(
        _Console(err=err, out=io.StringIO()),
        table,
        _summary(table, chosen, "sensitivity", 0.95),
    )
    assert expected in err.getvalue()
    assert unexpected not in err.getvalue()


def test_unmet_requirement_advice_names_a_kept_leak_first():
    """Check that when a column kept with --keep gives the class away, the
    advice of an unmet requirement names it as the likely cause instead of
    blaming the estimator."""
    from sk_imbalance._cli._console import _Console
    from sk_imbalance._cli._report import _warn_unmet

    ts = [0.2, 0.5, 0.8]
    table = _table([[0.5, 0.5, 0.5]], [[0.9, 0.8, 0.7]], ts)
    summary = _summary(table, 0.5, "sensitivity", 0.95)
    summary["causes"] = ["column 'x' (kept by --keep): it alone separates"]
    err = io.StringIO()
    _warn_unmet(_Console(err=err, out=io.StringIO()), table, summary)
    assert "The likely cause: column 'x' (kept by --keep)" in err.getvalue()
    assert "--estimator" not in err.getvalue()


def test_multiclass_balanced_accuracy_is_the_one_vs_rest_mean(tmp_path, capsys):
    """Check that with --positive on three classes the table's balanced accuracy
    is the mean of one-vs-rest sensitivity and specificity, as the requirement
    line says."""
    frame = make_frame(n=150, classes=("a", "b", "c"), weights=(0.5, 0.3, 0.2))
    status, out, _ = run(
        capsys, "tune", write(tmp_path / "d.csv", frame), "--target", "outcome",
        "--positive", "c", "--json", "-", *FAST,
    )  # fmt: skip
    assert status == 0
    for row in json.loads(out)["table"]:
        assert row["balanced_accuracy_mean"] == pytest.approx(
            (row["sensitivity_mean"] + row["specificity_mean"]) / 2
        )


def test_curve_has_a_log_odds_axis_and_the_requirement(tmp_path, capsys, monkeypatch):
    """Check that the saved curve puts t on the log-odds scale of its grid and
    draws the requirement."""
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    seen = {}
    original = Figure.savefig

    def savefig(self, *args, **kwargs):
        ax = self.axes[0]
        seen["xscale"] = ax.get_xscale()
        seen["labels"] = [line.get_label() for line in ax.get_lines()]
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", savefig)
    status, _, _ = run(
        capsys, "tune", write(tmp_path / "d.csv", make_frame()), "--target",
        "outcome", "--min-sensitivity", "0.8", "--plot", tmp_path / "c.png", *FAST,
    )  # fmt: skip
    assert status == 0
    assert seen["xscale"] == "logit"
    requirement = [label for label in seen["labels"] if "sensitivity >= 0.8" in label]
    assert len(requirement) == 1, seen["labels"]


def test_curve_draws_bounds_and_requirement_once(tmp_path, capsys, monkeypatch):
    """Check that with a confidence the curve has one lower-bound line per rate
    and one requirement line (the display and the command line drew both)."""
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    seen = {}
    original = Figure.savefig

    def savefig(self, *args, **kwargs):
        seen["labels"] = [line.get_label() for line in self.axes[0].get_lines()]
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", savefig)
    status, _, _ = run(
        capsys, "tune", write(tmp_path / "d.csv", make_frame()), "--target",
        "outcome", "--min-sensitivity", "0.8", "--confidence", "0.9",
        "--plot", tmp_path / "c.png", *FAST,
    )  # fmt: skip
    assert status == 0
    labels = seen["labels"]
    assert sum("sensitivity: lower bound" in label for label in labels) == 1, labels
    assert (
        sum("sensitivity >= 0.8" in label and "chosen" not in label for label in labels)
        == 1
    ), labels


def _tune_forest(tmp_path, capsys, *options):
    """``(summary, stderr)`` of ``tune --estimator forest`` on the small table."""
    data = write(tmp_path / "d.csv", make_frame())
    status, out, err = run(
        capsys,
        "tune", data, "--target", "outcome", "--estimator", "forest",
        "--json", "-", *FAST, *options,
    )  # fmt: skip
    assert status == 0
    return json.loads(out), err


def test_small_table_is_cross_validated_with_the_library_default(tmp_path, capsys):
    """Check that on a small table a forest's t is not read as a threshold of a
    balanced forest (an approximation): the fits at the chosen t are exact."""
    summary, err = _tune_forest(tmp_path, capsys)
    assert summary["method"] != "threshold"
    assert summary["chosen_t"] in summary["fitted_ts"]
    assert summary["fits"] == 3 * len(summary["fitted_ts"]) + 1
    assert "--method refit" not in err


def test_large_table_reads_thresholds_and_says_what_it_approximates(
    tmp_path, capsys, monkeypatch
):
    """Check that above the size limit a forest is tuned on the one-fit-per-fold
    path, and the run says it approximates refits and how to get them."""
    from sk_imbalance._cli import _search

    monkeypatch.setattr(_search, "_EXACT_ROWS", 50)
    summary, err = _tune_forest(tmp_path, capsys)
    assert summary["method"] == "threshold"
    assert summary["fitted_ts"] == []
    assert summary["fits"] == 3 + 1
    assert "threshold of one balanced forest" in err
    assert "(more than 50 rows)" in err
    assert "--method refit" in err


def test_threshold_asked_for_is_said_as_asked(tmp_path, capsys):
    """Check that on a small table --method threshold gives the approximation
    note with its real reason, the option, not the table's size."""
    summary, err = _tune_forest(tmp_path, capsys, "--method", "threshold")
    assert summary["method"] == "threshold"
    assert "(--method threshold)" in err
    assert "rows)" not in err


@pytest.mark.parametrize(
    "method, expected, words",
    [
        ("refit", "refit", "every t fitted on every fold"),
        ("threshold", "threshold", "every t read as a threshold"),
        ("auto", "threshold", "every t read as a threshold"),
    ],
)
def test_method_option_chooses_the_path(tmp_path, capsys, method, expected, words):
    """Check that --method reaches the chooser and the report names the path;
    logistic regression's default is the threshold path, with no note."""
    data = write(tmp_path / "d.csv", make_frame())
    status, out, err = run(
        capsys,
        "tune", data, "--target", "outcome", "--method", method,
        "--json", str(tmp_path / "s.json"), *FAST,
    )  # fmt: skip
    assert status == 0
    summary = json.loads((tmp_path / "s.json").read_text())
    assert summary["method"] == expected
    n_fitted = 3 if expected == "refit" else 0
    assert len(summary["fitted_ts"]) == n_fitted
    assert summary["fits"] == 3 * max(1, n_fitted) + 1
    assert words in out
    assert "approximation" not in err


class _Counting(LogisticRegression):
    fits = 0

    def fit(self, X, y, sample_weight=None):
        type(self).fits += 1
        return super().fit(X, y, sample_weight=sample_weight)


@pytest.mark.parametrize("method", ["threshold", "refit"])
def test_fits_said_are_the_fits_made(tmp_path, capsys, monkeypatch, method):
    """Check that the number of fits the report gives (from the chooser's
    resolved method_) is the number of times the estimator was fitted."""
    from sk_imbalance._cli import _search

    monkeypatch.setattr(_search, "_make_estimator", lambda *a: _Counting())
    _Counting.fits = 0
    data = write(tmp_path / "d.csv", make_frame())
    status, out, err = run(
        capsys, "tune", data, "--target", "outcome", "--method", method, *FAST
    )
    assert status == 0, err
    assert f"; {_Counting.fits} fits with the final one on all rows)" in out


def test_one_standard_error_rule_is_named_where_it_decides(tmp_path, capsys):
    """Check that when the one-standard-error rule picks a t whose mean is not
    the best, the report names the rule and the best mean, and that
    --selection best picks the t with the best mean instead."""
    data = write(tmp_path / "d.csv", make_frame(n=200, seed=3))
    ts = ["--ts", "0.3", "0.4", "0.5", "0.6", "0.7", "--cv", "3"]
    status, out, _ = run(capsys, "tune", data, "--target", "outcome", "--json",
                         str(tmp_path / "a.json"), *ts)  # fmt: skip
    assert status == 0
    summary = json.loads((tmp_path / "a.json").read_text())
    means = {row["t"]: row["balanced_accuracy_mean"] for row in summary["table"]}
    top = max(means.values())
    best_t = min((t for t in means if means[t] == top), key=lambda t: abs(t - 0.5))
    assert summary["chosen_t"] != best_t, "pick data where the rule decides"
    assert (
        f"(t = {summary['chosen_t']:g}: within one standard error of the best, "
        f"balanced accuracy {top:.3f} at t = {best_t:g}; the simplest t, closest "
        "to 0.5, wins; --selection best takes the best mean)"
    ) in out
    assert "by the one-standard-error rule" in out
    status, out, _ = run(capsys, "tune", data, "--target", "outcome", "--json",
                         "-", "--selection", "best", *ts)  # fmt: skip
    assert json.loads(out)["chosen_t"] == best_t


def _rows(sensitivities):
    return [
        {
            "t": t,
            "sensitivity_mean": s, "sensitivity_std": 0.01,
            "specificity_mean": 1 - s / 2, "specificity_std": 0.01,
            "balanced_accuracy_mean": 0.5 + s / 4, "balanced_accuracy_std": 0.01,
        }
        for t, s in zip((0.2, 0.5, 0.8), sensitivities, strict=True)
    ]  # fmt: skip


@pytest.mark.parametrize(
    "sensitivities, marked",
    [([0.5, 0.8, 0.9], [False, False, True]), ([0.5, 0.6, 0.7], [False] * 3)],
)
def test_table_footer_explains_only_marks_it_shows(sensitivities, marked):
    """Check that the '*' footer is printed only when a row carries a '*' (the
    mean meets the minimum 0.85), and that otherwise the footer says no t
    meets it."""
    from sk_imbalance._cli._report import _format_table

    requirement = {"metric": "sensitivity", "minimum": 0.85, "confidence": None}
    text = _format_table(_rows(sensitivities), requirement, 0.8, "+-")
    lines = text.splitlines()
    assert ["*" in line for line in lines[1:4]] == marked
    if any(marked):
        assert lines[-1] == "(* the mean meets sensitivity >= 0.85)"
    else:
        assert lines[-1] == "(no t: the mean never meets sensitivity >= 0.85)"
        assert "*" not in text


def test_default_grid_is_the_librarys(tmp_path, capsys):
    """Check that tune without --ts cross-validates the library's default grid
    0.01, 0.02, 0.05..0.95 by 0.05, 0.98, 0.99."""
    data = write(tmp_path / "d.csv", make_frame())
    status, out, _ = run(
        capsys, "tune", data, "--target", "outcome", "--cv", "3", "--json", "-"
    )
    assert status == 0
    expected = [0.01, 0.02, *(np.arange(1, 20) * 0.05), 0.98, 0.99]
    ts = [row["t"] for row in json.loads(out)["table"]]
    np.testing.assert_allclose(ts, expected)


# --------------------------------------------------------------------------------------
# Requirements where the model is used (--min-precision, --min-npv, --max-alert-rate,
# --prevalence, --costs), end to end on the built-in screening data: the reference is
# a fresh TradeoffClassifier at each t cross-validated on the same folds
# (cross_val_predict), counted in a confusion matrix per fold.

TS = ["0.5", "0.8", "0.9", "0.95", "0.98"]


@pytest.fixture(scope="module")
def screening(tmp_path_factory):
    """The screening data (19 malignant tumours in 376) as a CSV file."""
    from sk_imbalance.datasets import load_screening

    data = load_screening(as_frame=True)
    frame = data.data.copy()
    frame["diagnosis"] = np.asarray(data.target_names, dtype=object)[
        data.target.to_numpy()
    ]
    return write(tmp_path_factory.mktemp("screening") / "screening.csv", frame)


def _tune(tmp_path, capsys, data, *options):
    """``tune`` on ``data`` with exact refits on 3 folds: (status, stdout,
    stderr, the JSON summary, the saved model file)."""
    model, summary = tmp_path / "model.skops", tmp_path / "summary.json"
    status, out, err = run(
        capsys, "tune", data, "--target", "diagnosis", "--cv", "3",
        "--method", "refit", "--ts", *TS, "--model", model, "--json", summary,
        *options,
    )  # fmt: skip
    return status, out, err, json.loads(summary.read_text()), str(model)


def _fold_predictions(model_file, data):
    """Per t of the grid, the out-of-fold predictions (positive or not) of
    fresh models at that t on the command line's folds; with the folds, the
    positives and the table, its features read as the model reads them."""
    from sklearn.base import clone
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from sk_imbalance._cli._csv import _read_csv
    from sk_imbalance._cli._model_file import _load_model
    from sk_imbalance._cli._table import _model_features

    bundle = _load_model(model_file, None)
    frame = _read_csv(data)
    X = _model_features(frame, bundle["features"], data, bundle["reading"])
    labels = frame["diagnosis"].to_numpy()
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    predictions = [
        cross_val_predict(clone(bundle["model"]).set_params(t=t), X, labels, cv=cv)
        == "malignant"
        for t in map(float, TS)
    ]
    folds = [test for _, test in cv.split(X, labels)]
    return predictions, folds, labels == "malignant", frame


def _fold_rates(model_file, data):
    """Per t of the grid (rows) and fold (columns), the sensitivity and
    specificity of :func:`_fold_predictions` from confusion matrices; with
    the data's prevalence."""
    from sklearn.metrics import confusion_matrix

    predictions, folds, is_pos, _ = _fold_predictions(model_file, data)
    sensitivity, specificity = [], []
    for pred in predictions:
        se, sp = [], []
        for test in folds:
            cells = confusion_matrix(is_pos[test], pred[test], labels=[False, True])
            (tn, fp), (fn, tp) = cells
            se.append(tp / (tp + fn))
            sp.append(tn / (tn + fp))
        sensitivity.append(se)
        specificity.append(sp)
    return np.array(sensitivity), np.array(specificity), is_pos.mean()


def _at(name, se, sp, pi):
    """Precision, NPV or the alert rate at prevalence ``pi`` (Bayes' rule)."""
    flagged = pi * se + (1 - pi) * (1 - sp)
    if name == "precision":
        return pi * se / flagged
    if name == "npv":
        return (1 - pi) * sp / (1 - flagged)
    return flagged


@pytest.mark.parametrize(
    "options, name, op, limit, prevalence, costs",
    [
        (["--min-precision", "0.7"], "precision", ">=", 0.7, None, None),
        (["--max-alert-rate", "0.06"], "alert_rate", "<=", 0.06, None, None),
        (
            ["--min-precision", "0.3", "--prevalence", "0.02"],
            "precision", ">=", 0.3, 0.02, None,
        ),
        (
            ["--min-npv", "0.9975", "--costs", "fp=1,fn=1"],
            "npv", ">=", 0.9975, None, (1.0, 1.0),
        ),
    ],
)  # fmt: skip
def test_requirement_where_the_model_is_used_end_to_end(
    tmp_path, capsys, screening, options, name, op, limit, prevalence, costs
):
    """Check each of --min-precision, --max-alert-rate (--prevalence) and
    --min-npv (with --costs) end to end: the value reported per t is the one of
    the folds' confusion matrices at the prevalence, the chosen t is the best
    objective among the t that meet the requirement (which the unconstrained
    best does not), and the report says it is met with its value."""
    status, out, _, summary, model = _tune(tmp_path, capsys, screening, *options)
    assert status == 0
    se, sp, data_pi = _fold_rates(model, screening)
    pi = data_pi if prevalence is None else prevalence
    expected = _at(name, se.mean(axis=1), sp.mean(axis=1), pi)
    reported = [row[f"{name}_value"] for row in summary["table"]]
    np.testing.assert_allclose(reported, expected, rtol=1e-9)

    if costs is None:
        objective = (se + sp).mean(axis=1) / 2
    else:  # minus the expected cost per row, at the data's prevalence
        c_fp, c_fn = costs
        cost = data_pi * c_fn * (1 - se) + (1 - data_pi) * c_fp * (1 - sp)
        objective = -cost.mean(axis=1)
    meets = expected >= limit if op == ">=" else expected <= limit
    assert meets.any() and not meets[np.argmax(objective)]
    best = np.max(objective[meets])
    ts = np.array(TS, dtype=float)
    tied = ts[meets & np.isclose(objective, best, rtol=0, atol=1e-12)]
    assert summary["chosen_t"] == tied[np.argmin(np.abs(tied - 0.5))]

    (item,) = summary["requirements"]
    i = TS.index(f"{summary['chosen_t']:g}")
    assert item["met"] and item["value"] == pytest.approx(expected[i], rel=1e-9)
    words = {"precision": "precision", "npv": "NPV", "alert_rate": "alert rate"}
    assert f"    {words[name]} {op} {limit:g}: met ({expected[i]:.3f}" in out


def test_requirement_bounds_are_the_choosers_at_a_confidence(
    tmp_path, capsys, screening
):
    """Check that with --confidence the precision and alert-rate bounds shown
    per t and at the chosen t are those of TradeoffClassifierCV fitted with the
    same requirements on the same folds (the alert rate's as an upper bound),
    and that each requirement is met exactly when its bound meets it."""
    from sklearn.base import clone
    from sklearn.model_selection import StratifiedKFold

    from sk_imbalance import TradeoffClassifierCV
    from sk_imbalance._cli._csv import _read_csv
    from sk_imbalance._cli._model_file import _load_model
    from sk_imbalance._cli._table import _model_features

    status, out, _, summary, model = _tune(
        tmp_path, capsys, screening, "--confidence", "0.9",
        "--min-precision", "0.3", "--max-alert-rate", "0.1",
    )  # fmt: skip
    assert status == 0
    bundle = _load_model(model, None)
    frame = _read_csv(screening)
    X = _model_features(frame, bundle["features"], screening, bundle["reading"])
    chooser = TradeoffClassifierCV(
        clone(bundle["model"]),
        ts=[float(t) for t in TS],
        cv=StratifiedKFold(3, shuffle=True, random_state=0),
        pos_label="malignant",
        method="refit",
        confidence=0.9,
        min_precision=0.3,
        max_alert_rate=0.1,
        random_state=0,
    ).fit(X, frame["diagnosis"].to_numpy())
    results = chooser.cv_results_
    np.testing.assert_allclose(
        [row["precision_lower"] for row in summary["table"]],
        results["lower_test_precision"],
    )
    np.testing.assert_allclose(
        [row["alert_rate_upper"] for row in summary["table"]],
        1 - results["lower_test_predicted_negative_rate"],
    )
    assert summary["chosen_t"] == chooser.best_t_
    precision, alert = summary["requirements"]
    assert precision["bound"] == pytest.approx(chooser.guarantee_["precision"]["lower"])
    assert alert["bound"] == pytest.approx(
        1 - chooser.guarantee_["predicted_negative_rate"]["lower"]
    )
    assert precision["met"] == (precision["bound"] >= 0.3)
    assert alert["met"] == (alert["bound"] <= 0.1)
    assert "precision >= (90%)" in out and "alert rate <= (90%)" in out


def test_costs_choose_the_least_expected_cost(tmp_path, capsys, screening):
    """Check that --costs reports per t the expected cost per row of the folds'
    confusion matrices at the data's prevalence and, with --selection best,
    chooses the least (the long and the short cost names alike)."""
    outcomes = []
    for costs in ("false_positive=5,false_negative=100", "FP=5, fn=100"):
        status, out, _, summary, model = _tune(
            tmp_path, capsys, screening, "--costs", costs, "--selection", "best"
        )
        assert status == 0
        outcomes.append(summary)
    assert outcomes[0]["table"] == outcomes[1]["table"]
    se, sp, pi = _fold_rates(model, screening)
    cost = (pi * 100 * (1 - se) + (1 - pi) * 5 * (1 - sp)).mean(axis=1)
    reported = [row["expected_cost_mean"] for row in summary["table"]]
    np.testing.assert_allclose(reported, cost, rtol=1e-9)
    ts = np.array(TS, dtype=float)
    tied = ts[np.isclose(cost, cost.min(), rtol=0, atol=1e-12)]
    assert summary["chosen_t"] == tied[np.argmin(np.abs(tied - 0.5))]
    assert summary["requirement"]["costs"] == {
        "false_positive": 5.0,
        "false_negative": 100.0,
    }
    assert "expected cost per row" in out


def test_unmet_requirement_where_the_model_is_used_warns(tmp_path, capsys, screening):
    """Check that requirements no t meets together (the only t with that NPV
    flags too many rows) exit 0 with a warning naming the unmet one at the
    closest t, and that the report and the JSON mark it not met."""
    status, out, err, summary, _ = _tune(
        tmp_path, capsys, screening, "--min-npv", "0.99999", "--max-alert-rate", "0.06"
    )
    assert status == 0
    (warning,) = [line for line in err.splitlines() if line.startswith("warning: no t")]
    assert "the closest: NPV >= 0.99999)" in warning
    npv, alert = summary["requirements"]
    assert not npv["met"] and alert["met"] and not summary["requirement_met"]
    assert "NPV >= 0.99999: NOT met" in out and "alert rate <= 0.06: met" in out


@pytest.mark.parametrize("confidence", [None, 0.9])
def test_table_marks_each_requirement_where_it_is_met(confidence):
    """Check that the table marks a row's precision and alert-rate cells (their
    bounds with a confidence) with a * exactly where each meets its own
    requirement, precision >= 0.5 and alert rate <= 0.1."""
    import re

    from sk_imbalance._cli._report import _format_table

    rows = _rows([0.5, 0.6, 0.7])
    for row, precision, alert in zip(
        rows, (0.9, 0.6, 0.4), (0.05, 0.12, 0.08), strict=True
    ):
        row["precision_value"] = row["precision_lower"] = precision
        row["alert_rate_value"] = row["alert_rate_upper"] = alert
    requirement = {
        "metric": None,
        "minimum": None,
        "maximize": "balanced_accuracy",
        "confidence": confidence,
        "predictive": {"min_precision": 0.5, "max_alert_rate": 0.1},
    }
    lines = _format_table(rows, requirement, 0.2, "+-").splitlines()
    header = re.split(r"\s{2,}", lines[0].strip())
    suffix = " (90%)" if confidence else ""
    i = header.index("precision" + (" >=" + suffix if confidence else ""))
    j = header.index("alert rate" + (" <=" + suffix if confidence else ""))
    cells = [
        re.split(r"\s{2,}", line.strip().replace("  <- chosen", ""))
        for line in lines[1:4]
    ]
    assert [c[i].endswith("*") for c in cells] == [True, True, False]
    assert [c[j].endswith("*") for c in cells] == [True, False, True]
    where = "its bound" if confidence else "the value"
    assert f"(* {where} meets precision >= 0.5)" in lines
    assert f"(* {where} meets alert rate <= 0.1)" in lines


def test_cost_column_sums_each_rows_cost(tmp_path, capsys, screening):
    """Check that --cost-column fn=amount with --costs fp=5 reports per t the
    mean over the folds of the summed per-row costs of the out-of-fold errors
    (a missed positive costs its amount, a false alarm 5) per row, and with
    --selection best chooses the least."""
    frame = pd.read_csv(screening)
    rng = np.random.default_rng(0)
    frame.insert(0, "amount", rng.integers(1, 60, len(frame)) * 10)
    data = write(tmp_path / "amounts.csv", frame)
    status, out, _, summary, model = _tune(
        tmp_path, capsys, data, "--cost-column", "fn=amount", "--costs", "fp=5",
        "--selection", "best",
    )  # fmt: skip
    assert status == 0
    predictions, folds, is_pos, table = _fold_predictions(model, data)
    amount = table["amount"].to_numpy(dtype=float)
    cost = []
    for pred in predictions:
        per_row = [
            (
                (amount[test] * (is_pos[test] & ~pred[test])).sum()
                + 5 * (~is_pos[test] & pred[test]).sum()
            )
            / len(test)
            for test in folds
        ]
        cost.append(np.mean(per_row))
    reported = [row["expected_cost_mean"] for row in summary["table"]]
    np.testing.assert_allclose(reported, cost, rtol=1e-9)
    assert len(set(np.round(cost, 9))) > 1  # the costs tell the t apart
    assert summary["chosen_t"] == float(TS[int(np.argmin(cost))])
    assert summary["requirement"]["cost_columns"] == {"false_negative": "amount"}
    assert "a missed positive the row's 'amount'" in out
