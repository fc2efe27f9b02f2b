"""Checks on every figure the gallery draws, run while the gallery runs the examples.

The examples run once, in the documentation build; this scraper looks at each
figure before sphinx-gallery saves it and stops the build on a figure a reader
could not read:

- two text labels of one axes printed over each other;
- an error bar of a rate (an axes whose y range lies within [-0.1, 1.1])
  reaching below 0 or above 1.
"""

import matplotlib.pyplot as plt
from matplotlib.container import ErrorbarContainer
from sphinx_gallery.scrapers import matplotlib_scraper


def figure_problems(figure):
    """Readability problems of ``figure``, as sentences (empty: none)."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    problems = []
    for ax in figure.axes:
        title = ax.get_title() or "untitled axes"
        texts = [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
        boxes = [t.get_window_extent(renderer) for t in texts]
        for i, a in enumerate(boxes):
            for j in range(i + 1, len(boxes)):
                if a.overlaps(boxes[j]):
                    problems.append(
                        f"{title}: labels {texts[i].get_text()!r} and "
                        f"{texts[j].get_text()!r} overlap"
                    )
        low, high = ax.get_ylim()
        if not (-0.1 <= min(low, high) and max(low, high) <= 1.1):
            continue
        for container in ax.containers:
            if not isinstance(container, ErrorbarContainer):
                continue
            for collection in container.lines[2]:
                for segment in collection.get_segments():
                    if segment[:, 1].min() < 0 or segment[:, 1].max() > 1:
                        problems.append(
                            f"{title}: an error bar of a rate leaves [0, 1] "
                            f"({segment[:, 1].min():.3f} to {segment[:, 1].max():.3f})"
                        )
    return problems


def checked_matplotlib_scraper(block, block_vars, gallery_conf, **kwargs):
    """sphinx-gallery's matplotlib scraper, after :func:`figure_problems`."""
    problems = [
        problem
        for number in plt.get_fignums()
        for problem in figure_problems(plt.figure(number))
    ]
    if problems:
        raise ValueError(
            f"{block_vars.get('src_file', 'an example')}: unreadable figure: "
            + "; ".join(problems)
        )
    return matplotlib_scraper(block, block_vars, gallery_conf, **kwargs)
