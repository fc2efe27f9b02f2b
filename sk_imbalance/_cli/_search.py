"""The cross-validated grid search over ``t``: the estimator and its
preprocessing, the requirement, the table of results and the tradeoff curve."""

import io
import math
import warnings

from ._console import FitFailed, _native, _require
from ._files import _atomic_write
from ._progress import _CountingScorer, _Progress

ESTIMATORS = ("logistic", "forest", "hgb", "svm", "knn")

_ESTIMATOR_NAMES = {
    "logistic": "logistic regression",
    "forest": "random forest",
    "hgb": "histogram gradient boosting",
    "svm": "support vector machine (RBF kernel)",
    "knn": "k nearest neighbours (weights by resampling)",
}

# Spaced on the log-odds scale: the weight ratio t / (1 - t) runs from 1/99 to 99.
# Screening requirements often need t beyond 0.95 (the built-in demo needs 0.98).
DEFAULT_TS = (
    0.01,
    0.02,
    0.05,
    0.1,
    0.2,
    0.3,
    0.4,
    0.5,
    0.6,
    0.7,
    0.8,
    0.9,
    0.95,
    0.98,
    0.99,
)

METRICS = ("sensitivity", "specificity", "balanced_accuracy")


class _QuietRefit:
    """A ``refit`` callable without the selection's warning.

    An unmet requirement is reported by ``_warn_unmet`` in the command line's
    words (the library's warning names a candidate index).
    """

    def __init__(self, refit):
        self.refit = refit

    def __call__(self, cv_results):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return self.refit(cv_results)


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
                    SimpleImputer(strategy="median", keep_empty_features=True),
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
    if getattr(args, "min_sensitivity", None) is not None:
        return {
            "metric": "sensitivity",
            "minimum": args.min_sensitivity,
            "maximize": "specificity",
        }
    if getattr(args, "min_specificity", None) is not None:
        return {
            "metric": "specificity",
            "minimum": args.min_specificity,
            "maximize": "sensitivity",
        }
    return {"metric": None, "minimum": None, "maximize": "balanced_accuracy"}


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
    n_jobs,
    random_state,
    console,
):
    """Run the grid search over ``t``; returns (search, table, summary)."""
    from sklearn.metrics import check_scoring
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    from sk_imbalance import TradeoffClassifier
    from sk_imbalance.metrics import tradeoff_scoring
    from sk_imbalance.model_selection import constrained_refit
    from sk_imbalance.model_selection._refit import _TOL

    model = TradeoffClassifier(
        _make_pipeline(kinds, _make_estimator(estimator, random_state)),
        pos_label=positive,
        random_state=random_state,
    )
    minimums = {}
    if requirement["metric"] is not None:
        minimums[requirement["metric"]] = requirement["minimum"]
    refit = _QuietRefit(constrained_refit(requirement["maximize"], **minimums))
    sequential = n_jobs in (None, 1)
    progress = _Progress(
        len(ts) * cv,
        stream=console.err,
        enabled=not console.quiet and console.err.isatty(),
        counting=sequential,
    )
    scoring = tradeoff_scoring(pos_label=positive)
    if sequential:
        scoring = _CountingScorer(check_scoring(model, scoring=scoring), progress)
    search = GridSearchCV(
        model,
        {"t": list(ts)},
        scoring=scoring,
        refit=refit,
        cv=StratifiedKFold(cv, shuffle=True, random_state=random_state),
        n_jobs=n_jobs,
    )
    with warnings.catch_warnings(record=True) as caught, progress:
        warnings.simplefilter("always")
        try:
            search.fit(X, y)
        except ValueError as exc:
            if "fits failed" not in str(exc):
                raise
            reason = [line for line in str(exc).splitlines() if line.strip()][-1]
            raise FitFailed(f"every fit failed: {reason.strip()}") from None
    _report_fit_warnings(caught, console)

    results = search.cv_results_
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
    best = table[search.best_index_]
    met = requirement["metric"] is None or (
        best[f"{requirement['metric']}_mean"] is not None
        and best[f"{requirement['metric']}_mean"] >= requirement["minimum"] - _TOL
    )
    summary = {
        "requirement": requirement,
        "requirement_met": met,
        "chosen_t": best["t"],
        "chosen": {
            metric: {"mean": best[f"{metric}_mean"], "std": best[f"{metric}_std"]}
            for metric in METRICS
        },
        "fits": len(ts) * cv + 1,
        "seconds": round(progress.elapsed, 2),
    }
    return search, table, summary


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


def _format_table(table, requirement, chosen_t, pm):
    from sk_imbalance.model_selection._refit import _TOL

    names = {
        "sensitivity": "sensitivity",
        "specificity": "specificity",
        "balanced_accuracy": "balanced accuracy",
    }
    constrained = requirement["metric"]

    def cell(row, metric):
        mean, std = row[f"{metric}_mean"], row[f"{metric}_std"]
        if mean is None:
            return "failed"
        mark = ""
        if metric == constrained:
            mark = "*" if mean >= requirement["minimum"] - _TOL else " "
        return f"{mean:.3f} {pm} {std:.3f}{mark}"

    decimals = max(len(f"{row['t']:g}".partition(".")[2]) for row in table)
    rows = [
        [f"{row['t']:.{decimals}f}"] + [cell(row, m) for m in METRICS] for row in table
    ]
    header = ["t"] + [names[m] for m in METRICS]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths))]
    for row, cells in zip(table, rows):
        line = "  ".join(c.rjust(w) for c, w in zip(cells, widths))
        if row["t"] == chosen_t:
            line += "  <- chosen"
        lines.append(line)
    if constrained:
        lines.append(f"(* meets {constrained} >= {requirement['minimum']:g})")
    return "\n".join(lines)


def _describe_requirement(requirement):
    if requirement["metric"] is None:
        return "the best balanced accuracy (mean of sensitivity and specificity)"
    return (
        f"{requirement['metric']} >= {requirement['minimum']:g}, then the best "
        f"{requirement['maximize']}"
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


def _warn_unmet(console, table, summary):
    requirement = summary["requirement"]
    metric = requirement["metric"]
    reached = [row[f"{metric}_mean"] for row in table]
    best = max((value for value in reached if value is not None), default=math.nan)
    console.warn(
        f"no t reaches {metric} >= {requirement['minimum']:g} (the best "
        f"cross-validated {metric} is {best:.3f}); t = {summary['chosen_t']:g} "
        "is the closest. Try larger values of t (--ts), another --estimator, "
        "or more data"
    )


def _save_plot(search, path, fmt, summary, title):
    matplotlib = _require("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sk_imbalance.model_selection import TradeoffCurveDisplay

    display = TradeoffCurveDisplay.from_cv_results(search, name=title)
    ax = display.ax_
    requirement = summary["requirement"]
    if requirement["metric"] is not None:
        ax.axhline(
            requirement["minimum"],
            color="0.6",
            linestyle=":",
            label=f"{requirement['metric']} >= {requirement['minimum']:g}",
        )
    ax.legend(loc="best")
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format=fmt, dpi=150, bbox_inches="tight")
    plt.close(ax.figure)
    _atomic_write(path, buffer.getvalue())
