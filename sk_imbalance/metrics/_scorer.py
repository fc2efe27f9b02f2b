"""Scorer objects for ``cross_val_score``, ``GridSearchCV`` and friends.

Every scorer is a callable ``scorer(estimator, X, y_true)`` over a module-level
metric, so it pickles (``n_jobs``), takes ``set_score_request(sample_weight=True)``
under metadata routing, and works in ``TunedThresholdClassifierCV``.  Given no
``pos_label``, it scores the positive class of the estimator it scores (the
``pos_label_`` of a `TradeoffClassifier`, also inside a Pipeline or a search),
else class 1 where 1 is a label, else it raises an error that says what to pass:
one rule, the same as the estimators', so a search never measures the other class.
"""

import hashlib

import numpy as np
import scipy.sparse as sp
from sklearn import get_config
from sklearn.metrics import make_scorer

from sk_imbalance._compat import validate_params
from sk_imbalance.metrics._classification import (
    _balanced_accuracy_score,
    _unique_labels,
    per_class_accuracy_score,
    sensitivity_score,
    specificity_score,
    tradeoff_score,
)
from sk_imbalance.utils._labels import _declared_pos_label, _label_index, _py
from sk_imbalance.utils._stats import _effective_size
from sk_imbalance.utils._validation import (
    LABEL_CONSTRAINT,
    T_CONSTRAINT,
    ZERO_DIVISION_CONSTRAINT,
    _check_labels,
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


def _labels_of(estimator, y_true, y_pred):
    """The labels a scorer may name: the estimator's ``classes_``, else the data's."""
    classes = getattr(estimator, "classes_", None)
    if classes is not None:
        return np.asarray(classes)
    return _unique_labels(y_true, y_pred)


def _shown(labels):
    shown = [_py(v) for v in labels[:10]]
    return shown + (["..."] if len(labels) > 10 else [])


class _PositiveClassScorer:
    """``scorer(estimator, X, y_true, sample_weight=None)`` of one of our metrics.

    Without a ``pos_label`` it scores the positive class the estimator declares
    (its ``pos_label_``, also through a Pipeline or a fitted search), else
    class 1 where 1 is a label, else it raises an error that names the labels
    and the argument to set.  A named label that is neither among the
    estimator's ``classes_`` nor in the data is an error, not a score of 0.

    It follows scikit-learn's public scorer protocol (a callable taking the
    fitted estimator, with ``set_score_request`` / ``get_metadata_routing``
    for metadata routing).  The attributes ``_score_func``, ``_sign``,
    ``_kwargs`` and ``_response_method`` are read by
    ``TunedThresholdClassifierCV``, which thresholds the scores itself and
    calls the metric; ``_accept_sample_weight`` by scikit-learn's multi-metric
    searches when ``fit`` gets ``sample_weight`` without routing.
    """

    def __init__(self, factory, score_func, *, label_arg="pos_label", **kwargs):
        self._factory = factory
        self._label_arg = label_arg
        self._score_func = score_func
        self._sign = 1
        self._response_method = "predict"
        self._kwargs = {k: v for k, v in kwargs.items() if v is not None}
        # Holds the metadata requests, as a make_scorer object of the same
        # metric would (same requestable parameters, same validation).
        self._requests = make_scorer(
            score_func, response_method="predict", **self._kwargs
        )
        self._needs_predictions = score_func is not _class_size

    def _check_metadata(self, kwargs):
        """Metadata beyond ``sample_weight`` only under metadata routing."""
        if kwargs and not get_config()["enable_metadata_routing"]:
            raise TypeError(
                f"{self!r} got unexpected arguments {sorted(kwargs)}: metadata "
                "other than sample_weight reaches a scorer only with "
                "sklearn.set_config(enable_metadata_routing=True)."
            )

    def __call__(self, estimator, X, y_true, sample_weight=None, **kwargs):
        self._check_metadata(kwargs)
        y_true = _check_labels(y_true, "y_true")
        y_pred = estimator.predict(X) if self._needs_predictions else y_true
        params = dict(self._kwargs)
        label = params.get(self._label_arg)
        if label is None:
            params[self._label_arg] = self._positive_class(estimator, y_true, y_pred)
        else:
            self._check_known(label, estimator, y_true, y_pred)
        if sample_weight is not None:
            kwargs["sample_weight"] = sample_weight
        return self._sign * float(self._score_func(y_true, y_pred, **params, **kwargs))

    def _positive_class(self, estimator, y_true, y_pred):
        declared = _declared_pos_label(estimator)
        if declared is not None:
            return declared
        labels = _labels_of(estimator, y_true, y_pred)
        if _label_index(labels, 1) is not None:
            return 1
        raise ValueError(
            f"{self!r} has no positive class: {type(estimator).__name__} does not "
            "declare one (no pos_label_ attribute, as a TradeoffClassifier has) "
            f"and 1 is not among the labels {_shown(labels)}. Pass it: "
            f"{self._factory}(pos_label=...)."
        )

    def _check_known(self, label, estimator, y_true, y_pred):
        """A label the model never heard of would score 0 (or NaN) on every
        fold: most likely a typo, so it is an error."""
        classes = getattr(estimator, "classes_", None)
        if classes is None or _label_index(np.asarray(classes), label) is not None:
            return
        data = _unique_labels(y_true, y_pred)
        if _label_index(data, label) is not None:
            return
        raise ValueError(
            f"{self._label_arg}={_py(label)!r} of {self!r} is not among the "
            f"classes of {type(estimator).__name__} {_shown(np.asarray(classes))} "
            "nor in y_true or y_pred; set it to one of them."
        )

    def set_score_request(self, **kwargs):
        """Set the metadata this scorer requests (metadata routing only).

        Parameters
        ----------
        **kwargs : dict
            ``param_name=alias``, e.g. ``sample_weight=True``; see
            :func:`sklearn.metrics.make_scorer`'s ``set_score_request``.

        Returns
        -------
        self : object
            This scorer.
        """
        self._requests.set_score_request(**kwargs)
        return self

    def get_metadata_routing(self):
        """Get the metadata requests of this scorer.

        Returns
        -------
        routing : MetadataRequest
            The ``score`` requests (``sample_weight`` among them).
        """
        return self._requests.get_metadata_routing()

    def _accept_sample_weight(self):
        return True

    def _get_metadata_request(self):
        # scikit-learn 1.7's TunedThresholdClassifierCV copies the requests of
        # the scorer it is given through this (private) method.
        return self._requests._get_metadata_request()

    def __repr__(self):
        args = ", ".join(f"{k}={_py(v)!r}" for k, v in self._kwargs.items())
        return f"{self._factory}({args})"


@validate_params(
    {
        "pos_label": [*LABEL_CONSTRAINT, None],
        "zero_division": ZERO_DIVISION_CONSTRAINT,
    },
    prefer_skip_nested_validation=True,
)
def make_sensitivity_scorer(*, pos_label=None, zero_division="warn"):
    """Scorer for :func:`sensitivity_score` with the given positive class.

    Parameters
    ----------
    pos_label : int, float, bool or str, default=None
        The positive class.  None: the one the scored estimator declares (the
        ``pos_label_`` of a `TradeoffClassifier` or `TradeoffClassifierCV`,
        also as a Pipeline's final step or a search's best estimator), else 1
        where 1 is a label, else an error.  A label that is neither among the
        estimator's ``classes_`` nor in the data is an error.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The score of a fold without positive samples.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y, sample_weight=None)`` scoring
        ``estimator.predict(X)``.  Each call returns a new object, safe to
        configure with ``set_score_request``.

    See Also
    --------
    sensitivity_scorer : The ready scorer (``pos_label=None``).
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
    return _PositiveClassScorer(
        "make_sensitivity_scorer",
        sensitivity_score,
        pos_label=pos_label,
        zero_division=zero_division,
    )


@validate_params(
    {
        "pos_label": [*LABEL_CONSTRAINT, None],
        "zero_division": ZERO_DIVISION_CONSTRAINT,
    },
    prefer_skip_nested_validation=True,
)
def make_specificity_scorer(*, pos_label=None, zero_division="warn"):
    """Scorer for :func:`specificity_score` with the given positive class.

    Parameters
    ----------
    pos_label : int, float, bool or str, default=None
        The positive class; all other classes are negative.  None: found as
        in :func:`make_sensitivity_scorer`.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The score of a fold without negative samples.

    Returns
    -------
    scorer : callable
        A new scorer ``scorer(estimator, X, y, sample_weight=None)`` scoring
        ``estimator.predict(X)``.

    See Also
    --------
    specificity_scorer : The ready scorer (``pos_label=None``).
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
    return _PositiveClassScorer(
        "make_specificity_scorer",
        specificity_score,
        pos_label=pos_label,
        zero_division=zero_division,
    )


@validate_params(
    {"label": LABEL_CONSTRAINT, "zero_division": ZERO_DIVISION_CONSTRAINT},
    prefer_skip_nested_validation=True,
)
def make_per_class_accuracy_scorer(label, *, zero_division="warn"):
    """Scorer for the per-class accuracy P(predict label | label) of one class.

    A fold without samples of ``label`` scores ``zero_division``; a ``label``
    that is neither among the estimator's ``classes_`` nor in the fold (a typo,
    a different spelling) is an error, not a score of 0.

    Parameters
    ----------
    label : int, float, bool or str
        The class whose accuracy is scored.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The score of a fold without samples of ``label``.

    Returns
    -------
    scorer : callable
        A new scorer ``scorer(estimator, X, y, sample_weight=None)`` scoring
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
    return _PositiveClassScorer(
        "make_per_class_accuracy_scorer",
        _class_accuracy_score,
        label_arg="label",
        label=label,
        zero_division=zero_division,
    )


@validate_params(
    {
        "t": T_CONSTRAINT,
        "pos_label": [*LABEL_CONSTRAINT, None],
        "zero_division": ZERO_DIVISION_CONSTRAINT,
    },
    prefer_skip_nested_validation=True,
)
def make_tradeoff_scorer(t=0.5, *, pos_label=None, zero_division="warn"):
    """Scorer for :func:`tradeoff_score`: ``t * sensitivity + (1 - t) * specificity``.

    The score that matches training with tradeoff ``t``; also a sensible
    objective for ``TunedThresholdClassifierCV``.

    Parameters
    ----------
    t : float in [0, 1], default=0.5
        The weight of sensitivity.
    pos_label : int, float, bool or str, default=None
        The positive class.  None: found as in :func:`make_sensitivity_scorer`
        (inside ``TunedThresholdClassifierCV``, which scores a plain
        classifier: 1 where 1 is a label).
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The value of a rate whose class is missing from a fold.

    Returns
    -------
    scorer : callable
        A new scorer ``scorer(estimator, X, y, sample_weight=None)`` scoring
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
    return _PositiveClassScorer(
        "make_tradeoff_scorer",
        tradeoff_score,
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


def _mix64(z):
    """SplitMix64's finaliser on uint64 arrays (wrapping arithmetic)."""
    z = z ^ (z >> np.uint64(30))
    z = z * np.uint64(0xBF58476D1CE4E5B9)
    z = z ^ (z >> np.uint64(27))
    z = z * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _bytes_hash(data):
    return np.uint64(int.from_bytes(hashlib.blake2b(data, digest_size=8).digest()))


def _row_hashes(X, y_true):
    """A 64-bit hash of every row's bytes and label, the same in every fold."""
    y = np.asarray(y_true)
    labels, inverse = np.unique(y, return_inverse=True)
    label_hashes = np.array([_bytes_hash(repr(v).encode()) for v in labels.tolist()])
    h = label_hashes[inverse.ravel()]
    if sp.issparse(X):
        X = X.tocsr()
        rows = [
            _bytes_hash(X.indices[a:b].tobytes() + X.data[a:b].tobytes())
            for a, b in zip(X.indptr[:-1], X.indptr[1:], strict=True)
        ]
        return _mix64(h ^ np.array(rows, dtype=np.uint64))
    A = np.asarray(X)
    if A.ndim != 2 or A.dtype.kind not in "biufc":
        # Mixed columns, strings, text: the rows' reprs.
        rows = A if A.ndim != 1 else A[:, None]
        keys = [_bytes_hash(repr(row.tolist()).encode()) for row in rows]
        return _mix64(h ^ np.array(keys, dtype=np.uint64))
    raw = np.ascontiguousarray(A).view(np.uint8).reshape(A.shape[0], -1)
    pad = -raw.shape[1] % 8
    if pad:
        raw = np.hstack([raw, np.zeros((raw.shape[0], pad), dtype=np.uint8)])
    words = raw.view(np.uint64)
    for j in range(words.shape[1]):
        h = _mix64(h ^ words[:, j])
    return h


def _row_fingerprint(X, y_true, sample_weight=None):
    """MinHash of a test fold: the smallest row hash (top 53 bits, exact as a
    float).  The row of the smallest hash in the data is in one test fold per
    repeat of a partition, so the splits sharing the overall minimum count
    the repeats."""
    del sample_weight  # a scorer's signature; the rows are what is hashed
    return float(_row_hashes(X, y_true).min() >> np.uint64(11))


class _RowFingerprintScorer(_PositiveClassScorer):
    """``tradeoff_scoring(counts=True)["row_fingerprint"]``: a MinHash of the
    test fold's rows (no prediction, no positive class)."""

    def __init__(self):
        super().__init__("tradeoff_scoring", _row_fingerprint)
        self._needs_predictions = False

    def __call__(self, estimator, X, y_true, sample_weight=None, **kwargs):
        self._check_metadata(kwargs)
        return _row_fingerprint(X, _check_labels(y_true, "y_true"))


@validate_params(
    {
        "pos_label": [*LABEL_CONSTRAINT, None],
        "zero_division": ZERO_DIVISION_CONSTRAINT,
        "counts": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def tradeoff_scoring(pos_label=None, *, zero_division="warn", counts=False):
    """Build the scorers of sensitivity, specificity and balanced accuracy at once.

    Pass the dict as ``scoring=`` to ``GridSearchCV`` or ``cross_validate``;
    with ``GridSearchCV`` choose the model with ``refit=`` (a key, or a callable
    such as ``sk_imbalance.model_selection.constrained_refit``).

    Parameters
    ----------
    pos_label : int, float, bool or str, default=None
        The positive class of sensitivity and specificity.  None: the one the
        scored estimator declares, else 1 where 1 is a label, else an error
        (see :func:`make_sensitivity_scorer`).
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The value of a rate whose class is missing from a fold.
    counts : bool, default=False
        Also record the number of positives and of negatives of every test
        fold (``"n_positives"``, ``"n_negatives"``; with weights passed to
        the scorers, Kish's effective numbers ``(sum w)**2 / sum(w**2)``).
        :func:`~sk_imbalance.model_selection.constrained_refit` needs them
        for ``confidence``: they turn fold rates back into counts.  Also
        records ``"row_fingerprint"``, the smallest hash of the test fold's
        rows (features and label; a MinHash, not a score), from which
        ``constrained_refit`` counts the repeats of a repeated ``cv``.

    Returns
    -------
    dict
        New scorers under the keys ``"sensitivity"``, ``"specificity"`` and
        ``"balanced_accuracy"`` (the balanced accuracy of ``pos_label`` against
        the rest: the mean of the other two, as in
        :class:`~sk_imbalance.model_selection.TradeoffClassifierCV`;
        scikit-learn's balanced accuracy on binary data), and with
        ``counts=True`` ``"n_positives"``, ``"n_negatives"`` and
        ``"row_fingerprint"``.

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
        name: _PositiveClassScorer(
            "tradeoff_scoring", func, pos_label=pos_label, zero_division=zero_division
        )
        for name, func in (
            ("sensitivity", sensitivity_score),
            ("specificity", specificity_score),
        )
    }
    # The balanced accuracy of pos_label against the rest, as
    # TradeoffClassifierCV and constrained_refit mean it.
    scoring["balanced_accuracy"] = _PositiveClassScorer(
        "tradeoff_scoring",
        tradeoff_score,
        t=0.5,
        pos_label=pos_label,
        zero_division=zero_division,
    )
    if counts:
        for key, negatives in (("n_positives", False), ("n_negatives", True)):
            scoring[key] = _PositiveClassScorer(
                "tradeoff_scoring",
                _class_size,
                pos_label=pos_label,
                negatives=negatives,
            )
        scoring["row_fingerprint"] = _RowFingerprintScorer()
    return scoring


#: Ready scorer: :func:`sensitivity_score` of the estimator's positive class
#: (its ``pos_label_``), else of class 1.  A shared object: use
#: :func:`make_sensitivity_scorer` to name another class, or to call
#: ``set_score_request`` (which changes the object in place).
sensitivity_scorer = make_sensitivity_scorer()

#: Ready scorer: :func:`specificity_score` of the estimator's positive class
#: (its ``pos_label_``), else of class 1.  A shared object: use
#: :func:`make_specificity_scorer` to name another class, or to call
#: ``set_score_request``.
specificity_scorer = make_specificity_scorer()

#: Ready scorer: scikit-learn's balanced accuracy (the mean per-class accuracy,
#: any labels), counted by this package's core.  A shared object: use
#: ``tradeoff_scoring()["balanced_accuracy"]`` for a fresh one.
balanced_accuracy_scorer = make_scorer(
    _balanced_accuracy_score, response_method="predict"
)
