"""Warning classes of the library, to filter by class rather than by message.

Every warning the library raises is a :class:`SkImbalanceWarning` (a
``UserWarning``), so ``warnings.simplefilter("ignore", SkImbalanceWarning)``
silences all of them and ``pytest.warns(UserWarning)`` still catches them.
"""

__all__ = [
    "ConstantModelWarning",
    "RequirementNotMetWarning",
    "SkImbalanceWarning",
    "UndefinedFoldWarning",
]


class SkImbalanceWarning(UserWarning):
    """Base class of the library's warnings."""


class RequirementNotMetWarning(SkImbalanceWarning):
    """A requirement (a minimum, at a confidence or on the mean) is not met:
    the fallback candidate is returned and ``requirement_met_`` is False."""


class UndefinedFoldWarning(SkImbalanceWarning):
    """A rate is undefined on some test folds (the fold lacks the class); the
    value used for them is said in the message."""


class ConstantModelWarning(SkImbalanceWarning):
    """The fitted model predicts one class whatever the input (all weight on
    one class, or a ``t`` that changed nothing)."""
