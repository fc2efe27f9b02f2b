"""Warning classes of the library, to filter by class rather than by message.

Every warning the library raises is a :class:`SkImbalanceWarning` (a
``UserWarning``), so ``warnings.simplefilter("ignore", SkImbalanceWarning)``
silences all of them and ``pytest.warns(UserWarning)`` still catches them.
"""

__all__ = [
    "AbsentClassWarning",
    "ConstantModelWarning",
    "RequirementNotMetWarning",
    "SkImbalanceWarning",
    "UndefinedFoldWarning",
]


class SkImbalanceWarning(UserWarning):
    """Base class of the library's warnings.

    See Also
    --------
    RequirementNotMetWarning : A requirement is not met.
    UndefinedFoldWarning : A rate is undefined on some test folds.
    ConstantModelWarning : The model predicts one class whatever the input.
    AbsentClassWarning : A predicted class is absent from the true labels.

    Examples
    --------
    >>> import warnings
    >>> from sk_imbalance.exceptions import SkImbalanceWarning
    >>> warnings.simplefilter("ignore", SkImbalanceWarning)
    """


class RequirementNotMetWarning(SkImbalanceWarning):
    """A requirement (a minimum, at a confidence or on the mean) is not met.

    The fallback candidate named in the message is returned and
    ``requirement_met_`` is False.

    See Also
    --------
    sk_imbalance.TradeoffClassifierCV : Chooses ``t`` under minimums.

    Examples
    --------
    >>> from sk_imbalance.exceptions import RequirementNotMetWarning
    >>> issubclass(RequirementNotMetWarning, UserWarning)
    True
    """


class UndefinedFoldWarning(SkImbalanceWarning):
    """A rate is undefined on some test folds (the fold lacks the class).

    The message says how those folds were counted.

    See Also
    --------
    sk_imbalance.model_selection.tradeoff_curve : Cross-validated rates per ``t``.

    Examples
    --------
    >>> from sk_imbalance.exceptions import UndefinedFoldWarning
    >>> issubclass(UndefinedFoldWarning, UserWarning)
    True
    """


class ConstantModelWarning(SkImbalanceWarning):
    """The fitted model predicts one class whatever the input.

    All weight on one class (``t=0`` or ``t=1``), or a ``t`` that changed
    nothing.

    See Also
    --------
    sk_imbalance.TradeoffClassifier : The tradeoff weights.

    Examples
    --------
    >>> from sk_imbalance.exceptions import ConstantModelWarning
    >>> issubclass(ConstantModelWarning, UserWarning)
    True
    """


class AbsentClassWarning(SkImbalanceWarning):
    """A class predicted in ``y_pred`` is absent from ``y_true``.

    Raised by the balanced accuracy (``balanced_accuracy_scorer``): the
    accuracy of a class without true samples is undefined, so it is left out
    of the mean, as :func:`sklearn.metrics.balanced_accuracy_score` does.

    See Also
    --------
    sk_imbalance.metrics.balanced_accuracy_scorer : The scorer that warns.

    Examples
    --------
    >>> from sk_imbalance.exceptions import AbsentClassWarning
    >>> issubclass(AbsentClassWarning, UserWarning)
    True
    """
