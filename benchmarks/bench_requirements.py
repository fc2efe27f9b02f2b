"""Precision, NPV, alert budget and costs: do the requirements hold on fresh data?

The protocol of ``bench_guarantee.py`` (small training sets, large test sets,
the same scaled logistic regression, 49 values of ``t``, ``method="threshold"``),
one requirement at a time at 90% confidence:

- ``precision >= P``, maximising sensitivity;
- ``NPV >= N``, maximising specificity;
- ``alert rate <= A`` (share predicted positive), maximising sensitivity;

``TradeoffClassifierCV(min_precision=P | min_npv=N | max_alert_rate=A,
confidence=0.9)`` against MAPIE's ``BinaryClassificationController`` with the
matching risk ("precision", "negative_predictive_value",
"predicted_positive_fraction"; ``best_predict_param_choice`` "recall" or "fpr"
for the objective) calibrated on a stratified 50% split, the model (``t=0.5``)
fitted on the other half.  A **violation** is a test value on the wrong side of
the requirement; an abstention (MAPIE finds no valid threshold) has no test
value; "warn" counts our warnings (requirement not met at the confidence; the
model is still returned).  The objective is the mean test value over the models
produced.

Data: ``synthetic`` (5% positives, 50 or 150 positives to train on, 200,000
fresh test rows) and ``breast cancer`` (50 malignant + 150 benign to train on,
25% prevalence; the rest to test, 44% malignant: ``prevalence=`` is given the
deployment prevalence, which MAPIE has no way to take).

Costs: a missed positive costs 100, a false alarm 5.  ``TradeoffClassifier(
costs=...)`` (no search: ``t`` from the costs and the training prevalence),
``TradeoffClassifierCV(objective="expected_cost", costs=...,
selection="best")`` and
scikit-learn's ``TunedThresholdClassifierCV`` with the same costs as a scorer
(``make_expected_cost_scorer``), against ``t=0.5``: held-out expected cost per
row and fit time (median; the ratio is against TunedThresholdClassifierCV).

Run: python benchmarks/bench_requirements.py [--repeats 200] [--sizes 50 150]
     [--part requirements costs] [--n-test 200000]
"""

import argparse
import time
import warnings

import numpy as np
from bench_guarantee import MODEL, PREVALENCE, TS, _draw_train, _synthetic_pool
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import precision_score
from sklearn.model_selection import TunedThresholdClassifierCV, train_test_split
from threadpoolctl import threadpool_limits

from sk_imbalance import TradeoffClassifier, TradeoffClassifierCV
from sk_imbalance.exceptions import RequirementNotMetWarning
from sk_imbalance.metrics import (
    alert_rate_score,
    expected_cost,
    make_expected_cost_scorer,
    npv_score,
    sensitivity_score,
    specificity_score,
)

CONFIDENCE = 0.9
COSTS = {"false_positive": 5.0, "false_negative": 100.0}

# requirement -> (our parameter, MAPIE risk, MAPIE choice, objective, metric,
# whether the metric is a minimum)
KINDS = {
    "precision": ("min_precision", "precision", "recall", "sensitivity", True),
    "npv": ("min_npv", "negative_predictive_value", "fpr", "specificity", True),
    "alert rate": (
        "max_alert_rate",
        "predicted_positive_fraction",
        "recall",
        "sensitivity",
        False,
    ),
}
KINDS_RUN = list(KINDS)
TARGETS = {
    "synthetic": {"precision": 0.5, "npv": 0.985, "alert rate": 0.10},
    "cancer": {"precision": 0.95, "npv": 0.95, "alert rate": 0.5},
}


def _metric(kind, y, pred):
    if kind == "precision":
        return precision_score(y, pred, zero_division=np.nan)
    if kind == "npv":
        return npv_score(y, pred, zero_division=np.nan)
    return alert_rate_score(y, pred)


def _objective(name, y, pred):
    scorer = sensitivity_score if name == "sensitivity" else specificity_score
    return scorer(y, pred)


def _ours(kind, target, X, y, seed, prevalence):
    param, _, _, objective, _ = KINDS[kind]
    clf = TradeoffClassifierCV(
        MODEL,
        ts=TS,
        objective=objective,
        method="threshold",
        confidence=CONFIDENCE,
        prevalence=prevalence,
        random_state=seed,
        **{param: target},
    )
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clf.fit(X, y)
    seconds = time.perf_counter() - start
    warned = any(issubclass(w.category, RequirementNotMetWarning) for w in caught)
    return clf, seconds, warned


def _mapie(kind, target, X, y, seed):
    from mapie.risk_control import BinaryClassificationController

    _, risk, choice, _, _ = KINDS[kind]
    start = time.perf_counter()
    X_fit, X_cal, y_fit, y_cal = train_test_split(
        X, y, test_size=0.5, stratify=y, random_state=seed
    )
    model = TradeoffClassifier(MODEL, t=0.5).fit(X_fit, y_fit)
    controller = BinaryClassificationController(
        predict_function=model.predict_proba,
        risk=risk,
        target_level=target,
        confidence_level=CONFIDENCE,
        best_predict_param_choice=choice,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        controller.calibrate(X_cal, y_cal)
    seconds = time.perf_counter() - start
    if controller.best_predict_param is None:
        return None, seconds
    return controller, seconds


def _violated(kind, value, target):
    return value < target if KINDS[kind][4] else value > target


def _requirements_rep(Xtr, ytr, Xte, yte, seed, targets, prevalence):
    out = {}
    for kind, target in targets.items():
        if kind not in KINDS_RUN:
            continue
        objective = KINDS[kind][3]
        clf, seconds, warned = _ours(kind, target, Xtr, ytr, seed, prevalence)
        pred = clf.predict(Xte)
        out[(kind, "ours")] = (
            _metric(kind, yte, pred),
            _objective(objective, yte, pred),
            seconds,
            warned,
        )
        controller, seconds = _mapie(kind, target, Xtr, ytr, seed)
        if controller is None:
            out[(kind, "MAPIE")] = (np.nan, np.nan, seconds, True)
        else:
            pred = controller.predict(Xte)
            out[(kind, "MAPIE")] = (
                _metric(kind, yte, pred),
                _objective(objective, yte, pred),
                seconds,
                False,
            )
    return out


def _costs_rep(Xtr, ytr, Xte, yte, seed):
    cost = {"fn_cost": COSTS["false_negative"], "fp_cost": COSTS["false_positive"]}
    models = {
        "t=0.5": TradeoffClassifier(MODEL, t=0.5),
        "TradeoffClassifier(costs)": TradeoffClassifier(MODEL, costs=COSTS),
        "TradeoffClassifierCV(expected_cost)": TradeoffClassifierCV(
            MODEL,
            ts=TS,
            objective="expected_cost",
            costs=COSTS,
            selection="best",
            method="threshold",
            random_state=seed,
        ),
        "TunedThresholdClassifierCV": TunedThresholdClassifierCV(
            MODEL,
            scoring=make_expected_cost_scorer(**cost),
            random_state=seed,
        ),
    }
    out = {}
    for name, model in models.items():
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(Xtr, ytr)
        seconds = time.perf_counter() - start
        out[name] = (expected_cost(yte, model.predict(Xte), **cost), seconds)
    return out


def _tasks(args):
    (X_pool, y_pool), (X_test, y_test) = _synthetic_pool(n_test=args.n_test)
    cancer_X, cancer_y = load_breast_cancer(return_X_y=True)
    cancer_y = 1 - cancer_y
    for n_pos in args.sizes:
        rng = np.random.default_rng(n_pos)
        n_neg = round(n_pos * (1 - PREVALENCE) / PREVALENCE)

        def draw(rng=rng, n_pos=n_pos, n_neg=n_neg):
            rows = _draw_train(X_pool, y_pool, n_pos, n_neg, rng)
            return X_pool[rows], y_pool[rows], X_test, y_test

        yield f"synthetic, {n_pos} positives", "synthetic", draw, None
    if not args.no_real:
        rng = np.random.default_rng(7)
        rest_prevalence = (cancer_y.sum() - 50) / (cancer_y.size - 200)

        def draw_cancer(rng=rng):
            rows = _draw_train(cancer_X, cancer_y, 50, 150, rng)
            test = np.setdiff1d(np.arange(cancer_y.size), rows)
            return cancer_X[rows], cancer_y[rows], cancer_X[test], cancer_y[test]

        yield "breast cancer, 50 positives", "cancer", draw_cancer, rest_prevalence


def _print_requirements(label, data, results):
    for kind, target in TARGETS[data].items():
        if kind not in KINDS_RUN:
            continue
        sign = ">=" if KINDS[kind][4] else "<="
        for method in ("ours", "MAPIE"):
            arr = np.array([r[(kind, method)] for r in results], dtype=float)
            value, objective, seconds, flagged = arr.T
            made = ~np.isnan(value)
            violation = (
                np.mean(_violated(kind, value[made], target)) if made.any() else np.nan
            )
            mean_value = value[made].mean() if made.any() else np.nan
            mean_objective = objective[made].mean() if made.any() else np.nan
            print(
                f"{label:<28} {kind + ' ' + sign + ' ' + f'{target:g}':<20} "
                f"{method:<6} {violation:>9.3f} {mean_value:>7.3f} "
                f"{KINDS[kind][3][:4]} {mean_objective:>6.3f} "
                f"{int(flagged.sum()):>10d} {np.median(seconds):>7.3f}"
            )


def _print_costs(label, results):
    names = list(results[0])
    base = np.median([r["TunedThresholdClassifierCV"][1] for r in results])
    for name in names:
        cost, seconds = np.array([r[name] for r in results]).T
        print(
            f"{label:<28} {name:<36} {cost.mean():>9.3f} {np.median(seconds):>7.3f} "
            f"{np.median(seconds) / base:>7.2f}x"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 150])
    parser.add_argument("--no-real", action="store_true", help="skip breast cancer")
    parser.add_argument(
        "--n-test", type=int, default=200_000, help="fresh synthetic test rows"
    )
    parser.add_argument(
        "--kinds", nargs="+", default=list(KINDS), help="requirements to run"
    )
    parser.add_argument(
        "--part", nargs="+", default=["requirements", "costs"], help="what to run"
    )
    args = parser.parse_args()
    KINDS_RUN.clear()
    KINDS_RUN.extend(args.kinds)
    print(f"{args.repeats} repetitions per task; confidence {CONFIDENCE:.0%}")
    with threadpool_limits(1):
        if "requirements" in args.part:
            header = (
                f"{'task':<28} {'requirement':<20} {'method':<6} {'violation':>9} "
                f"{'value':>7} {'objective':>11} {'abstain/warn':>10} {'fit s':>7}"
            )
            print(header)
            print("-" * len(header))
            for label, data, draw, prevalence in _tasks(args):
                results = [
                    _requirements_rep(
                        *draw(), seed=r, targets=TARGETS[data], prevalence=prevalence
                    )
                    for r in range(args.repeats)
                ]
                _print_requirements(label, data, results)
                print(flush=True)
        if "costs" in args.part:
            header = (
                f"{'task':<28} {'method':<36} {'test cost':>9} {'fit s':>7} "
                f"{'vs TTCV':>8}"
            )
            print(header)
            print("-" * len(header))
            for label, _, draw, _ in _tasks(args):
                results = [_costs_rep(*draw(), seed=r) for r in range(args.repeats)]
                _print_costs(label, results)
                print(flush=True)


if __name__ == "__main__":
    main()
