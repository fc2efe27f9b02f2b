"""Scorer objects for ``cross_val_score``, ``GridSearchCV`` and friends.

Every scorer is a plain ``sklearn.metrics.make_scorer`` object over a
module-level function, so it pickles (``n_jobs``), takes
``set_score_request(sample_weight=True)`` under metadata routing, and exposes
``pos_label`` to ``TunedThresholdClassifierCV``.
"""

import numpy as np
from sklearn.metrics import make_scorer

from sk_imbalance._compat import validate_params
from sk_imbalance.metrics._classification import (
    _balanced_accuracy_score,
    per_class_accuracy_score,
    sensitivity_score,
    specificity_score,
    tradeoff_score,
)
from sk_imbalance.utils._stats import _effective_size
from sk_imbalance.utils._validation import (
    LABEL_CONSTRAINT,
    T_CONSTRAINT,
    ZERO_DIVISION_CONSTRAINT,
)

__all__ = [
    "balanced_accuracy_scorer",
    "make_per_class_accuracy_scorer",
    "make_sensitivity_scorer",
    "make_specificity_scorer",
    "make_tradeoff_scorer",
    "sensitivity_scorer",
    "specificity_scorer",
    "tradeoff_scoring",
]


def _class_accuracy_score(
    y_true, y_pred, *, label, sample_weight=None, zero_division="warn"
):
    """Per-class accuracy of one label; the label may be absent from a fold."""
    return float(
        per_class_accuracy_score(
            y_true,
            y_pred,
            labels=[label],
            sample_weight=sample_weight,
            zero_division=zero_division,
        )[0]
    )


@validate_params(
    {"pos_label": LABEL_CONSTRAINT, "zero_division": ZERO_DIVISION_CONSTRAINT},
    prefer_skip_nested_validation=True,
)
def make_sensitivity_scorer(*, pos_label=1, zero_division="warn"):
    """Scorer for :func:`sensitivity_score` with the given positive class.

    Parameters
    ----------
    pos_label : int, float, bool or str, default=1
        The positive class.  Set it for string labels.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The score of a fold without positive samples.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y, sample_weight=None)`` from
        :func:`sklearn.metrics.make_scorer`, scoring ``estimator.predict(X)``.
        Each call returns a new object, safe to configure with
        ``set_score_request``.

    See Also
    --------
    sensitivity_scorer : The ready scorer for ``pos_label=1``.
    make_specificity_scorer : The true negative rate.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import cross_val_score
    >>> from sk_imbalance.metrics import make_sensitivity_scorer
    >>> X, y = make_classification(weights=[0.8], random_state=0)
    >>> labels = ["healthy", "sick"]
    >>> y_str = [labels[i] for i in y]
    >>> scorer = make_sensitivity_scorer(pos_label="sick")
    >>> cross_val_score(LogisticRegression(), X, y_str, scoring=scorer, cv=3)
    array([...])
    """
    return make_scorer(
        sensitivity_score,
        response_method="predict",
        pos_label=pos_label,
        zero_division=zero_division,
    )


@validate_params(
    {"pos_label": LABEL_CONSTRAINT, "zero_division": ZERO_DIVISION_CONSTRAINT},
    prefer_skip_nested_validation=True,
)
def make_specificity_scorer(*, pos_label=1, zero_division="warn"):
    """Scorer for :func:`specificity_score` with the given positive class.

    Parameters
    ----------
    pos_label : int, float, bool or str, default=1
        The positive class; all other classes are negative.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The score of a fold without negative samples.

    Returns
    -------
    scorer : callable
        A new :func:`sklearn.metrics.make_scorer` object scoring
        ``estimator.predict(X)``.

    See Also
    --------
    specificity_scorer : The ready scorer for ``pos_label=1``.
    make_sensitivity_scorer : The true positive rate.

    Examples
    --------
    >>> from sklearn.dummy import DummyClassifier
    >>> from sk_imbalance.metrics import make_specificity_scorer
    >>> X, y = [[0], [0], [0], [0]], ["no", "no", "no", "yes"]
    >>> clf = DummyClassifier(strategy="constant", constant="no").fit(X, y)
    >>> make_specificity_scorer(pos_label="yes")(clf, X, y)
    1.0
    """
    return make_scorer(
        specificity_score,
        response_method="predict",
        pos_label=pos_label,
        zero_division=zero_division,
    )


@validate_params(
    {"label": LABEL_CONSTRAINT, "zero_division": ZERO_DIVISION_CONSTRAINT},
    prefer_skip_nested_validation=True,
)
def make_per_class_accuracy_scorer(label, *, zero_division="warn"):
    """Scorer for the per-class accuracy P(predict label | label) of one class.

    Unlike :func:`make_sensitivity_scorer`, a ``label`` absent from a fold's
    data is never an error: the fold scores ``zero_division``.

    Parameters
    ----------
    label : int, float, bool or str
        The class whose accuracy is scored.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The score of a fold without samples of ``label``.

    Returns
    -------
    scorer : callable
        A new :func:`sklearn.metrics.make_scorer` object scoring
        ``estimator.predict(X)``.

    See Also
    --------
    per_class_accuracy_score : All classes at once.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import cross_val_score
    >>> from sk_imbalance.metrics import make_per_class_accuracy_scorer
    >>> X, y = load_iris(return_X_y=True)
    >>> scorer = make_per_class_accuracy_scorer(2)
    >>> cross_val_score(LogisticRegression(max_iter=1000), X, y, scoring=scorer, cv=3)
    array([...])
    """
    return make_scorer(
        _class_accuracy_score,
        response_method="predict",
        label=label,
        zero_division=zero_division,
    )


@validate_params(
    {
        "t": T_CONSTRAINT,
        "pos_label": LABEL_CONSTRAINT,
        "zero_division": ZERO_DIVISION_CONSTRAINT,
    },
    prefer_skip_nested_validation=True,
)
def make_tradeoff_scorer(t=0.5, *, pos_label=1, zero_division="warn"):
    """Scorer for :func:`tradeoff_score`: ``t * sensitivity + (1 - t) * specificity``.

    The score that matches training with tradeoff ``t``; also a sensible
    objective for ``TunedThresholdClassifierCV``.

    Parameters
    ----------
    t : float in [0, 1], default=0.5
        The weight of sensitivity.
    pos_label : int, float, bool or str, default=1
        The positive class.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The value of a rate whose class is missing from a fold.

    Returns
    -------
    scorer : callable
        A new :func:`sklearn.metrics.make_scorer` object scoring
        ``estimator.predict(X)``.

    See Also
    --------
    tradeoff_scoring : Sensitivity, specificity and balanced accuracy at once.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import TunedThresholdClassifierCV
    >>> from sk_imbalance.metrics import make_tradeoff_scorer
    >>> X, y = make_classification(weights=[0.9], random_state=0)
    >>> tuned = TunedThresholdClassifierCV(
    ...     LogisticRegression(), scoring=make_tradeoff_scorer(0.8)
    ... ).fit(X, y)
    >>> bool(0 < tuned.best_threshold_ < 1)
    True
    """
    t = float(t)
    return make_scorer(
        tradeoff_score,
        response_method="predict",
        t=t,
        pos_label=pos_label,
        zero_division=zero_division,
    )


def _class_size(y_true, y_pred, *, pos_label, negatives, sample_weight=None):
    """Kish's effective number of samples of pos_label (or of the others) in
    ``y_true``: the count without weights, ``(sum w)**2 / sum(w**2)`` with."""
    del y_pred  # a scorer's signature; the count is a property of the fold
    in_class = np.asarray(y_true) == pos_label
    if negatives:
        in_class = ~in_class
    if sample_weight is None:
        return float(np.count_nonzero(in_class))
    w = np.asarray(sample_weight, dtype=float)[in_class]
    return float(_effective_size(w.sum(), (w**2).sum()))


@validate_params(
    {
        "pos_label": LABEL_CONSTRAINT,
        "zero_division": ZERO_DIVISION_CONSTRAINT,
        "counts": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def tradeoff_scoring(pos_label=1, *, zero_division="warn", counts=False):
    """Build the scorers of sensitivity, specificity and balanced accuracy at once.

    Pass the dict as ``scoring=`` to ``GridSearchCV`` or ``cross_validate``;
    with ``GridSearchCV`` choose the model with ``refit=`` (a key, or a callable
    such as ``sk_imbalance.model_selection.constrained_refit``).

    Parameters
    ----------
    pos_label : int, float, bool or str, default=1
        The positive class of sensitivity and specificity.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The value of a rate whose class is missing from a fold.
    counts : bool, default=False
        Also record the number of positives and of negatives of every test
        fold (``"n_positives"``, ``"n_negatives"``; with weights passed to
        the scorers, Kish's effective numbers ``(sum w)**2 / sum(w**2)``).
        :func:`~sk_imbalance.model_selection.constrained_refit` needs them
        for ``confidence``: they turn fold rates back into counts.

    Returns
    -------
    dict
        New scorers under the keys ``"sensitivity"``, ``"specificity"`` and
        ``"balanced_accuracy"`` (the balanced accuracy of ``pos_label`` against
        the rest: the mean of the other two, as in
        :class:`~sk_imbalance.model_selection.TradeoffClassifierCV`;
        scikit-learn's balanced accuracy on binary data), and with
        ``counts=True`` ``"n_positives"`` and ``"n_negatives"``.

    See Also
    --------
    make_tradeoff_scorer : One score for one tradeoff.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import cross_validate
    >>> from sk_imbalance.metrics import tradeoff_scoring
    >>> X, y = make_classification(weights=[0.9], random_state=0)
    >>> result = cross_validate(LogisticRegression(), X, y, scoring=tradeoff_scoring())
    >>> sorted(key for key in result if key.startswith("test_"))
    ['test_balanced_accuracy', 'test_sensitivity', 'test_specificity']
    >>> result = cross_validate(
    ...     LogisticRegression(), X, y, scoring=tradeoff_scoring(counts=True)
    ... )
    >>> result["test_n_positives"].tolist(), int(y.sum())  # positives per fold
    ([1.0, 2.0, 2.0, 2.0, 2.0], 9)
    """
    scoring = {
        "sensitivity": make_sensitivity_scorer(
            pos_label=pos_label, zero_division=zero_division
        ),
        "specificity": make_specificity_scorer(
            pos_label=pos_label, zero_division=zero_division
        ),
        # The balanced accuracy of pos_label against the rest, as
        # TradeoffClassifierCV and constrained_refit mean it.
        "balanced_accuracy": make_tradeoff_scorer(
            0.5, pos_label=pos_label, zero_division=zero_division
        ),
    }
    if counts:
        for key, negatives in (("n_positives", False), ("n_negatives", True)):
            scoring[key] = make_scorer(
                _class_size,
                response_method="predict",
                pos_label=pos_label,
                negatives=negatives,
            )
    return scoring


#: Ready scorer: :func:`sensitivity_score` with ``pos_label=1``.  A shared
#: object: use :func:`make_sensitivity_scorer` for string labels, or to call
#: ``set_score_request`` (which changes the object in place).
sensitivity_scorer = make_sensitivity_scorer()

#: Ready scorer: :func:`specificity_score` with ``pos_label=1``.  A shared
#: object: use :func:`make_specificity_scorer` for string labels, or to call
#: ``set_score_request``.
specificity_scorer = make_specificity_scorer()

#: Ready scorer: scikit-learn's balanced accuracy (the mean per-class accuracy,
#: any labels), counted by this package's core.  A shared object: use
#: ``tradeoff_scoring()["balanced_accuracy"]`` for a fresh one.
balanced_accuracy_scorer = make_scorer(
    _balanced_accuracy_score, response_method="predict"
)
