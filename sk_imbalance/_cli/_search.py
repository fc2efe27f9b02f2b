"""The cross-validated grid search over ``t``: the estimator and its
preprocessing, the requirement, the table of results and the tradeoff curve."""

import contextlib
import io
import warnings

import numpy as np

from sk_imbalance._grid import DEFAULT_TS as _DEFAULT_TS

from ._console import FitFailed, _native, _require
from ._files import _atomic_write
from ._progress import _budget, _Progress

ESTIMATORS = ("logistic", "forest", "hgb", "svm", "knn")

_ESTIMATOR_NAMES = {
    "logistic": "logistic regression",
    "forest": "random forest",
    "hgb": "histogram gradient boosting",
    "svm": "support vector machine (RBF kernel)",
    "knn": "k nearest neighbours (weights by resampling)",
}

# The library's grid (0.01 to 0.99: screening requirements often need t beyond
# 0.95; the built-in demo needs 0.98).
DEFAULT_TS = tuple(_DEFAULT_TS.tolist())

METRICS = ("sensitivity", "specificity", "balanced_accuracy")

# Up to this many rows, ``--method auto`` takes the library's default path (exact
# refits for models whose scores are not log-odds); above it, the threshold path
# (one fit per fold), which keeps a million rows within minutes.
_EXACT_ROWS = 10_000


def _make_estimator(name, random_state):
    if name == "logistic":
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(max_iter=1000)
    if name == "forest":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier(random_state=random_state)
    if name == "hgb":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(random_state=random_state)
    if name == "svm":
        from sklearn.svm import SVC

        return SVC()
    from sklearn.neighbors import KNeighborsClassifier

    return KNeighborsClassifier()


def _make_pipeline(kinds, estimator):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import Pipeline, make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numeric = [name for name, kind in kinds.items() if kind == "numeric"]
    categorical = [name for name, kind in kinds.items() if kind == "categorical"]
    transformers = []
    if numeric:
        transformers.append(
            (
                "numeric",
                make_pipeline(
                    SimpleImputer(
                        strategy="median",
                        keep_empty_features=True,
                        # Whether a value was missing often says something.
                        add_indicator=True,
                    ),
                    StandardScaler(),
                ),
                numeric,
            )
        )
    if categorical:
        transformers.append(
            (
                "categorical",
                make_pipeline(
                    SimpleImputer(
                        strategy="constant",
                        fill_value="(missing)",
                        keep_empty_features=True,
                    ),
                    OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                ),
                categorical,
            )
        )
    # Dense output: HistGradientBoostingClassifier refuses sparse input.
    preprocess = ColumnTransformer(transformers, sparse_threshold=0)
    return Pipeline([("preprocess", preprocess), ("classifier", estimator)])


def _requirement(args):
    confidence = getattr(args, "confidence", None)
    if getattr(args, "min_sensitivity", None) is not None:
        return {
            "metric": "sensitivity",
            "minimum": args.min_sensitivity,
            "maximize": "specificity",
            "confidence": confidence,
        }
    if getattr(args, "min_specificity", None) is not None:
        return {
            "metric": "specificity",
            "minimum": args.min_specificity,
            "maximize": "sensitivity",
            "confidence": confidence,
        }
    return {
        "metric": None,
        "minimum": None,
        "maximize": "balanced_accuracy",
        "confidence": confidence,
    }


def _without_tick(model):
    """The fitted TradeoffClassifier without the progress step of its Pipeline."""
    from sklearn.pipeline import Pipeline

    from ._tick import _Tick

    def strip(pipeline):
        if isinstance(pipeline, Pipeline) and isinstance(pipeline.steps[0][1], _Tick):
            pipeline.steps = pipeline.steps[1:]

    strip(model.estimator)
    strip(model.estimator_)
    return model


def _search(
    X,
    y,
    kinds,
    *,
    positive,
    estimator,
    ts,
    requirement,
    cv,
    method,
    n_jobs,
    threads,
    random_state,
    console,
):
    """Cross-validate ``t`` with the library's chooser; returns (model, table,
    summary), ``model`` the TradeoffClassifier refitted at the chosen ``t``."""
    from joblib import parallel_config
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import Pipeline
    from threadpoolctl import threadpool_limits

    from sk_imbalance import TradeoffClassifierCV

    from ._tick import _Tick

    pipeline = _make_pipeline(kinds, _make_estimator(estimator, random_state))
    pipeline = Pipeline([("progress", _Tick()), *pipeline.steps])
    minimums = {}
    if requirement["metric"] is not None:
        minimums[f"min_{requirement['metric']}"] = requirement["minimum"]
    jobs, threads = _budget(n_jobs, threads)
    chooser = TradeoffClassifierCV(
        pipeline,
        ts=list(ts),
        cv=StratifiedKFold(cv, shuffle=True, random_state=random_state),
        objective=requirement["maximize"],
        pos_label=positive,
        method=_method(method, y.shape[0]),
        confidence=requirement["confidence"],
        n_jobs=jobs,
        random_state=random_state,
        **minimums,
    )
    # The progress step is fitted once per fold (the Pipeline's preprocessing is
    # shared by the fits of a fold), which counts fits on the one-fit-per-fold
    # path only; the other paths show the elapsed time.
    one_fit_per_fold = chooser._method() == "threshold"
    progress = _Progress(
        cv + 1,
        stream=console.err,
        enabled=not console.quiet and console.err.isatty(),
        counting=jobs == 1 and one_fit_per_fold,
    )
    with warnings.catch_warnings(record=True) as caught, progress:
        warnings.simplefilter("always")
        try:
            with (
                threadpool_limits(threads),
                (
                    parallel_config(backend="loky", inner_max_num_threads=threads)
                    if jobs > 1
                    else contextlib.nullcontext()
                ),
            ):
                chooser.fit(X, y)
        except ValueError as exc:
            if "fit" not in str(exc) or "failed" not in str(exc):
                raise
            reason = [line for line in str(exc).splitlines() if line.strip()][-1]
            raise FitFailed(f"every fit failed: {reason.strip()}") from None
    # The chooser's own warning on an unmet requirement speaks of Python
    # attributes; the command line says it in its words (``_warn_unmet``).
    unmet = ("No candidate reaches the minimums", "The requirement is not met")
    _report_fit_warnings(
        [w for w in caught if not str(w.message).startswith(unmet)], console
    )

    if chooser.method_ == "threshold" and estimator != "logistic":
        why = (
            f"more than {_EXACT_ROWS:,} rows"
            if method == "auto"
            else "--method threshold"
        )
        console.note(
            f"each t was read as a threshold of one balanced {estimator} model per "
            f"fold ({why}): an approximation of refitting at each t, which the "
            "saved model is; --method refit cross-validates it exactly, at "
            f"{len(ts)} times the fits"
        )
    results = chooser.cv_results_
    table = [
        {
            "t": float(t),
            **{
                f"{metric}_{stat}": _native(results[f"{stat}_test_{metric}"][i])
                for metric in METRICS
                for stat in ("mean", "std")
            },
        }
        for i, t in enumerate(results["param_t"])
    ]
    for metric in ("sensitivity", "specificity"):
        lower = results.get(f"lower_test_{metric}")
        if lower is not None:
            for row, value in zip(table, lower):
                row[f"{metric}_lower"] = _native(value)
    best = table[chooser.best_index_]
    summary = {
        "requirement": requirement,
        "requirement_met": bool(chooser.requirement_met_),
        "chosen_t": best["t"],
        "chosen": {
            metric: {"mean": best[f"{metric}_mean"], "std": best[f"{metric}_std"]}
            for metric in METRICS
        },
        "guarantee": _json_ready(chooser.guarantee_),
        "method": chooser.method_,
        "fitted_ts": [float(t) for t in results["param_t"][results["fitted_at_t"]]],
        "fits": cv * max(1, int(np.count_nonzero(results["fitted_at_t"]))) + 1,
        "jobs": jobs,
        "threads": threads,
        "seconds": round(progress.elapsed, 2),
    }
    summary["problems"] = _problems(results, table, summary)
    return _without_tick(chooser.estimator_), chooser, table, summary


def _path_words(summary, n_ts):
    fitted = summary["fitted_ts"]
    if not fitted:
        return "every t read as a threshold of one balanced model per fold"
    if len(fitted) == n_ts:
        return "every t fitted on every fold"
    listed = ", ".join(f"{t:g}" for t in fitted)
    return f"t = {listed} fitted on every fold, the others read as thresholds"


def _method(method, n_rows):
    """The library's ``method`` for ``--method``."""
    if method == "auto" and n_rows > _EXACT_ROWS:
        return "threshold"
    return method


def _json_ready(value):
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    return _native(value)


def _report_fit_warnings(caught, console):
    """One line per distinct warning the fits raised (they repeat per fold)."""
    seen = set()
    for w in caught:
        text = str(w.message).strip().splitlines()[0] if str(w.message) else ""
        key = (w.category.__name__, text)
        if key in seen or "unknown categories" in text:
            # Categories seen only in a test fold are expected in CV.
            continue
        seen.add(key)
        console.note(f"during the search: {w.category.__name__}: {text}")


def _percent(confidence):
    return f"{100 * confidence:g}%"


def _bounded(table, requirement):
    """The rate whose lower confidence bound the table shows, or None."""
    if requirement.get("confidence") is None:
        return None
    metric = requirement["metric"] or "sensitivity"
    return metric if f"{metric}_lower" in table[0] else None


def _format_table(table, requirement, chosen_t, pm):
    from sk_imbalance.utils._stats import _TOL

    names = {
        "sensitivity": "sensitivity",
        "specificity": "specificity",
        "balanced_accuracy": "balanced accuracy",
    }
    constrained = requirement["metric"]
    bounded = _bounded(table, requirement)

    def meets(value):
        return "*" if value >= requirement["minimum"] - _TOL else " "

    def cell(row, metric):
        mean, std = row[f"{metric}_mean"], row[f"{metric}_std"]
        if mean is None:
            return "failed"
        mark = ""
        if metric == constrained and bounded is None:
            mark = meets(mean)
        return f"{mean:.3f} {pm} {std:.3f}{mark}"

    def lower(row):
        value = row[f"{bounded}_lower"]
        if value is None:
            return "n/a"
        return f"{value:.3f}" + (meets(value) if constrained else "")

    decimals = max(len(f"{row['t']:g}".partition(".")[2]) for row in table)
    rows = [
        [f"{row['t']:.{decimals}f}"]
        + [cell(row, m) for m in METRICS]
        + ([lower(row)] if bounded else [])
        for row in table
    ]
    header = ["t"] + [names[m] for m in METRICS]
    if bounded:
        header.append(f"{bounded} >= ({_percent(requirement['confidence'])})")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths))]
    for row, cells in zip(table, rows):
        line = "  ".join(c.rjust(w) for c, w in zip(cells, widths))
        if row["t"] == chosen_t:
            line += "  <- chosen"
        lines.append(line)
    if bounded:
        lines.append(
            f"(last column: the {bounded} that fresh data reach with "
            f"{_percent(requirement['confidence'])} confidence, a one-sided "
            "lower bound from the out-of-fold counts)"
        )
    if constrained:
        where = "its lower bound" if bounded else "the mean"
        lines.append(f"(* {where} meets {constrained} >= {requirement['minimum']:g})")
    return "\n".join(lines)


def _describe_requirement(requirement):
    confidence = requirement.get("confidence")
    if requirement["metric"] is None:
        text = "the best balanced accuracy (mean of sensitivity and specificity)"
        if confidence is not None:
            text += f"; lower bounds at {_percent(confidence)} confidence"
        return text
    held = (
        f" on fresh data with {_percent(confidence)} confidence"
        if confidence is not None
        else " (mean over the folds)"
    )
    return (
        f"{requirement['metric']} >= {requirement['minimum']:g}{held}, then the "
        f"best {requirement['maximize']}"
    )


def _report_search(console, table, summary, cv):
    requirement = summary["requirement"]
    console.print(_format_table(table, requirement, summary["chosen_t"], console.pm))
    console.print()
    chosen, pm = summary["chosen"], console.pm
    rates = ", ".join(
        f"{metric.replace('_', ' ')} {chosen[metric]['mean']:.3f} {pm} "
        f"{chosen[metric]['std']:.3f}"
        for metric in METRICS
        if chosen[metric]["mean"] is not None
    )
    console.print(f"chosen t = {summary['chosen_t']:g}: {rates}")
    console.print(f"  (mean {pm} standard deviation over {cv} cross-validation folds)")
    console.print(f"  ({_path_words(summary, len(table))})")
    guarantee = summary.get("guarantee")
    if guarantee:
        percent = _percent(guarantee["confidence"])
        bounds = ", ".join(
            f"{metric} >= {guarantee[metric]['lower']:.3f}"
            for metric in ("sensitivity", "specificity")
            if metric in guarantee and guarantee[metric]["lower"] is not None
        )
        console.print(f"  on fresh data, with {percent} confidence: {bounds}")


# A balanced accuracy this close to a coin flip's 0.5 is a useless model.
_CHANCE = 0.55


def _problems(results, table, summary):
    """Warnings for a result that is useless or sits where the grid ends."""
    ts = [row["t"] for row in table]
    n_splits = len([key for key in results if key.endswith("_test_sensitivity")
                    and key.startswith("split")])  # fmt: skip
    problems = []
    same = len(ts) > 1
    for metric in ("sensitivity", "specificity"):
        folds = np.array([results[f"split{k}_test_{metric}"] for k in range(n_splits)])
        same &= bool(np.allclose(folds, folds[:, :1], equal_nan=True, rtol=0))
    chosen = summary["chosen"]
    rates = (
        f"sensitivity {_fmt(chosen['sensitivity']['mean'])}, specificity "
        f"{_fmt(chosen['specificity']['mean'])}"
    )
    if same:
        problems.append(
            "t changed nothing: every t of the grid gave the same cross-validated "
            f"predictions ({rates}), so the chosen t means nothing. The model "
            "ignores the class weights here; try another --estimator"
        )
    balanced = [row["balanced_accuracy_mean"] for row in table]
    best = max((b for b in balanced if b is not None), default=None)
    if best is not None and best <= _CHANCE:
        i = balanced.index(best)
        problems.append(
            f"the model does no better than chance: the best cross-validated "
            f"balanced accuracy is {best:.3f} (t = {ts[i]:g}; a coin flip gives "
            "0.5). The features do not separate the classes at any t, or there "
            "are too few positives to learn from; its predictions are useless"
        )
    t = summary["chosen_t"]
    if not same and len(ts) >= 3 and t in (ts[0], ts[-1]):
        i = ts.index(t)
        j = 1 if i == 0 else len(ts) - 2
        side = "smallest" if i == 0 else "largest"
        metric = summary["requirement"]["maximize"]
        name = metric.replace("_", " ")
        here, there = table[i][f"{metric}_mean"], table[j][f"{metric}_mean"]
        problems.append(
            f"the chosen t = {t:g} is the {side} value of the grid ({name} "
            f"{_fmt(here)} there, {_fmt(there)} at t = {ts[j]:g}): the best t "
            "may lie beyond it; extend the grid with --ts"
        )
    return problems


def _fmt(value):
    return "n/a" if value is None else f"{value:.3f}"


def _warn_unmet(console, table, summary):
    """The unmet requirement, with advice read from the measured curve."""
    requirement = summary["requirement"]
    metric = requirement["metric"]
    guarantee = summary.get("guarantee")
    if guarantee and metric in guarantee:
        _warn_unsupported(console, table, summary, guarantee)
        return
    ts = [row["t"] for row in table]
    values = np.array(
        [np.nan if row[f"{metric}_mean"] is None else row[f"{metric}_mean"]
         for row in table]
    )  # fmt: skip
    finite = np.isfinite(values)
    best = float(np.nanmax(values)) if finite.any() else float("nan")
    # Sensitivity should grow with t, specificity fall: the t that helps.
    helping = "larger" if metric == "sensitivity" else "smaller"
    edge = len(ts) - 1 if metric == "sensitivity" else 0
    peak = int(np.nanargmax(values)) if finite.any() else edge
    if not finite.any() or np.nanmax(values) - np.nanmin(values) <= 1e-9:
        advice = (
            f"t does not move {metric} here ({best:.3f} at every t): try another "
            "--estimator, or more data"
        )
    elif peak == edge:
        advice = (
            f"{metric} grows toward t = {ts[edge]:g}, so {helping} values of t "
            "may reach it (--ts), or another --estimator, or more data"
        )
    else:
        advice = (
            f"{metric} peaks at t = {ts[peak]:g} and falls beyond it, so {helping} "
            "values of t will not help: try another --estimator, or more data"
        )
    console.warn(
        f"no t reaches {metric} >= {requirement['minimum']:g} (the best "
        f"cross-validated {metric} is {best:.3f}); t = {summary['chosen_t']:g} "
        f"is the closest. {advice[0].upper()}{advice[1:]}"
    )


def _warn_unsupported(console, table, summary, guarantee):
    """An unmet requirement at a confidence: what the data support, and how
    many positives (negatives) the requirement needs."""
    requirement = summary["requirement"]
    metric = requirement["metric"]
    item = guarantee[metric]
    percent = _percent(guarantee["confidence"])
    units = "positives" if metric == "sensitivity" else "negatives"
    needed = item["needed"]
    need = (
        f"at least {needed:.0f} {units}, all predicted right"
        if needed is not None
        else "more than any finite sample can show (a rate of 1)"
    )
    if item["supported"] < requirement["minimum"]:
        advice = f"only more {units} can support it"
    else:
        advice = (
            f"no t shows it at {percent} confidence, although the best bound "
            "would: try another --estimator, or more data"
        )
    console.warn(
        f"the requirement is not met at {percent} confidence: {item['n']:.0f} "
        f"{units} support {metric} >= {item['supported']:.3f} at most; {metric} "
        f">= {requirement['minimum']:g} needs {need}, so {advice}. t = "
        f"{summary['chosen_t']:g} has the highest lower bound ({metric} >= "
        f"{item['lower']:.3f})"
    )


# Tick labels of the log-odds axis.
_TICKS = (0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99)


def _save_plot(search, path, fmt, summary, title):
    matplotlib = _require("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sk_imbalance.model_selection import TradeoffCurveDisplay

    display = TradeoffCurveDisplay.from_cv_results(search, name=title)
    ax = display.ax_
    # The display draws the lower bounds and the minimums of a search with a
    # confidence; without one, the requirement line is the command line's to add.
    requirement = summary["requirement"]
    metric = requirement["metric"]
    if metric is not None and metric not in display.minimum_lines_:
        ax.axhline(
            requirement["minimum"],
            color="0.6",
            linestyle=":",
            label=f"{requirement['metric']} >= {requirement['minimum']:g}",
        )
    ts = [float(t) for t in search.cv_results_["param_t"]]
    if len(ts) > 1 and 0 < min(ts) and max(ts) < 1:
        # The grid is spaced on the log-odds scale; on a linear axis its values
        # near 1 (where screening requirements are met) crowd together.
        from matplotlib.ticker import NullFormatter

        ax.set_xscale("logit")
        ax.set_xlim(min(ts) / 1.5, 1 - (1 - max(ts)) / 1.5)
        ticks = [t for t in _TICKS if min(ts) <= t <= max(ts)]
        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("t (log-odds scale)")
    ax.legend(loc="best")
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format=fmt, dpi=150, bbox_inches="tight")
    plt.close(ax.figure)
    _atomic_write(path, buffer.getvalue())
