"""Fitted models survive pickle, joblib and skops.io with identical predictions."""

import io
import os
import pickle

import joblib
import numpy as np
import pytest
from scipy import sparse
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sk_imbalance import TradeoffClassifier, TradeoffClassifierCV
from sk_imbalance._cli import main as cli_main

sio = pytest.importorskip("skops.io")

X, Y = make_classification(n_samples=150, n_features=4, weights=[0.85], random_state=0)
X_NEW = np.random.RandomState(1).normal(size=(60, 4))


def _models():
    models = {
        "pipeline": TradeoffClassifier(
            make_pipeline(StandardScaler(), LogisticRegression()), t=0.7
        ),
        "resample": TradeoffClassifier(
            KNeighborsClassifier(n_neighbors=3), t=0.8, random_state=0
        ),
        "correct_proba": TradeoffClassifier(t=0.3, correct_proba=True),
        "constant": TradeoffClassifier(t=1.0),
    }
    models["cv"] = TradeoffClassifierCV(ts=[0.3, 0.5, 0.7], cv=2, random_state=0)
    return models


MODELS = _models()


@pytest.fixture(scope="module")
def fitted():
    return {name: clone(model).fit(X, Y) for name, model in MODELS.items()}


def _outputs(model, X):
    out = {"predict": model.predict(X)}
    for method in ("predict_proba", "decision_function"):
        if hasattr(model, method):
            out[method] = getattr(model, method)(X)
    return out


def _assert_same(loaded, original):
    assert type(loaded) is type(original)
    expected = _outputs(original, X_NEW)
    got = _outputs(loaded, X_NEW)
    assert got.keys() == expected.keys()
    for method, values in expected.items():
        np.testing.assert_array_equal(got[method], values, err_msg=method)
    np.testing.assert_array_equal(loaded.classes_, original.classes_)


def _pickle(model, tmp_path):
    return pickle.loads(pickle.dumps(model))


def _joblib(model, tmp_path):
    path = tmp_path / "model.joblib"
    joblib.dump(model, path)
    return joblib.load(path)


def _skops(model, tmp_path):
    path = tmp_path / "model.skops"
    sio.dump(model, path)
    untrusted = sio.get_untrusted_types(file=path)
    # Only our classes (and scikit-learn internals skops does not list, such as
    # KDTree) need trusting: nothing that could run arbitrary code.
    assert all(
        name.split(".")[0] in ("sk_imbalance", "sklearn") for name in untrusted
    ), untrusted
    return sio.load(path, trusted=untrusted)


@pytest.mark.parametrize("name", list(MODELS))
@pytest.mark.parametrize(
    "round_trip", [_pickle, _joblib, _skops], ids=["pickle", "joblib", "skops"]
)
def test_round_trip_gives_identical_predictions(fitted, name, round_trip, tmp_path):
    """Check that a fitted model loads back with identical predictions,
    probabilities and decision scores."""
    original = fitted[name]
    _assert_same(round_trip(original, tmp_path), original)


def test_loaded_model_refits_like_a_fresh_one(fitted):
    """Check that a loaded model keeps its parameters: refitting it gives the
    predictions of a freshly fitted clone."""
    original = fitted["pipeline"]
    data = sio.dumps(original)
    loaded = sio.loads(data, trusted=sio.get_untrusted_types(data=data))
    refit = loaded.fit(X, Y)
    np.testing.assert_array_equal(refit.predict(X_NEW), original.predict(X_NEW))


def test_round_trip_with_sparse_input():
    """Check that a model fitted on sparse data predicts the same after loading."""
    Xs = sparse.csr_matrix(np.where(np.abs(X) > 1, X, 0.0))
    model = TradeoffClassifier(
        KNeighborsClassifier(n_neighbors=3), t=0.7, random_state=0
    ).fit(Xs, Y)
    buffer = io.BytesIO()
    joblib.dump(model, buffer)
    buffer.seek(0)
    loaded = joblib.load(buffer)
    Xs_new = sparse.csr_matrix(X_NEW)
    np.testing.assert_array_equal(
        loaded.predict_proba(Xs_new), model.predict_proba(Xs_new)
    )


# --------------------------------------------------------------------------------------
# A model saved by the command line, used from Python.


def _screening_table(n, seed):
    """A table as a user has it: numbers, a category, missing values, a string
    target."""
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(seed)
    sick = rng.random(n) < 0.2
    frame = pd.DataFrame(
        {
            "age": np.round(rng.normal(50, 10, n) + 8 * sick, 1),
            "marker": np.round(rng.normal(0, 1, n) + 1.5 * sick, 3),
            "smoker": np.where(rng.random(n) < 0.3 + 0.4 * sick, "yes", "no"),
            "outcome": np.where(sick, "sick", "healthy"),
        }
    ).astype(object)
    frame.loc[[1, 7], "age"] = "NA"
    frame.loc[[3], "smoker"] = ""
    return frame


@pytest.mark.parametrize("estimator", ["logistic", "knn"])
def test_model_saved_by_the_cli_predicts_the_same_in_python(
    estimator, tmp_path, capsys
):
    """Check that a model file written by ``sk-imbalance tune`` loads with
    skops.io in Python and predicts, on the CSV read by pandas, exactly what
    ``sk-imbalance predict`` writes."""
    pd = pytest.importorskip("pandas")
    train, new = tmp_path / "train.csv", tmp_path / "new.csv"
    _screening_table(120, 0).to_csv(train, index=False)
    _screening_table(50, 1).drop(columns="outcome").to_csv(new, index=False)
    model_path, out = tmp_path / "model.skops", tmp_path / "pred.csv"
    argv = [
        "tune",
        str(train),
        "--target",
        "outcome",
        "--model",
        str(model_path),
        "--estimator",
        estimator,
        "--cv",
        "3",
        "--ts",
        "0.3",
        "0.5",
        "0.7",
        "-q",
    ]
    assert cli_main(argv) == 0
    assert (
        cli_main(
            ["predict", str(model_path), str(new), "--proba", "--out", str(out), "-q"]
        )
        == 0
    )
    capsys.readouterr()
    from_cli = pd.read_csv(out)

    bundle = sio.load(model_path, trusted=sio.get_untrusted_types(file=model_path))
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


def test_interrupted_cli_save_keeps_the_previous_model(tmp_path, capsys, monkeypatch):
    """Check that a save interrupted while writing (disk full, Ctrl-C) leaves the
    previous model file whole and loadable, and no temporary file behind."""
    train = tmp_path / "train.csv"
    _screening_table(120, 0).to_csv(train, index=False)
    model_path = tmp_path / "model.skops"
    argv = [
        "tune",
        str(train),
        "--target",
        "outcome",
        "--model",
        str(model_path),
        "--cv",
        "3",
        "--ts",
        "0.3",
        "0.5",
        "0.7",
        "-q",
    ]
    assert cli_main(argv) == 0
    before = model_path.read_bytes()

    class HalfWritten(io.FileIO):
        def write(self, data):
            super().write(data[: len(data) // 2])  # half the bytes reach the disk
            raise KeyboardInterrupt

    real_fdopen = os.fdopen

    def fdopen(fd, mode="r", *args, **kwargs):
        if mode == "wb":
            return HalfWritten(fd, "wb")
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)
    assert cli_main(argv) != 0
    monkeypatch.undo()
    assert "interrupted" in capsys.readouterr().err
    assert model_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.skops", "train.csv"]
    bundle = sio.load(model_path, trusted=sio.get_untrusted_types(file=model_path))
    assert hasattr(bundle["model"], "predict")
