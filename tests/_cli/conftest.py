"""Fixtures of the command line's tests."""

import pytest

pytest.importorskip("pandas")
pytest.importorskip("skops.io")

from sk_imbalance._cli import main

from ._helpers import FAST, make_frame, write


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A model tuned on a small table, with the table and new rows."""
    folder = tmp_path_factory.mktemp("trained")
    train = write(folder / "train.csv", make_frame())
    new = make_frame(n=40, seed=1)
    labelled = write(folder / "labelled.csv", new)
    unlabelled = write(folder / "new.csv", new.drop(columns="outcome"))
    model = str(folder / "model.skops")
    status = main(["tune", train, "--target", "outcome", "--model", model, "-q", *FAST])
    assert status == 0
    return {
        "train": train,
        "labelled": labelled,
        "unlabelled": unlabelled,
        "model": model,
        "folder": folder,
    }
