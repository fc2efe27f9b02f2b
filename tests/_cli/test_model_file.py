"""Tests of ``sk_imbalance._cli._model_file``: the skops model file."""

import numpy as np
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
    status, _out, _ = run(capsys, "predict", model, data)
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


@pytest.mark.parametrize("estimator", ["logistic", "knn"])
def test_model_saved_by_tune_predicts_the_same_in_python(estimator, tmp_path, capsys):
    """Check that a model file written by ``sk-imbalance tune`` loads with
    skops.io in Python and predicts, on the CSV read by pandas, exactly what
    ``sk-imbalance predict`` writes."""
    train = write(tmp_path / "train.csv", make_frame(n=120, seed=0))
    new = write(tmp_path / "new.csv", make_frame(n=50, seed=1).drop(columns="outcome"))
    model_path, out = tmp_path / "model.skops", tmp_path / "pred.csv"
    argv = ["tune", train, "--target", "outcome", "--model", str(model_path)]
    argv += ["--estimator", estimator, "--cv", "3", "--ts", "0.3", "0.5", "0.7", "-q"]
    assert _cli.main(argv) == 0
    argv = ["predict", str(model_path), new, "--proba", "--out", str(out), "-q"]
    assert _cli.main(argv) == 0
    capsys.readouterr()
    from_cli = pd.read_csv(out)

    untrusted = skops_io.get_untrusted_types(file=model_path)
    bundle = skops_io.load(model_path, trusted=untrusted)
    X_new = pd.read_csv(new)[list(bundle["features"])]
    model = bundle["model"]
    np.testing.assert_array_equal(
        model.predict(X_new), from_cli["predicted_outcome"].to_numpy()
    )
    proba = model.predict_proba(X_new)
    for j, label in enumerate(model.classes_):
        # The command line writes probabilities with 6 significant digits.
        np.testing.assert_allclose(
            proba[:, j], from_cli[f"proba_{label}"], rtol=1e-5, atol=1e-6
        )
