"""The progress step of the search (imported with scikit-learn, when a search
starts)."""

from sklearn.base import BaseEstimator, TransformerMixin

from ._progress import _Progress


class _Tick(TransformerMixin, BaseEstimator):
    """A pass-through first step that counts the fits for the progress display.

    The command line removes it from the model it saves (``_without_tick``).
    In worker processes there is no display, and it only passes data through.
    """

    def fit(self, X, y=None):
        progress = _Progress.active
        if progress is not None:
            progress.tick()
        return self

    def transform(self, X):
        return X

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        tags.requires_fit = False
        return tags
