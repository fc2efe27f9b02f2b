"""Tests of ``sk_imbalance._cli._tick``: the search's counting step."""

import io

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402

from sk_imbalance._cli._progress import _Progress  # noqa: E402
from sk_imbalance._cli._tick import _Tick  # noqa: E402


def test_tick_counts_each_fit_of_the_active_display():
    """Check that each fit of a Pipeline starting with the step counts one fit on
    the active display, and none once the display is closed."""
    X, y = np.arange(20.0).reshape(10, 2), np.array([0, 1] * 5)
    pipeline = Pipeline([("progress", _Tick()), ("model", LogisticRegression())])
    progress = _Progress(3, stream=io.StringIO(), enabled=False)
    with progress:
        pipeline.fit(X, y)
        pipeline.fit(X, y)
        assert progress.done == 2
    pipeline.fit(X, y)  # no display: nothing to count, no error
    assert progress.done == 2


def test_tick_passes_any_table_through():
    """Check that the step returns its input unchanged, strings and missing
    values included, without being fitted first."""
    frame = pd.DataFrame({"age": [50.0, np.nan], "smoker": ["yes", None]})
    assert _Tick().transform(frame) is frame
    assert _Tick().fit(frame).transform(frame) is frame
    tags = _Tick().__sklearn_tags__()
    assert tags.input_tags.allow_nan and tags.input_tags.string
    assert not tags.requires_fit
