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


def make_newcomer_frame(n=300, seed=0, first_id=1):
    """What a newcomer brings: rows sorted by class and numbered (an ``id``), a
    column recorded after the outcome (``followup``), and 3% of the feature
    cells written as ``?``.  Returns ``(dirty, clean)``: the same rows, the
    clean one without ``id`` and ``followup`` and with empty cells for ``?``.
    """
    rng = np.random.default_rng(seed)
    y = np.where(rng.random(n) < 0.2, "sick", "healthy")
    sick = y == "sick"
    clean = pd.DataFrame(
        {
            "age": np.round(rng.normal(50, 10, n) + 6 * sick, 1),
            "marker": np.round(rng.normal(0, 1, n) + 1.2 * sick, 3),
            "pressure": np.round(rng.normal(120, 15, n) + 5 * sick, 0),
            "smoker": np.where(rng.random(n) < 0.3 + 0.3 * sick, "yes", "no"),
            "outcome": y,
        }
    ).astype(object)
    for column in ("age", "marker", "pressure"):
        holes = rng.random(n) < 0.03
        clean.loc[holes, column] = ""
    order = np.argsort(clean["outcome"].to_numpy(), kind="stable")
    clean = clean.iloc[order].reset_index(drop=True)
    dirty = clean.copy()
    dirty = dirty.replace("", "?")
    dirty.insert(0, "id", np.arange(first_id, first_id + n))
    dirty["followup"] = np.where(dirty["outcome"] == "sick", "treated", "discharged")
    return dirty, clean
