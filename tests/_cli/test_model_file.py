"""Tests of ``sk_imbalance._cli._model_file``: the skops model file."""

import pytest

pd = pytest.importorskip("pandas")
skops_io = pytest.importorskip("skops.io")


from sk_imbalance import _cli  # noqa: E402
from sk_imbalance._cli import TRUSTED_TYPES  # noqa: E402

from ._helpers import make_frame, run, write  # noqa: E402


def test_model_file_records_metadata(trained):
    """Check that the model file holds the versions, columns and positive label."""
    import sklearn

    import sk_imbalance

    untrusted = skops_io.get_untrusted_types(file=trained["model"])
    bundle = skops_io.load(trained["model"], trusted=untrusted)
    assert bundle["sk_imbalance_version"] == sk_imbalance.__version__
    assert bundle["sklearn_version"] == sklearn.__version__
    assert list(bundle["features"]) == ["age", "marker", "smoker"]
    assert bundle["positive_label"] == "sick"
    assert bundle["target"] == "outcome"
    assert bundle["classes"] == ["healthy", "sick"]


@pytest.mark.parametrize("estimator", _cli.ESTIMATORS)
def test_every_estimator_saves_only_trusted_types(estimator, tmp_path, capsys):
    """Check that each estimator's model file needs no type beyond TRUSTED_TYPES."""
    data = write(tmp_path / "d.csv", make_frame())
    model = tmp_path / "m.skops"
    status, _, _ = run(
        capsys, "tune", data, "--target", "outcome", "--estimator", estimator,
        "--model", model, "--cv", "2", "--ts", "0.5",
    )  # fmt: skip
    assert status == 0
    assert set(skops_io.get_untrusted_types(file=str(model))) <= TRUSTED_TYPES
    status, out, _ = run(capsys, "predict", model, data)
    assert status == 0


class Untrusted:
    """A type that no allow-list names."""


def test_load_refuses_untrusted_types(trained, tmp_path, capsys):
    """Check that a model file holding an unknown type is refused, exit 2."""
    path = tmp_path / "evil.skops"
    skops_io.dump({"format": _cli.MODEL_FORMAT, "model": Untrusted()}, str(path))
    status, _, err = run(capsys, "predict", path, trained["unlabelled"])
    assert status == 2
    assert "refusing to load" in err and "Untrusted" in err


@pytest.mark.parametrize(
    "content, match",
    [
        ({"model": 1}, "not a model file written by sk-imbalance"),
        (None, "not a model file written by sk-imbalance"),
    ],
)
def test_load_refuses_files_that_are_not_models(content, match, trained, tmp_path,
                                                capsys):  # fmt: skip
    """Check that a skops file of other content, or a CSV, is refused, exit 2."""
    path = tmp_path / "other.skops"
    if content is None:
        path.write_text("a,b\n1,2\n")
    else:
        skops_io.dump(content, str(path))
    status, _, err = run(capsys, "evaluate", path, trained["labelled"])
    assert status == 2
    assert match in err
