"""The tradeoff curve of a search, saved as a figure."""

import io
import json

from ._console import _native, _require
from ._files import _atomic_write


def _describe_figure(search, title):
    """The data the curve draws, as JSON text."""
    results = search.cv_results_
    drawn = {
        "title": title,
        "chosen_t": float(search.best_t_),
        "t": [float(t) for t in results["param_t"]],
    }
    for stat in ("mean", "lower"):
        for metric in ("sensitivity", "specificity"):
            key = f"{stat}_test_{metric}"
            if key in results:
                drawn[key] = [_native(round(float(v), 6)) for v in results[key]]
    return json.dumps(drawn)


# Tick labels of the log-odds axis.
_TICKS = (0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99)


def _save_plot(search, path, fmt, summary, title):
    matplotlib = _require("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sk_imbalance.model_selection import TradeoffCurveDisplay

    display = TradeoffCurveDisplay.from_cv_results(search, name=title)
    ax = display.ax_
    # The display draws the lower bounds and the minimums of a search with a
    # confidence; without one, the requirement line is the command line's to add.
    requirement = summary["requirement"]
    metric = requirement["metric"]
    if metric is not None and metric not in display.minimum_lines_:
        ax.axhline(
            requirement["minimum"],
            color="0.6",
            linestyle=":",
            label=f"{requirement['metric']} >= {requirement['minimum']:g}",
        )
    ts = [float(t) for t in search.cv_results_["param_t"]]
    if len(ts) > 1 and 0 < min(ts) and max(ts) < 1:
        # The grid is spaced on the log-odds scale; on a linear axis its values
        # near 1 (where screening requirements are met) crowd together.
        from matplotlib.ticker import NullFormatter

        ax.set_xscale("logit")
        ax.set_xlim(min(ts) / 1.5, 1 - (1 - max(ts)) / 1.5)
        ticks = [t for t in _TICKS if min(ts) <= t <= max(ts)]
        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("t (log-odds scale)")
    # Below the axes: inside, it covered the bands of the rates.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=9)
    buffer = io.BytesIO()
    ax.figure.savefig(
        buffer,
        format=fmt,
        dpi=150,
        bbox_inches="tight",
        # What the figure shows, in words a test can compare (a PNG's pixels
        # depend on the fonts and versions at hand).
        metadata={"Description": _describe_figure(search, title)}
        if fmt == "png"
        else None,
    )
    plt.close(ax.figure)
    _atomic_write(path, buffer.getvalue())
