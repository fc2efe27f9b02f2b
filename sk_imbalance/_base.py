"""What `TradeoffClassifier` and `TradeoffClassifierCV` share: a wrapped classifier.

Both fit a model into ``estimator_`` and delegate prediction to it; both score with
balanced accuracy and take the inner estimator's tags, so that the wrapper accepts
whatever the inner estimator accepts.  Both seed the clones they fit
(``utils/_estimators.py``) and pass the tradeoff weights to them, a Pipeline's
included.
"""

from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin
from sklearn.metrics import balanced_accuracy_score
from sklearn.utils import get_tags
from sklearn.utils.metadata_routing import MetadataRouter, MethodMapping
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from sk_imbalance.utils._estimators import _default_estimator
from sk_imbalance.utils._labels import _label_index, _py
from sk_imbalance.utils._validation import (
    _check_lengths,
    _check_sample_weight,
    _check_y,
)


def _estimator_has(attr):
    """`available_if` check: the fitted model, else the unfitted inner estimator.

    A constant model (``_constant``, see `TradeoffClassifier`) stands in for the
    inner estimator, so the inner estimator decides what exists.
    """

    def check(self):
        if hasattr(self, "estimator_") and not getattr(self, "_constant", False):
            return hasattr(self.estimator_, attr)
        return hasattr(_default_estimator(self.estimator), attr)

    return check


class _WrappedClassifier(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Base class: delegate to ``estimator_``, score balanced accuracy, forward tags.

    Subclasses implement ``fit`` (setting ``estimator_`` and ``classes_``) and
    override the prediction methods they change.
    """

    def get_metadata_routing(self):
        """Get metadata routing of this object.

        Returns
        -------
        routing : MetadataRouter
            ``fit`` parameters are routed to the inner estimator's ``fit``; the
            ``sample_weight`` of ``fit`` and ``score`` is consumed here.
        """
        return (
            MetadataRouter(owner=self)
            .add_self_request(self)
            .add(
                estimator=_default_estimator(self.estimator),
                method_mapping=MethodMapping().add(caller="fit", callee="fit"),
            )
        )

    @property
    def pos_label_(self):
        """The positive class of the fitted model, or None.

        ``pos_label`` as it appears in ``classes_``; without ``pos_label``,
        ``classes_[1]`` on binary data; None when there is no positive class
        (multi-class data without ``pos_label``, or ``class_priority``).  The
        library's scorers read it when they are not given a ``pos_label``.

        Returns
        -------
        label or None
            The positive class.
        """
        check_is_fitted(self)
        classes = self.classes_
        if getattr(self, "class_priority", None) is not None:
            return None
        # A search that tunes an estimator of its own t takes that one's.
        pos_label = getattr(self, "_pos_label", self.pos_label)
        if pos_label is not None:
            index = _label_index(classes, pos_label)
            return None if index is None else _py(classes[index])
        return _py(classes[1]) if classes.size == 2 else None

    @available_if(_estimator_has("predict"))
    def predict(self, X):
        """Predict class labels with the fitted model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted labels.
        """
        check_is_fitted(self)
        return self.estimator_.predict(X)

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities of the fitted model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities in the order of ``classes_``.
        """
        check_is_fitted(self)
        return self.estimator_.predict_proba(X)

    @available_if(_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log-probabilities in the order of ``classes_``.
        """
        check_is_fitted(self)
        return self.estimator_.predict_log_proba(X)

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X):
        """Decision scores of the fitted model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            As the inner estimator's.
        """
        check_is_fitted(self)
        return self.estimator_.decision_function(X)

    def score(self, X, y, sample_weight=None):
        """Balanced accuracy (not accuracy) of ``predict(X)`` against ``y``.

        Accuracy rewards predicting the majority class on unbalanced data; the
        balanced accuracy is the mean recall over the classes.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Test samples.
        y : array-like of shape (n_samples,)
            True labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.

        Returns
        -------
        score : float
            :func:`~sklearn.metrics.balanced_accuracy_score` of the predictions.
        """
        _check_lengths(X, y, sample_weight=sample_weight)
        y = _check_y(y)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, y.shape[0])
        return balanced_accuracy_score(y, self.predict(X), sample_weight=sample_weight)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = get_tags(_default_estimator(self.estimator))
        tags.input_tags = inner.input_tags
        tags.non_deterministic = inner.non_deterministic
        if inner.classifier_tags is not None:
            tags.classifier_tags.multi_class = inner.classifier_tags.multi_class
            tags.classifier_tags.poor_score = inner.classifier_tags.poor_score
        return tags
