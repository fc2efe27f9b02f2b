"""Tests of the row remedies: copies, augmented copies, removal.

docs/design.md, section 3, ``weighting`` and ``augment``.  The references are
independent of the library: the requested shares ``t``, scikit-learn's
"balanced" weights, rows repeated by hand, and the row identities recorded by a
fake estimator.
"""

import pickle

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

from sk_imbalance import TradeoffClassifier, jitter
from sk_imbalance._compat import InvalidParameterError
from sk_imbalance._tradeoff import MAX_RESAMPLE_FACTOR


class _Recorder(ClassifierMixin, BaseEstimator):
    """Remembers what ``fit`` received; predicts the first class."""

    def fit(self, X, y, sample_weight=None):
        self.X_ = X
        self.y_ = np.asarray(y)
        self.sample_weight_ = sample_weight
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(X.shape[0], self.classes_[0])

    def __sklearn_tags__(self):
        # It takes any X, NaN included: the tags the wrapper validates X by.
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.sparse = True
        return tags


class _RecorderNoWeight(_Recorder):
    """A recorder whose ``fit`` takes no ``sample_weight``."""

    def fit(self, X, y):
        return super().fit(X, y)


class _CountingAugment:
    """An augment callable that counts its calls and rows and marks its output."""

    def __init__(self):
        self.calls = []

    def __call__(self, X_copies, y_copies, random_state):
        self.calls.append((X_copies.copy(), y_copies.copy(), random_state))
        return X_copies + 1000.0


def _ids_data(n=2000, pos_fraction=0.1, seed=42):
    """X whose first column is the row id, so fitted rows can be traced back."""
    rng = np.random.RandomState(seed)
    y = (rng.random_sample(n) < pos_fraction).astype(int)
    X = np.column_stack([np.arange(n, dtype=float), rng.normal(size=(n, 2))])
    return X, y


def _fitted_share(inner, label=1):
    """Share of the training weight the inner estimator gave to ``label``."""
    w = inner.sample_weight_
    w = np.ones(inner.y_.size) if w is None else np.asarray(w)
    return w[inner.y_ == label].sum() / w.sum()


REMEDIES = {
    "weights": {"weighting": "sample_weight"},
    "copies": {"weighting": "resample"},
    "augmented copies": {"weighting": "resample", "augment": jitter()},
    "removal": {"weighting": "undersample"},
}


@pytest.mark.parametrize("t", [0.2, 0.5, 0.8])
@pytest.mark.parametrize("remedy", list(REMEDIES))
def test_every_remedy_reproduces_the_shares(remedy, t):
    """Check that every remedy gives the positives the share t (within 1%)."""
    X, y = _ids_data()
    clf = TradeoffClassifier(_Recorder(), t, random_state=0, **REMEDIES[remedy])
    clf.fit(X, y)
    assert _fitted_share(clf.estimator_) == pytest.approx(t, abs=0.01)


def test_removal_reproduces_multiclass_priorities():
    """Check that removal reproduces class_priority shares on three classes."""
    rng = np.random.RandomState(1)
    y = rng.choice(3, size=3000, p=[0.8, 0.15, 0.05])
    X = rng.normal(size=(y.size, 2))
    priority = {0: 1.0, 1: 2.0, 2: 1.0}
    clf = TradeoffClassifier(
        _Recorder(), class_priority=priority, weighting="undersample", random_state=0
    ).fit(X, y)
    fitted = np.bincount(clf.estimator_.y_) / clf.estimator_.y_.size
    assert fitted == pytest.approx([0.25, 0.5, 0.25], abs=0.01)


@pytest.mark.parametrize("t", [0.5, 0.9, 0.999])
def test_removal_keeps_every_upweighted_row_and_every_class(t):
    """Check that removal keeps all positives once and at least one negative."""
    X, y = _ids_data(n=500)
    clf = TradeoffClassifier(
        _Recorder(), t, weighting="undersample", random_state=0
    ).fit(X, y)
    ids = clf.estimator_.X_[:, 0].astype(int)
    assert np.unique(ids).size == ids.size  # no row twice
    assert np.array_equal(np.sort(ids[y[ids] == 1]), np.flatnonzero(y == 1))
    assert (y[ids] == 0).sum() >= 1
    assert np.array_equal(X[ids], clf.estimator_.X_)  # rows are not altered


@pytest.mark.parametrize("t", [0.1, 0.3])
def test_removal_drops_positives_when_they_are_overweighted(t):
    """Check that with t below the positive frequency, positives are thinned."""
    X, y = _ids_data(n=1000, pos_fraction=0.5)
    clf = TradeoffClassifier(
        _Recorder(), t, weighting="undersample", random_state=0
    ).fit(X, y)
    ids = clf.estimator_.X_[:, 0].astype(int)
    assert np.array_equal(np.sort(ids[y[ids] == 0]), np.flatnonzero(y == 0))
    assert _fitted_share(clf.estimator_) == pytest.approx(t, abs=0.01)


@pytest.mark.parametrize("t", [0.5, 0.75])
def test_copies_of_a_tree_equal_the_weighted_tree(t):
    """Check that copies at integer weight ratios predict as the weighted tree.

    30 negatives and 10 positives give positive/negative weight ratios of 3
    (t=0.5) and 9 (t=0.75), so the copies are exact; the reference is a tree
    fitted with those integer weights (integers, so that near-ties between
    splits round the same way).
    """
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 3))
    y = np.array([0] * 30 + [1] * 10)
    X[y == 1] += 0.7
    ratio = round(30 / 10 * t / (1 - t))  # the post's n_neg / n_pos * t_blog
    reference_weight = np.where(y == 1, ratio, 1)
    reference = DecisionTreeClassifier(random_state=0).fit(
        X, y, sample_weight=reference_weight
    )
    clf = TradeoffClassifier(
        DecisionTreeClassifier(random_state=0), t, weighting="resample", random_state=0
    ).fit(X, y)
    X_test = rng.normal(size=(500, 3)) * 1.5
    assert np.array_equal(clf.predict(X_test), reference.predict(X_test))
    assert clf.estimator_.tree_.node_count == reference.tree_.node_count


def test_augment_is_applied_to_the_copies_only():
    """Check that augment sees each extra copy once and never an original row."""
    X, y = _ids_data(n=300)
    augment = _CountingAugment()
    clf = TradeoffClassifier(
        _Recorder(), 0.5, weighting="resample", augment=augment, random_state=0
    ).fit(X, y)
    ((X_copies, y_copies, _),) = augment.calls
    n_pos, n_neg = (y == 1).sum(), (y == 0).sum()
    fitted = clf.estimator_.X_
    # originals first, unchanged; then the augmented copies (all positives here,
    # as every negative needs exactly one copy)
    assert np.array_equal(fitted[: y.size], X)
    assert np.array_equal(fitted[y.size :], X_copies + 1000.0)
    assert np.all(y_copies == 1)
    assert np.array_equal(clf.estimator_.y_, np.concatenate([y, y_copies]))
    # each positive appears about n_neg / n_pos times in all
    copies_per_positive = np.bincount(X_copies[:, 0].astype(int), minlength=y.size)
    assert np.all(np.abs(copies_per_positive[y == 1] + 1 - n_neg / n_pos) < 1)


def test_augment_not_called_without_copies():
    """Check that augment is not called when no row needs a copy."""
    X, y = _ids_data(n=200, pos_fraction=0.5)
    y = np.arange(y.size) % 2  # exactly balanced: t=0.5 needs one copy per row
    augment = _CountingAugment()
    clf = TradeoffClassifier(_Recorder(), augment=augment, random_state=0).fit(X, y)
    assert augment.calls == []
    assert np.array_equal(clf.estimator_.X_, X)


def test_augment_makes_auto_resample():
    """Check that "auto" makes copies when augment is set, even if weights work."""
    X, y = _ids_data(n=300)
    augment = _CountingAugment()
    clf = TradeoffClassifier(_Recorder(), augment=augment, random_state=0).fit(X, y)
    assert clf.estimator_.sample_weight_ is None
    assert len(augment.calls) == 1
    assert clf.estimator_.y_.size > y.size


@pytest.mark.parametrize("container", ["array", "dataframe", "csr", "csc"], ids=str)
def test_augment_keeps_the_container(container):
    """Check that the fitted rows keep X's container and the copies' values."""
    X, y = _ids_data(n=200)
    X_in = {
        "array": lambda: X,
        "dataframe": lambda: pd.DataFrame(X, columns=["id", "a", "b"]),
        "csr": lambda: sparse.csr_matrix(X),
        "csc": lambda: sparse.csc_matrix(X),
    }[container]()
    clf = TradeoffClassifier(
        _Recorder(),
        weighting="resample",
        augment=lambda Xc, yc, rs: Xc * 2,
        random_state=0,
    ).fit(X_in, y)
    fitted = clf.estimator_.X_
    assert type(fitted) is type(X_in)
    dense = fitted.toarray() if sparse.issparse(fitted) else np.asarray(fitted)
    n_copies = dense.shape[0] - y.size
    assert n_copies > 0
    assert np.array_equal(dense[: y.size], X)
    ids = (dense[y.size :, 0] / 2).astype(int)
    assert np.array_equal(dense[y.size :], X[ids] * 2)


@pytest.mark.parametrize(
    "params",
    [
        {"weighting": "undersample"},
        {"weighting": "resample"},
        {"weighting": "resample", "augment": jitter(0.1)},
    ],
    ids=["removal", "copies", "augmented"],
)
def test_remedies_reproducible(params):
    """Check that a random_state fixes the rows, and another one changes them."""
    X, y = _ids_data(n=400, seed=3)

    def rows(seed):
        clf = TradeoffClassifier(_Recorder(), 0.7, random_state=seed, **params)
        return clf.fit(X, y).estimator_.X_

    assert np.array_equal(rows(0), rows(0))
    rs = np.random.RandomState
    assert np.array_equal(rows(rs(5)), rows(rs(5)))
    first, other = rows(0), rows(1)
    assert first.shape != other.shape or not np.array_equal(first, other)


def _wrong_columns(X_copies, y_copies, random_state):
    return X_copies[:, :-1]


def _one_row_less(X_copies, y_copies, random_state):
    return X_copies[1:]


def _nan(X_copies, y_copies, random_state):
    out = X_copies.copy()
    out[0, 1] = np.nan
    return out


def _inf(X_copies, y_copies, random_state):
    return X_copies * np.inf


def _none(X_copies, y_copies, random_state):
    return None


@pytest.mark.parametrize(
    "augment, error, match",
    [
        (_wrong_columns, ValueError, r"augment=.*_wrong_columns.*shape of X_copies"),
        (_one_row_less, ValueError, r"augment=.*_one_row_less.*shape of X_copies"),
        (_none, ValueError, r"augment=.*_none.*shape of X_copies"),
        (_nan, ValueError, r"augment=.*_nan.*NaN or infinite"),
        (_inf, ValueError, r"augment=.*_inf.*NaN or infinite"),
    ],
)
def test_bad_augment_output_raises(augment, error, match):
    """Check that a wrong shape or new non-finite values name augment."""
    X, y = _ids_data(n=200)
    clf = TradeoffClassifier(_Recorder(), augment=augment, random_state=0)
    with pytest.raises(error, match=match):
        clf.fit(X, y)


def test_augment_may_keep_missing_values():
    """Check that NaN already in the copies is not blamed on augment."""
    X, y = _ids_data(n=200)
    X[y == 1, 1] = np.nan
    clf = TradeoffClassifier(_Recorder(), augment=jitter(), random_state=0)
    fitted = clf.fit(X, y).estimator_.X_
    assert np.isnan(fitted[y.size :, 1]).all()
    assert np.isfinite(fitted[y.size :, 2]).all()


@pytest.mark.parametrize(
    "params, error, match",
    [
        (
            {"weighting": "oversample"},
            InvalidParameterError,
            "'weighting'.*oversample",
        ),
        ({"weighting": None}, InvalidParameterError, "'weighting'"),
        ({"augment": 3}, InvalidParameterError, "'augment'.*3"),
        (
            {"weighting": "sample_weight", "augment": jitter()},
            ValueError,
            r"augment=jitter\(scale=0.05\).*weighting='sample_weight'",
        ),
        (
            {"weighting": "undersample", "augment": jitter()},
            ValueError,
            r"augment=jitter\(scale=0.05\).*weighting='undersample'",
        ),
    ],
)
def test_weighting_and_augment_validated(params, error, match):
    """Check that bad weighting / augment values raise naming the parameter."""
    X, y = _ids_data(n=100)
    with pytest.raises(error, match=match):
        TradeoffClassifier(LogisticRegression(), **params).fit(X, y)


def test_removal_passes_user_weights_when_accepted():
    """Check that removal with user weights passes the kept rows' own weights."""
    X, y = _ids_data(n=3000, seed=4)
    s = np.random.RandomState(0).uniform(0.2, 5, size=y.size)
    clf = TradeoffClassifier(
        _Recorder(), 0.6, weighting="undersample", random_state=0
    ).fit(X, y, sample_weight=s)
    ids = clf.estimator_.X_[:, 0].astype(int)
    assert np.array_equal(clf.estimator_.sample_weight_, s[ids])
    assert np.array_equal(np.sort(ids[y[ids] == 1]), np.flatnonzero(y == 1))
    assert _fitted_share(clf.estimator_) == pytest.approx(0.6, abs=0.02)


def test_removal_samples_by_weight_when_weights_not_accepted():
    """Check that removal honours user weights in expectation without weights."""
    rng = np.random.RandomState(2)
    X, y = _ids_data(n=6000, pos_fraction=0.3, seed=2)
    s = np.where(X[:, 1] > 0, 4.0, 1.0)  # heavier rows: positive first feature
    clf = TradeoffClassifier(
        _RecorderNoWeight(), 0.5, weighting="undersample", random_state=rng
    ).fit(X, y, sample_weight=s)
    inner = clf.estimator_
    assert inner.sample_weight_ is None
    assert _fitted_share(inner) == pytest.approx(0.5, abs=0.02)
    for label in (0, 1):
        fitted_heavy = (inner.X_[inner.y_ == label, 1] > 0).mean()
        rows = y == label
        expected = s[rows][X[rows, 1] > 0].sum() / s[rows].sum()
        assert fitted_heavy == pytest.approx(expected, abs=0.05)


@pytest.mark.parametrize("weighting", ["resample", "undersample"])
def test_class_weight_reports_the_rows_used(weighting):
    """Check that class_weight_ gives the realised shares and total of the rows."""
    X, y = _ids_data(n=777, seed=6)
    clf = TradeoffClassifier(_Recorder(), 0.65, weighting=weighting, random_state=0)
    clf.fit(X, y)
    counts = np.bincount(clf.estimator_.y_)
    sizes = np.bincount(y)
    mass = np.array([clf.class_weight_[0], clf.class_weight_[1]]) * sizes
    assert mass.sum() == pytest.approx(y.size)
    assert mass / mass.sum() == pytest.approx(counts / counts.sum())


def test_removal_fits_a_real_model_on_fewer_rows():
    """Check that removal trains on fewer rows and reaches the tradeoff."""
    rng = np.random.RandomState(0)
    y = (rng.random_sample(4000) < 0.05).astype(int)
    X = rng.normal(size=(y.size, 4)) + y[:, None] * 1.5
    removal = TradeoffClassifier(
        LogisticRegression(), weighting="undersample", random_state=0
    ).fit(X, y)
    weights = TradeoffClassifier(LogisticRegression()).fit(X, y)
    assert removal.score(X, y) == pytest.approx(weights.score(X, y), abs=0.03)
    assert removal.score(X, y) > 0.8


# --------------------------------------------------------------------------------------
# jitter


def test_jitter_noise_scale_follows_each_class_spread():
    """Check that jitter's noise has std scale * the feature's std in each class."""
    rng = np.random.RandomState(0)
    y = np.repeat([0, 1], 20_000)
    X = rng.normal(size=(y.size, 2)) * [1.0, 10.0] + y[:, None] * [100.0, 0.0]
    X[y == 1] *= [3.0, 1.0]
    out = jitter(scale=0.2)(X, y, random_state=0)
    for label in (0, 1):
        rows = y == label
        noise_std = (out[rows] - X[rows]).std(axis=0)
        assert noise_std == pytest.approx(0.2 * X[rows].std(axis=0), rel=0.03)


def test_jitter_zero_scale_returns_the_copies():
    """Check that scale=0 adds nothing."""
    X = np.random.RandomState(0).normal(size=(50, 3))
    assert np.array_equal(jitter(scale=0.0)(X, np.zeros(50), 0), X)


def test_jitter_keeps_frames_and_float32():
    """Check that jitter returns a DataFrame for a DataFrame, float32 for float32."""
    X = np.random.RandomState(0).normal(size=(30, 2))
    frame = pd.DataFrame(X, columns=["a", "b"], index=np.arange(30) + 100)
    out = jitter()(frame, np.zeros(30), 0)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == ["a", "b"] and list(out.index) == list(frame.index)
    assert jitter()(X.astype(np.float32), np.zeros(30), 0).dtype == np.float32


@pytest.mark.parametrize(
    "X, error, match",
    [
        (sparse.csr_matrix(np.eye(3)), TypeError, "jitter needs dense"),
        (np.array([["a", "b"]] * 3), TypeError, "jitter needs numeric"),
        (np.zeros(3), ValueError, "jitter needs 2-D"),
    ],
)
def test_jitter_bad_input(X, error, match):
    """Check that jitter refuses sparse, non-numeric and 1-D input clearly."""
    with pytest.raises(error, match=match):
        jitter()(X, np.zeros(3), 0)


@pytest.mark.parametrize("scale", [-0.1, "big", None])
def test_jitter_scale_validated(scale):
    """Check that a negative or non-numeric scale raises naming scale."""
    with pytest.raises(InvalidParameterError, match="'scale'"):
        jitter(scale=scale)


def test_jitter_survives_pickle_and_clone():
    """Check that an estimator with jitter pickles and clones with equal params."""
    clf = TradeoffClassifier(augment=jitter(0.2), random_state=0)
    for copy in (clone(clf), pickle.loads(pickle.dumps(clf))):
        assert copy.augment == jitter(0.2) and copy.augment.scale == 0.2
        assert repr(copy.augment) == "jitter(scale=0.2)"
    X, y = _ids_data(n=200)
    fitted = pickle.loads(pickle.dumps(clf.fit(X, y)))
    assert np.array_equal(fitted.predict(X), clf.predict(X))


# --------------------------------------------------------------------------------------
# Every container with every weighting and augment.


def _container(kind, X):
    columns = [f"f{i}" for i in range(X.shape[1])]
    if kind == "numpy":
        return X
    if kind == "sparse":
        return sparse.csr_matrix(X)
    if kind == "pandas":
        return pd.DataFrame(X, columns=columns)
    polars = pytest.importorskip("polars")
    return polars.DataFrame(X, schema=columns, orient="row")


def _numpy_augment(X_copies, y_copies, random_state):
    """An augment that returns numpy whatever it is given (sparse stays sparse)."""
    if sparse.issparse(X_copies):
        return X_copies * 1.01
    return np.asarray(X_copies, dtype=float) * 1.01


@pytest.mark.parametrize("kind", ["numpy", "sparse", "pandas", "polars"])
@pytest.mark.parametrize(
    "weighting, augment",
    [
        ("auto", None),
        ("sample_weight", None),
        ("resample", None),
        ("undersample", None),
        ("auto", jitter(0.1)),
        ("resample", _numpy_augment),
    ],
)
def test_every_container_with_every_remedy(kind, weighting, augment):
    """Check that numpy, sparse, pandas and polars X work with every weighting
    and augment: the inner estimator gets the container it was given with its
    feature names (on the augmented copies too), and the rows the shares need."""
    rng = np.random.RandomState(0)
    X_np = rng.normal(size=(60, 3))
    y = np.array([1] * 10 + [0] * 50)
    X = _container(kind, X_np)
    if kind == "sparse" and isinstance(augment, type(jitter())):
        with pytest.raises(TypeError, match="jitter needs dense numeric X"):
            TradeoffClassifier(_Recorder(), augment=augment, random_state=0).fit(X, y)
        return
    inner = _Recorder() if weighting != "resample" else _RecorderNoWeight()
    clf = TradeoffClassifier(
        inner, t=0.5, weighting=weighting, augment=augment, random_state=0
    ).fit(X, y)
    seen = clf.estimator_.X_
    assert type(seen) is type(X) or (kind == "sparse" and sparse.issparse(seen))
    if kind in ("pandas", "polars"):
        assert list(seen.columns) == ["f0", "f1", "f2"]
    y_seen = clf.estimator_.y_
    if weighting in ("resample", "auto") and (
        augment is not None or weighting == "resample"
    ):
        # Copies: 5x each positive row reaches the balanced shares.
        assert (y_seen == 1).sum() == pytest.approx((y_seen == 0).sum(), abs=2)
        if augment is not None:
            values = np.asarray(seen.todense() if sparse.issparse(seen) else seen)
            copies = values[60:]
            assert copies.shape == (40, 3)
            assert not np.allclose(copies, np.repeat(X_np[:10], 4, axis=0))
    elif weighting == "undersample":
        assert (y_seen == 1).sum() == 10 and (y_seen == 0).sum() == 10
    else:
        assert seen.shape == (60, 3)
        w = clf.estimator_.sample_weight_
        assert w[y == 1].sum() == pytest.approx(w[y == 0].sum())
    assert clf.predict(X).shape == (60,)


# --------------------------------------------------------------------------------------
# The strategies as functions: the rows and weights to fit on.


def test_training_set_per_strategy():
    """Check that each strategy's rows and weights carry the class shares of the
    tradeoff weights: all rows weighted, copies, or kept rows (with the user's
    weights passed on when the estimator takes them)."""
    from sk_imbalance._resample import _training_set

    y_idx = np.array([0, 0, 0, 0, 1, 1])
    s = np.array([1.0, 2.0, 1.0, 1.0, 1.0, 1.0])
    weights = s * np.where(y_idx == 1, 2.0, 0.5)
    common = {"random_state": 0, "max_factor": 10}

    direct = _training_set(
        "sample_weight", weights, y_idx, s, pass_user_weights=False, **common
    )
    assert direct.rows is None
    np.testing.assert_array_equal(direct.sample_weight, weights)

    copies = _training_set(
        "resample", weights, y_idx, s, pass_user_weights=False, **common
    )
    assert copies.sample_weight is None and copies.exact
    np.testing.assert_array_equal(np.bincount(copies.rows, minlength=6), copies.counts)
    # Copies per row proportional to the weights (the lightest row once).
    np.testing.assert_allclose(copies.counts, weights / weights.min())

    kept = _training_set(
        "undersample", weights, y_idx, s, pass_user_weights=True, **common
    )
    np.testing.assert_array_equal(kept.sample_weight, s[kept.rows])
    assert set(y_idx[kept.rows]) == {0, 1}  # never drops a class


@pytest.mark.filterwarnings("error")
def test_resampling_weights_spanning_1e_minus6_to_1e6_keeps_every_row():
    """Check that the resampling fallback, whose copies cannot reproduce a 1e12
    weight ratio, says so once, keeps every row and gives finite class weights."""
    X, y = make_classification(
        n_samples=300, n_features=4, weights=[0.9], random_state=0
    )
    sw = np.logspace(-6, 6, y.size)
    model = TradeoffClassifier(KNeighborsClassifier(), t=0.7, random_state=0)
    with pytest.warns(UserWarning, match="only approximate") as record:
        model.fit(X, y, sample_weight=sw)
    assert len(record) == 1
    assert np.isfinite(list(model.class_weight_.values())).all()
    # KNN memorises its training rows: every row must be among them.
    assert model.estimator_.n_samples_fit_ >= y.size
    assert len(np.unique(model.estimator_._fit_X, axis=0)) == y.size


# --------------------------------------------------------------------------------------
# The resampling fallback: copies of rows for an estimator without sample_weight.


@pytest.fixture(scope="module")
def screening():
    X, y = make_classification(
        n_samples=2000, n_features=8, weights=[0.95], class_sep=0.8, random_state=0
    )
    return X, y


class _RowCounter(ClassifierMixin, BaseEstimator):
    """A classifier without sample_weight that records the rows it was fitted on."""

    def fit(self, X, y):
        self.X_, self.y_ = np.asarray(X), np.asarray(y)
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[-1])


@pytest.mark.parametrize("t", [0.2, 0.5, 0.9])
def test_resample_reproduces_shares_and_keeps_every_row(screening, t):
    """Check that copies reproduce the class shares within 1% and keep every row."""
    X, y = screening
    clf = TradeoffClassifier(_RowCounter(), t=t, random_state=0).fit(X, y)
    y_fit = clf.estimator_.y_
    assert np.mean(y_fit == 1) == pytest.approx(t, abs=0.01)
    # every original row (rows are unique in make_classification) is present
    assert len(np.unique(clf.estimator_.X_, axis=0)) == len(X)
    assert clf.class_weight_[1] / clf.class_weight_[0] == pytest.approx(
        (t / (1 - t)) * (y == 0).sum() / (y == 1).sum(), rel=0.02
    )


def test_resample_is_deterministic(screening):
    """Check that resampling depends only on random_state."""
    X, y = screening
    fits = [
        TradeoffClassifier(_RowCounter(), t=0.7, random_state=rs).fit(X, y).estimator_
        for rs in (3, 3, 4)
    ]
    np.testing.assert_array_equal(fits[0].X_, fits[1].X_)
    assert not np.array_equal(fits[0].y_, fits[2].y_) or not np.array_equal(
        fits[0].X_, fits[2].X_
    )


def test_resample_memory_bound(screening):
    """Check that extreme shares stay within the documented row bound, with a
    warning that the shares are approximate."""
    X, y = screening
    clf = TradeoffClassifier(_RowCounter(), t=0.999, random_state=0)
    with pytest.warns(UserWarning, match="approximate"):
        clf.fit(X, y)
    assert len(clf.estimator_.y_) <= MAX_RESAMPLE_FACTOR * len(y) + len(y)
    assert np.unique(clf.estimator_.X_, axis=0).shape[0] == len(X)


def test_resample_respects_user_weights():
    """Check that zero user weights drop rows and integer weights repeat them."""
    X = np.arange(12, dtype=float).reshape(-1, 1)
    y = np.array([0] * 8 + [1] * 4)
    s = np.array([0, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    clf = TradeoffClassifier(_RowCounter(), random_state=0).fit(X, y, sample_weight=s)
    rows = clf.estimator_.X_.ravel()
    assert 0.0 not in rows
    counts = {v: np.sum(rows == v) for v in np.unique(rows)}
    assert counts[2.0] == 2 * counts[1.0]


def test_weighting_sample_weight_unsupported():
    """Check that weighting="sample_weight" with an estimator without it errors."""
    X, y = make_classification(n_samples=50, random_state=0)
    clf = TradeoffClassifier(KNeighborsClassifier(), weighting="sample_weight")
    with pytest.raises(ValueError, match="weighting='sample_weight' but KNeighbors"):
        clf.fit(X, y)


def test_resample_sparse_input():
    """Check that the fallback copies rows of sparse matrices of any format."""
    _X, y = make_classification(n_samples=80, weights=[0.8], random_state=0)
    for fmt in ("coo", "csr", "dia"):
        Xs = sparse.random(80, 5, density=0.5, format=fmt, random_state=0)
        clf = TradeoffClassifier(KNeighborsClassifier(3), random_state=0).fit(Xs, y)
        assert clf.predict(Xs).shape == (80,)
