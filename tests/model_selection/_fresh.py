"""Independent references for the rows of a ``t`` search: what fresh
``TradeoffClassifier(t)`` fits do on the same splits, and what their ``predict``
rule reads at another ``t``.

Everything here is computed with scikit-learn's ``cross_val_predict`` and
``recall_score``, never with the library's counting code.
"""

import numpy as np
from sklearn.base import clone
from sklearn.metrics import recall_score
from sklearn.model_selection import cross_val_predict

from sk_imbalance import TradeoffClassifier
from sk_imbalance.utils._estimators import _tunes_own_t


def fresh_model(estimator, t, **params):
    """``TradeoffClassifier(estimator, t=t, **params)``, or a model of its own
    ``t`` with ``t`` set."""
    if _tunes_own_t(estimator):
        return clone(estimator).set_params(t=t, **params)
    return TradeoffClassifier(estimator, t=t, **params)


def split_rates(y, pred, splits, pos, sample_weight=None):
    """Per-split ``(sensitivity, specificity)`` of one-vs-rest predictions."""
    is_pos, pred_pos = np.asarray(y) == pos, np.asarray(pred) == pos
    sens, spec = [], []
    for _, test in splits:
        w = None if sample_weight is None else np.asarray(sample_weight)[test]
        sens.append(recall_score(is_pos[test], pred_pos[test], sample_weight=w))
        spec.append(
            recall_score(is_pos[test], pred_pos[test], pos_label=False, sample_weight=w)
        )
    return np.array(sens), np.array(spec)


def fresh_rates(estimator, X, y, t, splits, pos, sample_weight=None, **params):
    """Per-split rates of ``cross_val_predict`` of a fresh model at ``t``."""
    fit_params = {} if sample_weight is None else {"sample_weight": sample_weight}
    pred = cross_val_predict(
        fresh_model(estimator, t, **params), X, y, cv=splits, params=fit_params
    )
    return split_rates(y, pred, splits, pos, sample_weight)


def read_rates(estimator, X, y, anchor, ts, splits, pos, sample_weight=None, **params):
    """Per-split rates of fresh fits at ``anchor`` read at each ``t`` of ``ts``
    by their ``predict`` rule after the Bayes shift of the positive class's
    odds: the argmax of ``predict_proba`` with the positive column times
    ``odds(t) / odds(anchor)`` or, on binary data with a ``decision_function``,
    its sign after adding ``log`` of that ratio.  Returns two arrays of shape
    ``(len(ts), n_splits)``."""
    fit_params = {} if sample_weight is None else {"sample_weight": sample_weight}
    model = fresh_model(estimator, anchor, **params)
    classes = np.unique(y)
    k = int(np.flatnonzero(classes == pos)[0])
    binary_decision = classes.size == 2 and hasattr(model, "decision_function")
    method = "decision_function" if binary_decision else "predict_proba"
    scores = cross_val_predict(model, X, y, cv=splits, method=method, params=fit_params)
    sens, spec = [], []
    for t in ts:
        if t in (0.0, 1.0):
            pred_pos = np.full(len(y), t == 1.0)
        else:
            ratio = (t / (1 - t)) / (anchor / (1 - anchor))
            if binary_decision:
                shifted = scores + np.log(ratio) * (1 if k == 1 else -1)
                pred_pos = (shifted > 0) == (k == 1)
            else:
                shifted = scores.copy()
                shifted[:, k] *= ratio
                pred_pos = np.argmax(shifted, axis=1) == k
        pred = np.where(pred_pos, pos, classes[classes != pos][0])
        s, p = split_rates(y, pred, splits, pos, sample_weight)
        sens.append(s)
        spec.append(p)
    return np.array(sens), np.array(spec)


def reported_rates(cv_results, n_splits):
    """``(sensitivity, specificity)`` of ``cv_results``, shape (n_ts, n_splits)."""
    return tuple(
        np.column_stack(
            [cv_results[f"split{k}_test_{metric}"] for k in range(n_splits)]
        )
        for metric in ("sensitivity", "specificity")
    )
