"""Estimator helpers every layer uses.

The default estimator, a Pipeline's final step, whether an estimator takes
sample weights, seeding the clones that are fitted (:func:`_seed_estimator`),
handing them the tradeoff weights, a Pipeline's included
(:func:`_weight_params`), and what kind of estimator the tuners were given.

A search over ``t`` wraps a plain classifier in a
:class:`~sk_imbalance.TradeoffClassifier`.  An estimator that already applies a
tradeoff ``t`` itself (its class declares ``_tunes_own_t = True``, as
``TradeoffClassifier`` does) must not be wrapped again: the inner one would rescale
the weights back to its own ``t``, so every ``t`` of the search would be the same
model.  Such an estimator is tuned by ``set_params(t=...)`` instead.
"""

import numpy as np
from sklearn import get_config
from sklearn.ensemble import StackingClassifier, VotingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.utils import check_random_state
from sklearn.utils.metadata_routing import MetadataRouter
from sklearn.utils.validation import has_fit_parameter


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


def _tunes_own_t(estimator):
    """Whether ``estimator`` (an instance) applies the tradeoff ``t`` itself and
    is tuned by ``set_params(t=...)`` rather than wrapped: its class declares
    ``_tunes_own_t = True`` (``TradeoffClassifier`` and
    ``TradeoffBaggingClassifier`` do)."""
    if isinstance(estimator, type):
        return False
    return getattr(type(estimator), "_tunes_own_t", False) is True
