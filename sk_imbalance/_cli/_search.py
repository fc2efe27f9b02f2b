"""The cross-validated search over ``t`` by the library's chooser: the run,
its table and summary, and the problems of a result."""

import contextlib
import time
import warnings

import numpy as np

from ._console import FitFailed, _native
from ._model import _ESTIMATOR_NAMES, ESTIMATORS, _make_estimator, _make_pipeline
from ._progress import _progress
from ._requirements import (
    METRICS,
    _add_objective,
    _add_predictive,
    _prevalence,
    _requirements_at,
)

__all__ = ["ESTIMATORS", "METRICS"]


# Up to this many rows, ``--method auto`` takes the library's default path (exact
# refits for models whose scores are not log-odds); above it, the threshold path
# (one fit per fold), which keeps a million rows within minutes.
_EXACT_ROWS = 10_000


def _search(
    X,
    y,
    kinds,
    *,
    positive,
    estimator,
    ts,
    requirement,
    selection,
    cv,
    method,
    n_jobs,
    threads,
    random_state,
    console,
    causes=(),
    row_costs=None,
):
    """Cross-validate ``t`` with the library's chooser; returns (model, chooser,
    table, summary), ``model`` the TradeoffClassifier refitted at the chosen
    ``t``.  ``row_costs``: ``fit``'s ``fn_cost`` and ``fp_cost`` when a cost
    is given per row (the fixed ``costs`` then go there too)."""
    from joblib import parallel_config
    from sklearn.model_selection import StratifiedKFold
    from threadpoolctl import threadpool_limits

    from sk_imbalance import TradeoffClassifierCV
    from sk_imbalance.exceptions import RequirementNotMetWarning

    pipeline = _make_pipeline(kinds, _make_estimator(estimator, random_state))
    minimums = dict(requirement["predictive"])
    if requirement["metric"] is not None:
        minimums[f"min_{requirement['metric']}"] = requirement["minimum"]
    jobs = 1 if n_jobs is None else n_jobs
    progress = _progress(
        console.err, enabled=not console.quiet and console.err.isatty()
    )
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught, progress as verbose:
        warnings.simplefilter("always")
        chooser = TradeoffClassifierCV(
            pipeline,
            ts=None if ts is None else list(ts),
            cv=StratifiedKFold(cv, shuffle=True, random_state=random_state),
            objective=requirement["maximize"],
            pos_label=positive,
            selection=selection,
            method=_method(method, y.shape[0]),
            confidence=requirement["confidence"],
            n_jobs=jobs,
            random_state=random_state,
            verbose=verbose,
            prevalence=requirement["prevalence"],
            costs=None if row_costs else requirement["costs"],
            **minimums,
        )
        # Without --threads the chooser's own budget (the idle cores, or
        # OMP_NUM_THREADS) decides; with it, no fit uses more.
        limits = contextlib.ExitStack()
        if threads is not None:
            limits.enter_context(threadpool_limits(threads))
            if jobs != 1:
                limits.enter_context(
                    parallel_config(backend="loky", inner_max_num_threads=threads)
                )
        try:
            with limits:
                chooser.fit(X, y, **(row_costs or {}))
        except (KeyboardInterrupt, MemoryError):
            raise
        except Exception as exc:
            raise FitFailed(
                f"the {_ESTIMATOR_NAMES[estimator]} could not be fitted: "
                f"{type(exc).__name__}: {_last_line(exc)}"
            ) from None
    seconds = time.perf_counter() - start
    # The unmet requirement is said in the command line's words (_warn_unmet),
    # with the library's account of what the data support.
    _report_fit_warnings(
        [w for w in caught if not issubclass(w.category, RequirementNotMetWarning)],
        console,
    )
    unmet = [
        str(w.message)
        for w in caught
        if issubclass(w.category, RequirementNotMetWarning)
    ]

    results = chooser.cv_results_
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
            f"{len(results['param_t'])} times the fits"
        )
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
            for row, value in zip(table, lower, strict=True):
                row[f"{metric}_lower"] = _native(value)
    _add_objective(table, results, requirement["maximize"])
    _add_predictive(table, results, requirement)
    best = table[chooser.best_index_]
    fitted = np.asarray(results["fitted_at_t"], dtype=bool)
    summary = {
        "requirement": requirement,
        "selection": selection,
        "requirement_met": bool(chooser.requirement_met_),
        "chosen_t": best["t"],
        "chosen": {
            metric: {"mean": best[f"{metric}_mean"], "std": best[f"{metric}_std"]}
            for metric in (*METRICS, requirement["maximize"])
        },
        "best_mean": _best_mean(table, requirement, chooser.best_index_),
        "guarantee": _json_ready(chooser.guarantee_),
        "requirements": _requirements_at(best, requirement),
        "unmet_reason": unmet[-1] if unmet else None,
        "prevalence": _prevalence(requirement, y, positive),
        "method": chooser.method_,
        "fitted_ts": [float(t) for t in np.asarray(results["param_t"])[fitted]],
        # One fit per fold on the threshold path, one per fitted t and fold on
        # the others, then the final fit on all rows.
        "fits": chooser.n_splits_ * max(1, int(fitted.sum())) + 1,
        "causes": list(causes),
        "jobs": jobs,
        "threads": threads,
        "seconds": round(seconds, 2),
    }
    summary["problems"] = _problems(table, summary, causes)
    return chooser.estimator_, chooser, table, summary


def _last_line(exc):
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else "(no message)"


def _best_mean(table, requirement, chosen):
    """Where the best mean of the objective is, when the one-standard-error
    rule chose another ``t`` (no minimum): ``{"t", "value"}``, else None."""
    if requirement["metric"] is not None or requirement.get("predictive"):
        return None  # minimums: the one-standard-error rule does not apply
    key = f"{requirement['maximize']}_mean"
    # The expected cost is the one objective where less is better.
    sign = -1 if requirement["maximize"] == "expected_cost" else 1
    values = [np.nan if row[key] is None else sign * row[key] for row in table]
    if not np.isfinite(values).any():
        return None
    top = float(np.nanmax(values))
    here = table[chosen][key]
    if here is None or sign * here >= top:
        return None
    near = [i for i, v in enumerate(values) if v == top]
    i = min(near, key=lambda i: abs(table[i]["t"] - 0.5))
    return {"t": table[i]["t"], "value": sign * top}


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


# A balanced accuracy this close to a coin flip's 0.5 is a useless model.
_CHANCE = 0.55


def _problems(table, summary, causes=()):
    """Warnings for a result that is useless or sits where the grid ends;
    ``causes`` (columns kept that give the class away) are named first."""
    ts = [row["t"] for row in table]
    problems = []
    # Every t alike: the same mean and spread over the folds of both rates.
    same = len(ts) > 1
    for metric in ("sensitivity", "specificity"):
        for stat in ("mean", "std"):
            values = np.array(
                [np.nan if row[f"{metric}_{stat}"] is None else row[f"{metric}_{stat}"]
                 for row in table]
            )  # fmt: skip
            same &= bool(np.allclose(values, values[0], equal_nan=True, rtol=0))
    chosen = summary["chosen"]
    rates = (
        f"sensitivity {_fmt(chosen['sensitivity']['mean'])}, specificity "
        f"{_fmt(chosen['specificity']['mean'])}"
    )
    if same:
        problems.append(
            "t changed nothing: every t of the grid gave the same cross-validated "
            f"predictions ({rates}), so the chosen t means nothing. "
            + (
                f"The likely cause: {causes[0]}"
                if causes
                else "The model ignores the class weights here; try another --estimator"
            )
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


def _percent(confidence):
    return f"{100 * confidence:g}%"
