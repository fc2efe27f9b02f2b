"""The gallery's figure checks (docs/sphinxext/figure_checks.py) catch what they
are for: the documentation build runs every example through them."""

import sys
from pathlib import Path

import pytest

plt = pytest.importorskip("matplotlib.pyplot")
pytest.importorskip("sphinx_gallery")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "sphinxext"))
from figure_checks import figure_problems  # noqa: E402


@pytest.fixture
def ax():
    figure, ax = plt.subplots(figsize=(4, 3))
    yield ax
    plt.close(figure)


def test_readable_figure_has_no_problem(ax):
    """Check that separate labels and error bars within [0, 1] pass."""
    ax.text(0.1, 0.1, "t=0.2")
    ax.text(0.8, 0.8, "t=0.8")
    ax.errorbar([0, 1], [0.5, 0.9], yerr=[0.1, 0.05])
    ax.set_ylim(0, 1)
    assert figure_problems(ax.figure) == []


def test_overlapping_labels_are_found(ax):
    """Check that two labels printed over each other are named."""
    ax.text(0.5, 0.5, "t=0.45")
    ax.text(0.51, 0.5, "t=0.5")
    problems = figure_problems(ax.figure)
    assert len(problems) == 1 and "'t=0.45' and 't=0.5' overlap" in problems[0]


def test_error_bar_above_one_is_found(ax):
    """Check that an error bar of a rate reaching above 1 is named."""
    ax.errorbar([0, 1], [0.5, 0.95], yerr=[0.1, 0.1])
    ax.set_ylim(0, 1.05)
    problems = figure_problems(ax.figure)
    assert len(problems) == 1 and "leaves [0, 1]" in problems[0]


def test_error_bars_off_a_rate_axis_are_not_checked(ax):
    """Check that error bars of quantities other than rates may leave [0, 1]."""
    ax.errorbar([0, 1], [5, 9], yerr=[2, 2])
    assert figure_problems(ax.figure) == []
