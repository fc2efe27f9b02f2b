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

Costs (``--part costs``): a missed positive costs 100, a false alarm 5, on the
two synthetic tasks, breast cancer, synthetic data with 20% positives (50 and
200 others to train on: the Bayes ``t`` is about 0.83) and the digits ("9 or
not", 30 nines and 270 others to train on).  One fit each:
``TradeoffClassifier(costs=...)`` (the default ``costs_by="threshold"``:
square-root class weights, then the Bayes cut
``c_FP / (c_FP + c_FN)`` on the risk with the weights undone), the same with
``costs_by="weights"`` (fitted at the Bayes ``t``), the balanced model with the
Bayes cut, and scikit-learn's ``FixedThresholdClassifier`` at the Bayes cut on
the unweighted model.  Cross-validated: ``TradeoffClassifierCV(objective=
"expected_cost", costs=..., selection="best", method="threshold")`` on the
default 49 ``t`` and on 49 ``t`` around the Bayes ``t`` ("fine ts"), and
scikit-learn's ``TunedThresholdClassifierCV`` with the same costs as a scorer
(``make_expected_cost_scorer``), the baseline.  ``t=0.5`` for reference.

Per-row costs (``--part row-costs``, synthetic tasks): a missed positive costs
its amount (log-normal, mean about 100, larger with the first feature), a false
alarm 5.  ``TradeoffClassifier(costs)`` is here ``TradeoffClassifier().fit(X,
y, fn_cost=amount, fp_cost=5)`` (one fit, each row weighted by the cost of its
mistake); the searches get the amounts as ``fit(fn_cost=amount)`` (for
``TunedThresholdClassifierCV``: routed to the scorer, which requests
``fn_cost``); the other one-fit rules ("mean") take the mean amount of
the training positives as the cost of a miss.

Columns: the repetitions a method ran on (``--cv-repeats`` runs the
``TradeoffClassifierCV`` rows, 15 fits each, on the first ones only), the
mean held-out expected cost per row, its paired difference to
``TunedThresholdClassifierCV`` (same training rows, same test rows) with the
standard error over repetitions, median fit seconds and their ratio to the
baseline's.  The verdict: is ``TradeoffClassifier(costs)`` no worse than the
baseline (paired difference at most two standard errors above 0) at no more
than half its fit time, on every task?

Run: python benchmarks/bench_requirements.py [--repeats 200] [--sizes 50 150]
     [--part requirements costs row-costs] [--n-test 200000] [--no-real]
     [--cv-repeats 50]
"""

import argparse
import time
import warnings

import numpy as np
from bench_guarantee import MODEL, PREVALENCE, TS, _draw_train, _synthetic_pool
from scipy.special import expit, logit
from sklearn import config_context
from sklearn.datasets import load_breast_cancer, load_digits, make_classification
from sklearn.metrics import precision_score
from sklearn.model_selection import (
    FixedThresholdClassifier,
    TunedThresholdClassifierCV,
    train_test_split,
)
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
# The first feature's mean and standard deviation in the synthetic test rows
# (set by _tasks; _amount standardises with them).
AMOUNT_SCALE = {}

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


def _bayes_grid(y, costs):
    """49 values of ``t`` around the Bayes ``t`` of ``costs`` (log-odds within
    +-3 of it, 0.125 apart): the grid where the cost optimum is."""
    n_pos = y.sum()
    c_fn, c_fp = costs["false_negative"], costs["false_positive"]
    bayes = logit(c_fn * n_pos / (c_fn * n_pos + c_fp * (y.size - n_pos)))
    return np.round(expit(bayes + np.linspace(-3, 3, 49)), 6)


def _cost_models(seed, y, costs, per_row, with_cv=True):
    """name -> (unfitted model, fit keyword arguments, metadata routing on).

    ``per_row``: the training rows' amounts (a missed positive costs its
    amount), else None (``costs`` alone)."""
    c_fp = costs["false_positive"]
    fit = {} if per_row is None else {"fn_cost": per_row, "fp_cost": c_fp}
    if per_row is not None:
        # One fit needs one number: the mean amount of the training positives.
        costs = {"false_positive": c_fp, "false_negative": per_row[y == 1].mean()}
    cut = costs["false_positive"] / (costs["false_positive"] + costs["false_negative"])
    scorer = make_expected_cost_scorer(fn_cost=costs["false_negative"], fp_cost=c_fp)
    ttcv_fit = {}
    if per_row is not None:
        with config_context(enable_metadata_routing=True):
            scorer = scorer.set_score_request(fn_cost=True)
        ttcv_fit = {"fn_cost": per_row}

    def search(ts):
        return TradeoffClassifierCV(
            MODEL,
            ts=ts,
            objective="expected_cost",
            costs=None if per_row is not None else costs,
            selection="best",
            method="threshold",
            random_state=seed,
        )

    models = {
        "t=0.5": (TradeoffClassifier(MODEL, t=0.5), {}, False),
        "TradeoffClassifier(costs)": (
            TradeoffClassifier(MODEL, costs=costs),
            {},
            False,
        ),
        'TradeoffClassifier(costs, "weights")': (
            TradeoffClassifier(MODEL, costs=costs, costs_by="weights"),
            {},
            False,
        ),
        "balanced, Bayes cut (one fit)": (
            FixedThresholdClassifier(
                TradeoffClassifier(MODEL, t=0.5, correct_proba=True),
                threshold=cut,
                response_method="predict_proba",
            ),
            {},
            False,
        ),
        "FixedThreshold(unweighted, Bayes)": (
            FixedThresholdClassifier(
                MODEL, threshold=cut, response_method="predict_proba"
            ),
            {},
            False,
        ),
        "TradeoffClassifierCV(expected_cost)": (search(TS), fit, False),
        "TradeoffClassifierCV(..., fine ts)": (
            search(_bayes_grid(y, costs)),
            fit,
            False,
        ),
        "TunedThresholdClassifierCV": (
            TunedThresholdClassifierCV(MODEL, scoring=scorer, random_state=seed),
            ttcv_fit,
            per_row is not None,
        ),
    }
    if per_row is not None:
        # One fit with the amounts: each row weighted by its mistake's cost.
        models = {
            "t=0.5": models.pop("t=0.5"),
            "TradeoffClassifier(costs)": (TradeoffClassifier(MODEL), fit, False),
            **{
                name.replace("(costs", "(mean"): model
                for name, model in models.items()
                if name.startswith("TradeoffClassifier(costs")
            },
            **{
                name: model
                for name, model in models.items()
                if not name.startswith("TradeoffClassifier(costs")
            },
        }
    if not with_cv:
        for name in [
            name for name in models if name.startswith("TradeoffClassifierCV")
        ]:
            del models[name]
    return models


def _costs_rep(Xtr, ytr, Xte, yte, seed, amount=None, with_cv=True):
    """Held-out expected cost per row and fit seconds of every method;
    ``amount``: (training, test) amounts, a missed positive costing its
    amount, else the fixed ``COSTS``."""
    train_amount, test_amount = (None, None) if amount is None else amount
    test_cost = {"fn_cost": COSTS["false_negative"], "fp_cost": COSTS["false_positive"]}
    if amount is not None:
        test_cost["fn_cost"] = test_amount
    out = {}
    models = _cost_models(seed, ytr, COSTS, train_amount, with_cv)
    for name, (model, fit, routed) in models.items():
        start = time.perf_counter()
        with warnings.catch_warnings(), config_context(enable_metadata_routing=routed):
            warnings.simplefilter("ignore")
            model.fit(Xtr, ytr, **fit)
        seconds = time.perf_counter() - start
        out[name] = (expected_cost(yte, model.predict(Xte), **test_cost), seconds)
    return out


def _tasks(args):
    (X_pool, y_pool), (X_test, y_test) = _synthetic_pool(n_test=args.n_test)
    AMOUNT_SCALE.update(mean=X_test[:, 0].mean(), std=X_test[:, 0].std())
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


def _common_positives_task(n_test=100_000):
    """Costs only: synthetic data with 20% positives (50 and 200 others to
    train on), where the costs' Bayes t is far from 0.5 (about 0.83)."""
    X, y = make_classification(
        n_samples=n_test + 100_000,
        n_features=15,
        n_informative=4,
        n_redundant=3,
        weights=[0.8],
        flip_y=0.02,
        class_sep=0.8,
        random_state=11,
    )
    X_test, y_test = X[:n_test], y[:n_test]
    X_pool, y_pool = X[n_test:], y[n_test:]
    rng = np.random.default_rng(20)

    def draw():
        rows = _draw_train(X_pool, y_pool, 50, 200, rng)
        return X_pool[rows], y_pool[rows], X_test, y_test

    return "synthetic 20%, 50 positives", draw


def _digits_task():
    """Costs only: "is it a 9" among the handwritten digits (10% nines), 30
    nines and 270 others to train on, the other 1,497 rows to test."""
    X, y = load_digits(return_X_y=True)
    y = (y == 9).astype(int)
    rng = np.random.default_rng(9)

    def draw():
        rows = _draw_train(X, y, 30, 270, rng)
        test = np.setdiff1d(np.arange(y.size), rows)
        return X[rows], y[rows], X[test], y[test]

    return "digits (9 or not), 30 positives", draw


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


BASELINE = "TunedThresholdClassifierCV"
# The library's one-fit rule the goal is about, and what "a fraction" means.
GOAL_METHOD = "TradeoffClassifier(costs)"
FRACTION = 0.5


def _print_costs(label, results):
    """One row per method: mean held-out cost, its paired difference to the
    baseline with the standard error (over the repetitions the method ran
    on), median fit seconds and their ratio to the baseline's.  Returns
    ``{method: (difference, standard error, time ratio)}``."""
    base = np.median([r[BASELINE][1] for r in results])
    summary = {}
    for name in results[0]:
        ran = [r for r in results if name in r]
        cost, seconds = np.array([r[name] for r in ran]).T
        diff = cost - np.array([r[BASELINE][0] for r in ran])
        se = diff.std(ddof=1) / np.sqrt(diff.size) if diff.size > 1 else np.nan
        ratio = np.median(seconds) / base
        summary[name] = (diff.mean(), se, ratio)
        print(
            f"{label:<36} {name:<37} {len(ran):>4d} {cost.mean():>9.4f} "
            f"{diff.mean():>+9.4f} {se:>7.4f} {np.median(seconds):>7.3f} "
            f"{ratio:>7.2f}x"
        )
    return summary


def _verdict(summaries):
    """Print whether ``GOAL_METHOD`` meets the goal on every task: held-out
    cost no worse than the baseline's (the paired mean difference at most
    two standard errors above 0) at most ``FRACTION`` of its fit time."""
    print(
        f"Goal: {GOAL_METHOD} no worse than {BASELINE} (paired difference "
        f"<= 2 se) at <= {FRACTION:g}x its fit time"
    )
    met_all = True
    for label, summary in summaries:
        diff, se, ratio = summary[GOAL_METHOD]
        met = diff <= 2 * se and ratio <= FRACTION
        met_all &= met
        print(
            f"  {label:<36} difference {diff:+.4f} (se {se:.4f}, "
            f"{diff / se:+.1f} se), {ratio:.2f}x: {'met' if met else 'NOT met'}"
        )
    print(f"Verdict: {'met' if met_all else 'NOT met'} on every task")


def _amount(X):
    """The amount at stake per row (a missed positive costs it): log-normal,
    larger for larger values of the first feature, mean about 100."""
    z = (X[:, 0] - AMOUNT_SCALE["mean"]) / AMOUNT_SCALE["std"]
    return 100.0 * np.exp(0.8 * z - 0.32)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 150])
    parser.add_argument("--no-real", action="store_true", help="skip breast cancer")
    parser.add_argument(
        "--n-test", type=int, default=200_000, help="fresh synthetic test rows"
    )
    parser.add_argument(
        "--cv-repeats",
        type=int,
        default=None,
        help="run the TradeoffClassifierCV rows on the first N repetitions "
        "only (default: all)",
    )
    parser.add_argument(
        "--kinds", nargs="+", default=list(KINDS), help="requirements to run"
    )
    parser.add_argument(
        "--part",
        nargs="+",
        default=["requirements", "costs", "row-costs"],
        help="what to run",
    )
    args = parser.parse_args()
    if args.cv_repeats is None:
        args.cv_repeats = args.repeats
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
        summaries = []
        header = (
            f"{'task':<36} {'method':<37} {'n':>4} {'test cost':>9} {'vs TTCV':>9} "
            f"{'se':>7} {'fit s':>7} {'time':>8}"
        )
        if "costs" in args.part:
            print(
                f"Costs: a missed positive {COSTS['false_negative']:g}, a false "
                f"alarm {COSTS['false_positive']:g}"
            )
            print(header)
            print("-" * len(header))
            tasks = [(label, draw) for label, _, draw, _ in _tasks(args)]
            tasks.append(_common_positives_task())
            if not args.no_real:
                tasks.append(_digits_task())
            for label, draw in tasks:
                results = [
                    _costs_rep(*draw(), seed=r, with_cv=r < args.cv_repeats)
                    for r in range(args.repeats)
                ]
                summaries.append((label, _print_costs(label, results)))
                print(flush=True)
        if "row-costs" in args.part:
            print(
                "Per-row costs: a missed positive costs its amount (mean about "
                f"100), a false alarm {COSTS['false_positive']:g}"
            )
            print(header)
            print("-" * len(header))
            for label, data, draw, _ in _tasks(args):
                if data != "synthetic":
                    continue
                results = []
                for r in range(args.repeats):
                    Xtr, ytr, Xte, yte = draw()
                    amount = (_amount(Xtr), _amount(Xte))
                    results.append(
                        _costs_rep(Xtr, ytr, Xte, yte, r, amount, r < args.cv_repeats)
                    )
                label = f"{label}, amounts"
                summaries.append((label, _print_costs(label, results)))
                print(flush=True)
        if summaries:
            _verdict(summaries)


if __name__ == "__main__":
    main()
