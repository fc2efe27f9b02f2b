"""What `TradeoffClassifier` and `TradeoffClassifierCV` share: a wrapped classifier.

Both fit a model into ``estimator_`` and delegate prediction to it; both score with
balanced accuracy and take the inner estimator's tags, so that the wrapper accepts
whatever the inner estimator accepts.  Both seed the clones they fit
(:func:`_seed_estimator`) and pass the tradeoff weights to them, a Pipeline's
included (:func:`_weight_params`).
"""

import numpy as np
from sklearn import get_config
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin
from sklearn.ensemble import StackingClassifier, VotingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.pipeline import Pipeline
from sklearn.utils import check_random_state, get_tags
from sklearn.utils.metadata_routing import MetadataRouter, MethodMapping
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted, has_fit_parameter

from sk_imbalance.utils._labels import _label_index, _py
from sk_imbalance.utils._validation import (
    _check_lengths,
    _check_sample_weight,
    _check_y,
)


def _default_estimator(estimator):
    return LogisticRegression() if estimator is None else estimator


def _final_step(estimator):
    return estimator.steps[-1][1] if isinstance(estimator, Pipeline) else estimator


def _innermost_step(estimator):
    """The estimator that ends ``estimator``: the final step of a Pipeline, of
    a Pipeline that ends it, and so on (the one that receives the weights)."""
    while isinstance(estimator, Pipeline):
        estimator = estimator.steps[-1][1]
    return estimator


def _final_path(estimator):
    """``"<step>__<step>__"``: the prefix of a parameter of the final step of
    (nested) Pipelines, as routing-off ``fit`` params are named."""
    prefix = ""
    while isinstance(estimator, Pipeline):
        name, estimator = estimator.steps[-1]
        prefix += f"{name}__"
    return prefix


def _takes_sample_weight(estimator):
    final = _innermost_step(estimator)
    if final in (None, "passthrough"):
        return False
    if has_fit_parameter(final, "sample_weight"):
        return True
    # Recent scikit-learn releases take these ensembles' sample_weight through
    # **fit_params (has_fit_parameter cannot see it) and pass it to every
    # member, as older releases did through a named argument.
    if isinstance(final, VotingClassifier | StackingClassifier):
        members = [m for _, m in final.estimators if m not in (None, "drop")]
        if isinstance(final, StackingClassifier):
            members.append(_default_estimator(final.final_estimator))
        return all(_takes_sample_weight(m) for m in members)
    return False


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


def _seed_estimator(estimator, random_state):
    """Give the unset ``random_state`` params of ``estimator`` (a clone) seeds
    drawn from ``random_state``.

    So ``TradeoffClassifier(RandomForestClassifier(), random_state=0)`` is
    reproducible, as scikit-learn's ensembles do with their members.  Seeds
    the user set on the inner estimator are kept.
    """
    if random_state is None:
        return
    rng = check_random_state(random_state)
    unset = {
        key: rng.randint(np.iinfo(np.int32).max)
        for key, value in sorted(estimator.get_params(deep=True).items())
        if (key == "random_state" or key.endswith("__random_state")) and value is None
    }
    estimator.set_params(**unset)


def _weight_params(estimator, weights):
    """The ``fit`` keyword arguments that give ``estimator`` the sample weights.

    Without metadata routing, a Pipeline's final step weighs
    (``<step>__sample_weight``, ``<step>__<step>__sample_weight`` for a
    Pipeline that ends in a Pipeline).  With routing, the weights follow the
    requests: every consumer the user left unset is set as routing-off would
    feed it (:func:`_request_weights`), so the fit is the same as without
    routing, and requests the user set win.
    """
    if not get_config()["enable_metadata_routing"]:
        return {f"{_final_path(estimator)}sample_weight": weights}
    _request_weights(estimator, wanted=True)
    return {"sample_weight": weights}


def _fit_weight_request(obj):
    """``obj``'s own ``fit`` request for ``sample_weight``: True, False, an
    alias, None (unset), or ``"absent"`` (it does not consume weights)."""
    routing = obj.get_metadata_routing()
    if isinstance(routing, MetadataRouter):
        # A router that also consumes (CalibratedClassifierCV weighs its
        # calibration) lists its own request first.
        own = dict(routing).get("$self_request")
        if own is None:
            return "absent"
        routing = own.router
    return routing.fit.requests.get("sample_weight", "absent")


def _sub_estimators(obj):
    """The estimators among ``obj``'s parameters, also inside lists of
    ``(name, estimator[, columns])`` (Pipeline steps, ColumnTransformer,
    FeatureUnion, Voting and Stacking members)."""

    def is_estimator(value):
        return hasattr(value, "fit") and not isinstance(value, type)

    found = []
    for value in obj.get_params(deep=False).values():
        if is_estimator(value):
            found.append(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                items = item if isinstance(item, tuple) else (item,)
                found.extend(v for v in items if is_estimator(v))
    return found


def _request_weights(obj, wanted):
    """Set the unset ``sample_weight`` fit requests of ``obj`` and of every
    estimator inside it to what routing-off does with the library's weights.

    Without routing the weights reach the estimator given to the wrapper, or
    a Pipeline's final step, and what that passes them on to (a calibrator's
    or an ensemble's members); transformers before the final step get none.
    ``wanted`` says whether ``obj`` is on that path.  The walk changes the
    clone being fitted, never the user's estimator.
    """
    if hasattr(obj, "set_fit_request") and _fit_weight_request(obj) is None:
        obj.set_fit_request(sample_weight=wanted)
    if isinstance(obj, Pipeline):
        last = len(obj.steps) - 1
        for i, (_, step) in enumerate(obj.steps):
            if step not in (None, "passthrough"):
                _request_weights(step, wanted and i == last)
        return
    if hasattr(obj, "get_params"):
        for child in _sub_estimators(obj):
            _request_weights(child, wanted)


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
