"""Differential harness: every number a ``t`` search reports is the returned
model's.

For each path that reports rows per ``t`` (``TradeoffClassifierCV`` with
``method`` "threshold", "refit", "refine" or "auto", with ``confidence`` in both
guarantee modes, ``tradeoff_curve`` and ``constrained_refit`` over
``GridSearchCV``), each row reported as *fitted* must equal, split by split and
to 1e-12, the rates of ``cross_val_predict`` of a fresh ``TradeoffClassifier(t)``
on the same splits; each row reported as *read* (threshold and refined
readings) must equal the reading of fresh fits at the anchors by the rule of
their ``predict`` (see ``_fresh.read_rates``).

The matrix is a covering design, not the full product (paths x estimators x
task shapes): every estimator runs under "auto" on binary data and on one
other task shape, and under "refit" on a third; every path meets every task
shape and several estimator families, and a few cells take polars X (see
``CELLS``).  A cell where the path
is not offered must refuse with a clear error; a cell that cannot hold is a
strict xfail with its reason.  Multi-class data with ``class_priority`` have no
``t`` path (``class_priority`` cannot be combined with ``t``): not a cell.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from sk_imbalance import TradeoffClassifier, TradeoffClassifierCV
from sk_imbalance.metrics import tradeoff_scoring
from sk_imbalance.model_selection import constrained_refit, tradeoff_curve
from sk_imbalance.model_selection._exact import _holdout

from ._fresh import fresh_rates, read_rates, reported_rates

N_SAMPLES = 150
SEED = 0
TS = [0.2, 0.5, 0.8]
# The refined path's anchors are 0.2, 0.5 and 0.8; 0.35 and 0.65 are read
# between two anchors, 0.1 and 0.9 off the nearest one.
TS_REFINE = [0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9]


def _lightgbm():
    lightgbm = pytest.importorskip("lightgbm")
    return lightgbm.LGBMClassifier(
        n_estimators=10,
        min_child_samples=5,
        n_jobs=1,
        verbose=-1,
        random_state=SEED,
    )


def _xgboost():
    xgboost = pytest.importorskip("xgboost")
    return xgboost.XGBClassifier(
        n_estimators=10, max_depth=3, n_jobs=1, random_state=SEED
    )


ESTIMATORS = {
    "lr": LogisticRegression,
    "liblinear": lambda: LogisticRegression(solver="liblinear"),
    "multinomial": lambda: LogisticRegression(solver="newton-cg"),
    "sgd": lambda: SGDClassifier(loss="log_loss", random_state=SEED),
    "mlp": lambda: MLPClassifier(
        hidden_layer_sizes=(8,), max_iter=100, random_state=SEED
    ),
    "tree": lambda: DecisionTreeClassifier(max_depth=4, random_state=SEED),
    "forest": lambda: RandomForestClassifier(
        n_estimators=10, max_depth=4, random_state=SEED
    ),
    "hgb": lambda: HistGradientBoostingClassifier(max_iter=10, random_state=SEED),
    "svc": lambda: SVC(random_state=SEED),
    "svc-proba": lambda: SVC(probability=True, random_state=SEED),
    "knn": lambda: KNeighborsClassifier(n_neighbors=4),
    "gnb": GaussianNB,
    "pipeline": lambda: make_pipeline(StandardScaler(), LogisticRegression()),
    "lightgbm": _lightgbm,
    "xgboost": _xgboost,
}
SHAPES = ("binary", "multiclass", "strings", "weighted", "pandas")
# polars X: a few cells (below), skipped without polars.


def _task(shape):
    """``(X, y, pos, pos_label, sample_weight)`` of a task shape."""
    if shape == "multiclass":
        X, y = make_classification(
            n_samples=N_SAMPLES,
            n_features=5,
            n_informative=4,
            n_redundant=0,
            n_classes=3,
            n_clusters_per_class=1,
            weights=[0.5, 0.3, 0.2],
            random_state=SEED,
        )
        return X, y, 2, 2, None
    X, y = make_classification(
        n_samples=N_SAMPLES,
        n_features=5,
        n_informative=3,
        weights=[0.75],
        flip_y=0.03,
        random_state=SEED,
    )
    if shape == "strings":
        return X, np.array(["neg", "pos"])[y], "pos", None, None
    if shape == "weighted":
        weight = np.random.default_rng(SEED).uniform(0.5, 2.0, y.size)
        return X, y, 1, None, weight
    if shape == "pandas":
        X = pd.DataFrame(X, columns=[f"x{i}" for i in range(X.shape[1])])
    if shape == "polars":
        polars = pytest.importorskip("polars")
        X = polars.DataFrame(X, schema=[f"x{i}" for i in range(X.shape[1])])
    return X, y, 1, None, None


def _splits(X, y):
    return list(StratifiedKFold(3, shuffle=True, random_state=SEED).split(X, y))


def _assert_rates(reported, expected, what):
    for name, got, want in zip(
        ("sensitivity", "specificity"), reported, expected, strict=True
    ):
        np.testing.assert_allclose(
            got, want, rtol=0, atol=1e-12, err_msg=f"{what}: {name}"
        )


def _anchor_reading(estimator, X, y, t, anchors, splits, pos, weight, params):
    """The refined path's reading of ``t``: the anchors around ``t`` read at
    ``t`` and averaged with weights linear in log-odds (the nearest anchor
    alone outside them)."""
    z = np.log(t / (1 - t))
    za = np.log(np.asarray(anchors) / (1 - np.asarray(anchors)))
    if z <= za[0] or z >= za[-1]:
        j = 0 if z <= za[0] else len(anchors) - 1
        share = {j: 1.0}
    else:
        hi = int(np.searchsorted(za, z))
        w_hi = (z - za[hi - 1]) / (za[hi] - za[hi - 1])
        share = {hi - 1: 1.0 - w_hi, hi: w_hi}
    sens, spec = 0.0, 0.0
    for j, w in share.items():
        s, p = read_rates(
            estimator, X, y, anchors[j], [t], splits, pos, weight, **params
        )
        sens, spec = sens + w * s[0], spec + w * p[0]
    return sens, spec


def _check_search_rows(clf, estimator, X, y, splits, pos, pos_label, weight):
    """Every row of ``clf.cv_results_``: fitted rows against fresh fits, read
    rows against the reading of fresh fits by their predict rule."""
    res = clf.cv_results_
    ts = np.asarray(np.ma.getdata(res["param_t"]), dtype=float)
    fitted = np.asarray(res["fitted_at_t"], dtype=bool)
    reported = reported_rates(res, len(splits))
    params = {"pos_label": pos_label, "random_state": SEED}
    for i, t in enumerate(ts):
        row = (reported[0][i], reported[1][i])
        if fitted[i]:
            expected = fresh_rates(estimator, X, y, t, splits, pos, weight, **params)
            _assert_rates(row, expected, f"fitted row t={t}")
        elif clf.method_ == "threshold":
            s, p = read_rates(estimator, X, y, 0.5, [t], splits, pos, weight, **params)
            _assert_rates(row, (s[0], p[0]), f"read row t={t}")
            if t == 0.5:
                # Read at the fitted t, the rule is predict itself.
                expected = fresh_rates(
                    estimator, X, y, t, splits, pos, weight, **params
                )
                _assert_rates(row, expected, "read row at the fitted t=0.5")
        else:
            assert clf.method_ == "refine", clf.method_
            anchors = [0.2, 0.5, 0.8]
            assert fitted[np.isin(ts, anchors)].all()
            expected = _anchor_reading(
                estimator, X, y, t, anchors, splits, pos, weight, params
            )
            _assert_rates(row, expected, f"refined reading t={t}")
    if clf.method_ in ("threshold", "refine"):
        # The readings were checked, not only the fits.
        assert not fitted.all(), clf.method_
    return fitted


def _run_search(path, estimator, X, y, splits, pos, pos_label, weight):
    if path == "confidence-exact":
        # The search fits on the rows it does not hold out, on splits of them.
        fit_rows, _ = _holdout(np.asarray(y) == pos, SEED)
        cv = StratifiedKFold(3, shuffle=True, random_state=SEED)
        X_fit = X.iloc[fit_rows] if hasattr(X, "iloc") else X[fit_rows]
        y_fit = np.asarray(y)[fit_rows]
        splits = list(cv.split(X_fit, y_fit))
        w_fit = None if weight is None else weight[fit_rows]
        clf = TradeoffClassifierCV(
            estimator,
            ts=TS,
            cv=cv,
            pos_label=pos_label,
            min_sensitivity=0.5,
            confidence=0.6,
            guarantee="exact",
            random_state=SEED,
        ).fit(X, y, sample_weight=weight)
        return _check_search_rows(
            clf, estimator, X_fit, y_fit, splits, pos, pos_label, w_fit
        )
    kwargs = {
        "threshold": {"method": "threshold"},
        "refit": {"method": "refit"},
        "refine": {"method": "refine", "ts": TS_REFINE},
        "auto": {"ts": TS_REFINE},
        "confidence-cv": {"min_sensitivity": 0.6, "confidence": 0.8},
    }[path]
    kwargs = {"ts": TS, **kwargs}
    clf = TradeoffClassifierCV(
        estimator, cv=splits, pos_label=pos_label, random_state=SEED, **kwargs
    ).fit(X, y, sample_weight=weight)
    return _check_search_rows(clf, estimator, X, y, splits, pos, pos_label, weight)


def _run_curve(estimator, X, y, splits, pos, pos_label, weight):
    model = TradeoffClassifier(estimator, pos_label=pos_label, random_state=SEED)
    curve = tradeoff_curve(model, X, y, ts=TS, cv=splits, sample_weight=weight)
    for i, t in enumerate(TS):
        expected = fresh_rates(
            estimator,
            X,
            y,
            t,
            splits,
            pos,
            weight,
            pos_label=pos_label,
            random_state=SEED,
        )
        row = (curve.sensitivity_folds[i], curve.specificity_folds[i])
        _assert_rates(row, expected, f"curve t={t}")


def _run_grid(estimator, X, y, splits, pos, pos_label):
    model = TradeoffClassifier(estimator, pos_label=pos_label, random_state=SEED)
    search = GridSearchCV(
        model,
        {"t": TS},
        scoring=tradeoff_scoring(pos_label=pos),
        cv=splits,
        refit=constrained_refit("balanced_accuracy", sensitivity=0.5),
    ).fit(X, y)
    reported = reported_rates(search.cv_results_, len(splits))
    for i, t in enumerate(TS):
        expected = fresh_rates(
            estimator, X, y, t, splits, pos, pos_label=pos_label, random_state=SEED
        )
        _assert_rates((reported[0][i], reported[1][i]), expected, f"grid t={t}")
    assert search.best_estimator_.t == TS[search.best_index_]


def _rotate(offset):
    """A task shape other than binary for each estimator, rotated by ``offset``."""
    others = SHAPES[1:]
    return {
        name: others[(i + offset) % len(others)] for i, name in enumerate(ESTIMATORS)
    }


# The covering design.  "auto" (what users get): every estimator on binary data
# and on one rotated other shape; "refit": every estimator on another rotated
# shape; each other path on every shape with several families.
CELLS = sorted(
    {("auto", name, "binary") for name in ESTIMATORS}
    | {("auto", name, shape) for name, shape in _rotate(0).items()}
    | {("refit", name, shape) for name, shape in _rotate(1).items()}
    | {
        ("threshold", "lr", "binary"),
        ("threshold", "liblinear", "pandas"),
        ("threshold", "multinomial", "multiclass"),
        ("threshold", "sgd", "strings"),
        ("threshold", "mlp", "weighted"),
        ("threshold", "gnb", "pandas"),
        ("threshold", "svc", "binary"),
        ("threshold", "svc", "multiclass"),
        ("threshold", "svc-proba", "multiclass"),
        ("threshold", "knn", "strings"),
        ("threshold", "pipeline", "weighted"),
        ("threshold", "hgb", "multiclass"),
        ("refine", "tree", "multiclass"),
        ("refine", "forest", "weighted"),
        ("refine", "gnb", "binary"),
        ("refine", "knn", "pandas"),
        ("refine", "svc-proba", "binary"),
        ("refine", "lightgbm", "strings"),
        ("refine", "xgboost", "binary"),
        ("confidence-cv", "lr", "binary"),
        ("confidence-cv", "tree", "weighted"),
        ("confidence-cv", "knn", "multiclass"),
        ("confidence-cv", "mlp", "pandas"),
        ("confidence-cv", "svc", "strings"),
        ("confidence-exact", "lr", "binary"),
        ("confidence-exact", "forest", "strings"),
        ("confidence-exact", "svc", "pandas"),
        ("confidence-exact", "pipeline", "weighted"),
        ("curve", "svc", "multiclass"),
        ("curve", "knn", "weighted"),
        ("curve", "gnb", "strings"),
        ("curve", "lightgbm", "binary"),
        ("curve", "pipeline", "pandas"),
        ("grid", "lr", "binary"),
        ("grid", "tree", "multiclass"),
        ("grid", "xgboost", "pandas"),
        ("grid", "hgb", "strings"),
        ("threshold", "lr", "polars"),
        ("refit", "tree", "polars"),
        ("auto", "hgb", "polars"),
        ("refit", "xgboost", "strings"),
    }
)

# Cells where the path is not offered: it must refuse with this error.
REFUSED = {
    ("threshold", "svc", "multiclass"): "only has decision_function",
    ("threshold", "svc-proba", "multiclass"): "not the argmax of its predict_proba",
}

# Cells that cannot hold, with the reason (strict: one that starts holding
# fails the suite).
XFAIL = {
    ("refit", "xgboost", "strings"): "XGBClassifier itself refuses labels other "
    "than 0 .. n_classes - 1 (it raises on the string labels; the wrapper passes "
    "the labels through, as for any estimator)",
}


def _params():
    out = []
    for cell in CELLS:
        marks = []
        if cell in XFAIL:
            marks.append(
                pytest.mark.xfail(reason=XFAIL[cell], raises=ValueError, strict=True)
            )
        out.append(pytest.param(*cell, id="-".join(cell), marks=marks))
    return out


@pytest.mark.parametrize("path, name, shape", _params())
def test_reported_rows_are_the_returned_models(path, name, shape):
    """Check that each row a t search reports as fitted equals the rates of
    cross_val_predict of a fresh TradeoffClassifier(t) on the same splits, and
    each row reported as read equals predict's rule applied to fresh fits at
    the anchors (or that the path refuses the cell with a clear error)."""
    estimator = ESTIMATORS[name]()
    X, y, pos, pos_label, weight = _task(shape)
    splits = _splits(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        # The requirement may be unmet on these small data; a warning says so.
        warnings.simplefilter("ignore", UserWarning)
        warnings.filterwarnings("ignore", "The `probability` parameter", FutureWarning)
        if (path, name, shape) in REFUSED:
            with pytest.raises(ValueError, match=REFUSED[path, name, shape]):
                _run_search(path, estimator, X, y, splits, pos, pos_label, weight)
        elif path == "curve":
            _run_curve(estimator, X, y, splits, pos, pos_label, weight)
        elif path == "grid":
            _run_grid(estimator, X, y, splits, pos, pos_label)
        else:
            _run_search(path, estimator, X, y, splits, pos, pos_label, weight)
