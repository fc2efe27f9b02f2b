"""What kind of estimator the tuners were given.

A search over ``t`` wraps a plain classifier in a
:class:`~sk_imbalance.TradeoffClassifier`.  An estimator that already applies a
tradeoff ``t`` itself (a ``TradeoffClassifier``, or any class declaring
``_tunes_own_t = True``) must not be wrapped again: the inner one would rescale
the weights back to its own ``t``, so every ``t`` of the search would be the same
model.  Such an estimator is tuned by ``set_params(t=...)`` instead.
"""


def _tunes_own_t(estimator):
    """Whether ``estimator`` (an instance) applies the tradeoff ``t`` itself and
    is tuned by ``set_params(t=...)`` rather than wrapped."""
    if isinstance(estimator, type):
        return False
    from sk_imbalance._tradeoff import TradeoffClassifier

    return isinstance(estimator, TradeoffClassifier) or (
        getattr(type(estimator), "_tunes_own_t", False) is True
    )


def _tuned_template(estimator, pos_label, random_state, who):
    """``(template, pos_label)``: the unfitted model whose ``t`` a search sets.

    A plain classifier is wrapped in a ``TradeoffClassifier``; one that tunes
    its own ``t`` is cloned, keeps its ``pos_label`` unless ``pos_label`` of the
    search sets it (two different ones are an error naming both), and receives
    ``random_state`` when its own is unset.  ``who`` names the search in errors.
    """
    from sklearn.base import clone

    from sk_imbalance._tradeoff import TradeoffClassifier

    if not _tunes_own_t(estimator):
        template = TradeoffClassifier(
            estimator, pos_label=pos_label, random_state=random_state
        )
        return template, pos_label
    template = clone(estimator)
    params = template.get_params(deep=False)
    own = params.get("pos_label")
    if pos_label is not None and own is not None and own != pos_label:
        raise ValueError(
            f"{who} got pos_label={pos_label!r} but its estimator "
            f"{type(estimator).__name__} has pos_label={own!r}; give it once."
        )
    if pos_label is not None and "pos_label" in params:
        template.set_params(pos_label=pos_label)
    if "random_state" in params and params["random_state"] is None:
        template.set_params(random_state=random_state)
    return template, pos_label if own is None else own
