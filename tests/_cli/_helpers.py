"""Shared by the command line's tests: small generated tables and a runner."""

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

from sk_imbalance._cli import main  # noqa: E402

FAST = ["--cv", "3", "--ts", "0.2", "0.5", "0.8"]


def make_frame(n=90, seed=0, classes=("healthy", "sick"), weights=(0.8, 0.2)):
    """A small table: numeric, categorical and missing values, a string target."""
    rng = np.random.default_rng(seed)
    y = rng.choice(classes, size=n, p=weights)
    sick = y != classes[0]
    frame = pd.DataFrame(
        {
            "age": np.round(rng.normal(50, 10, n) + 8 * sick, 1),
            "marker": np.round(rng.normal(0, 1, n) + 1.5 * sick, 3),
            "smoker": np.where(rng.random(n) < 0.3 + 0.4 * sick, "yes", "no"),
            "outcome": y,
        }
    ).astype(object)
    frame.loc[[1, 7, 20], "age"] = "NA"
    frame.loc[[3, 11], "smoker"] = ""
    return frame


def write(path, frame):
    frame.to_csv(path, index=False)
    return str(path)


def run(capsys, *argv):
    """``main(argv)`` with its exit status, stdout and stderr."""
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err
