"""TradeoffBaggingClassifier: each member's sample, the mean, the weights."""

import numpy as np
import pytest
from sklearn.compose import make_column_transformer
from sklearn.datasets import make_classification
from sklearn.metrics import balanced_accuracy_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from sk_imbalance import (
    TradeoffBaggingClassifier,
    TradeoffClassifier,
    tradeoff_class_weight,
)

RANDOM_STATE = 0


@pytest.fixture(scope="module")
def data():
    return make_classification(
        n_samples=300, n_features=6, weights=[0.9], random_state=RANDOM_STATE
    )


def _expected_counts(y, t, sample_weight=None):
    """Rows per class of one member by the undersample rule: the class with the
    largest weight per row kept whole, each other class thinned to its share of
    the weight."""
    weight = tradeoff_class_weight(y, t=t, sample_weight=sample_weight)
    classes = np.array(sorted(weight))
    unit = np.array([weight[c] for c in classes])
    sizes = np.array([np.sum(y == c) for c in classes])
    return sizes * unit / unit.max()


@pytest.mark.parametrize("t", [0.2, 0.5, 0.8])
def test_member_class_counts_follow_t(data, t):
    """Check that every member's sample has the class counts of the tradeoff
    weights (the most weighted class whole, the other within one row)."""
    X, y = data
    clf = TradeoffBaggingClassifier(n_estimators=10, t=t, random_state=0).fit(X, y)
    expected = _expected_counts(y, t)
    for rows in clf.estimators_samples_:
        counts = np.bincount(y[rows], minlength=2)
        assert np.all(np.abs(counts - expected) < 1)
        assert np.unique(rows).size == rows.size  # no row twice


def test_member_is_fitted_on_its_sample(data):
    """Check that a member's tree was grown on the rows of its sample (the root
    holds that many rows with that class distribution)."""
    X, y = data
    clf = TradeoffBaggingClassifier(n_estimators=3, t=0.7, random_state=0).fit(X, y)
    for member, rows in zip(clf.estimators_, clf.estimators_samples_, strict=True):
        root_rows = member.tree_.n_node_samples[0]
        root_classes = (
            member.tree_.value[0, 0] * member.tree_.weighted_n_node_samples[0]
        )
        assert root_rows == rows.size
        np.testing.assert_allclose(root_classes, np.bincount(y[rows], minlength=2))


def test_members_draw_different_samples(data):
    """Check that the members' samples differ, and together cover most of the
    thinned class."""
    X, y = data
    clf = TradeoffBaggingClassifier(n_estimators=20, random_state=0).fit(X, y)
    samples = [frozenset(rows) for rows in clf.estimators_samples_]
    assert len(set(samples)) == len(samples)
    seen = np.unique(np.concatenate(clf.estimators_samples_))
    negatives = np.flatnonzero(y == 0)
    assert np.isin(negatives, seen).mean() > 0.9


def test_balanced_like_random_undersampler(data):
    """Check that at t=0.5 each member's class counts are those of
    imbalanced-learn's RandomUnderSampler, the sample of
    BalancedRandomForestClassifier."""
    pytest.importorskip("imblearn")
    from imblearn.under_sampling import RandomUnderSampler

    X, y = data
    _, y_rus = RandomUnderSampler(random_state=0).fit_resample(X, y)
    clf = TradeoffBaggingClassifier(n_estimators=5, random_state=0).fit(X, y)
    for rows in clf.estimators_samples_:
        np.testing.assert_array_equal(np.bincount(y[rows]), np.bincount(y_rus))


def test_multiclass_priorities_set_member_counts():
    """Check that with class_priority each member's class counts are in the
    ratio of the priorities."""
    X, y = make_classification(
        n_samples=400,
        n_classes=3,
        n_informative=4,
        weights=[0.6, 0.3, 0.1],
        random_state=0,
    )
    clf = TradeoffBaggingClassifier(
        n_estimators=5, class_priority={2: 2.0}, random_state=0
    ).fit(X, y)
    n_smallest = np.sum(y == 2)
    for rows in clf.estimators_samples_:
        counts = np.bincount(y[rows], minlength=3)
        assert counts[2] == n_smallest
        assert np.all(np.abs(counts[:2] - n_smallest / 2) < 1)


def test_same_random_state_same_model(data):
    """Check that a random_state fixes the samples and the members, whatever
    n_jobs."""
    X, y = data
    params = {"n_estimators": 8, "t": 0.6, "max_features": 0.5, "random_state": 3}
    a = TradeoffBaggingClassifier(**params).fit(X, y)
    b = TradeoffBaggingClassifier(**params, n_jobs=2).fit(X, y)
    for rows_a, rows_b in zip(
        a.estimators_samples_, b.estimators_samples_, strict=True
    ):
        np.testing.assert_array_equal(rows_a, rows_b)
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))


def test_predict_proba_is_members_mean(data):
    """Check that predict_proba is the mean of the members' probabilities on
    their own features, and predict its argmax."""
    X, y = data
    clf = TradeoffBaggingClassifier(n_estimators=6, max_features=3, random_state=0).fit(
        X, y
    )
    by_hand = np.mean(
        [
            member.predict_proba(X[:, features])
            for member, features in zip(
                clf.estimators_, clf.estimators_features_, strict=True
            )
        ],
        axis=0,
    )
    np.testing.assert_allclose(clf.predict_proba(X), by_hand)
    np.testing.assert_array_equal(clf.predict(X), np.argmax(by_hand, axis=1))
    for member, features in zip(clf.estimators_, clf.estimators_features_, strict=True):
        assert features.size == member.n_features_in_ == 3


def test_corrected_proba_undoes_the_weights(data):
    """Check that correct_proba=True returns the mean probabilities divided by
    the class weights and renormalised, and leaves predict as it was."""
    X, y = data
    clf = TradeoffBaggingClassifier(n_estimators=5, t=0.7, random_state=0).fit(X, y)
    q = clf.predict_proba(X)
    decision = clf.predict(X)
    w = np.array([clf.class_weight_[0], clf.class_weight_[1]])
    by_hand = (q / w) / (q / w).sum(axis=1, keepdims=True)
    clf.set_params(correct_proba=True)
    np.testing.assert_allclose(clf.predict_proba(X), by_hand)
    np.testing.assert_array_equal(clf.predict(X), decision)


def test_class_weight_is_measured_on_the_samples(data):
    """Check that class_weight_ is the weight per row each class received,
    measured on the members' samples, in the ratio of the tradeoff weights."""
    X, y = data
    clf = TradeoffBaggingClassifier(n_estimators=5, t=0.5, random_state=0).fit(X, y)
    expected = tradeoff_class_weight(y, t=0.5)
    ratio = clf.class_weight_[1] / clf.class_weight_[0]
    # Every positive kept, as many negatives: positives weigh n_neg / n_pos more.
    assert ratio == pytest.approx(expected[1] / expected[0], rel=0.02)


def test_zero_weight_rows_are_never_drawn(data):
    """Check that rows with sample_weight 0 are in no member's sample."""
    X, y = data
    sample_weight = np.ones(y.size)
    sample_weight[::3] = 0
    clf = TradeoffBaggingClassifier(n_estimators=10, random_state=0)
    clf.fit(X, y, sample_weight=sample_weight)
    drawn = np.concatenate(clf.estimators_samples_)
    assert not np.isin(drawn, np.flatnonzero(sample_weight == 0)).any()


def test_integer_weights_as_repeated_rows_in_expectation(data):
    """Check that integer weights give each row, on average over members, the
    weight that repeating it gives its copies (thinning is uniform per class,
    the kept rows' weights are passed to the tree)."""
    X, y = data
    rng = np.random.RandomState(0)
    sample_weight = rng.randint(1, 4, size=y.size)
    n = 400
    weighted = TradeoffBaggingClassifier(
        DecisionTreeClassifier(max_depth=1), n_estimators=n, random_state=0
    ).fit(X, y, sample_weight=sample_weight)
    repeated_rows = np.repeat(np.arange(y.size), sample_weight)
    repeated = TradeoffBaggingClassifier(
        DecisionTreeClassifier(max_depth=1), n_estimators=n, random_state=1
    ).fit(X[repeated_rows], y[repeated_rows])

    # Weight row i carries in a member: its user weight when drawn (passed to
    # the tree, checked on the root), the number of its copies drawn.
    per_row_weighted = np.zeros(y.size)
    for member, rows in zip(
        weighted.estimators_, weighted.estimators_samples_, strict=True
    ):
        assert member.tree_.weighted_n_node_samples[0] == pytest.approx(
            sample_weight[rows].sum()
        )
        per_row_weighted += np.bincount(
            rows, weights=sample_weight[rows], minlength=y.size
        )
    per_row_repeated = np.zeros(y.size)
    for rows in repeated.estimators_samples_:
        per_row_repeated += np.bincount(repeated_rows[rows], minlength=y.size)
    # Class totals per member agree to within a row; each negative row to
    # within sampling noise.
    for c in (0, 1):
        a = per_row_weighted[y == c].sum() / n
        b = per_row_repeated[y == c].sum() / n
        assert a == pytest.approx(b, rel=0.02)
    negatives = y == 0
    diff = (per_row_weighted - per_row_repeated)[negatives] / n
    assert np.abs(diff).mean() < 0.15


def test_oob_decision_function_by_hand(data):
    """Check that oob_decision_function_ is the mean of the members that left
    each row out, and oob_score_ its balanced accuracy."""
    X, y = data
    clf = TradeoffBaggingClassifier(
        n_estimators=15, replacement=True, oob_score=True, random_state=0
    ).fit(X, y)
    total = np.zeros((y.size, 2))
    seen = np.zeros(y.size)
    for member, rows in zip(clf.estimators_, clf.estimators_samples_, strict=True):
        out = np.setdiff1d(np.arange(y.size), rows)
        total[out] += member.predict_proba(X[out])
        seen[out] += 1
    scored = seen > 0
    by_hand = total[scored] / seen[scored, None]
    np.testing.assert_allclose(clf.oob_decision_function_[scored], by_hand)
    assert np.isnan(clf.oob_decision_function_[~scored]).all()
    expected = balanced_accuracy_score(y[scored], np.argmax(by_hand, axis=1))
    assert clf.oob_score_ == pytest.approx(expected)
    # Both classes have rows out of bag, thanks to the bootstrap.
    assert set(y[scored]) == {0, 1}


def test_replacement_keeps_class_counts(data):
    """Check that with replacement each member's sample keeps the class counts
    of the undersample, with some rows drawn twice."""
    X, y = data
    clf = TradeoffBaggingClassifier(
        n_estimators=5, replacement=True, random_state=0
    ).fit(X, y)
    n_pos = np.sum(y == 1)
    for rows in clf.estimators_samples_:
        np.testing.assert_array_equal(np.bincount(y[rows]), [n_pos, n_pos])
        assert np.unique(rows).size < rows.size


def test_dataframe_and_string_labels(data):
    """Check that a DataFrame's columns reach a Pipeline member by name and that
    string labels come back from predict."""
    pd = pytest.importorskip("pandas")
    X, y = data
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    labels = np.where(y == 1, "fraud", "ok")
    member = make_pipeline(
        make_column_transformer((StandardScaler(), ["f0", "f1", "f2"])),
        DecisionTreeClassifier(),
    )
    clf = TradeoffBaggingClassifier(
        member, n_estimators=3, pos_label="fraud", t=0.6, random_state=0
    ).fit(frame, labels)
    np.testing.assert_array_equal(clf.feature_names_in_, frame.columns)
    assert set(clf.predict(frame)) <= {"fraud", "ok"}
    counts = np.unique(labels[clf.estimators_samples_[0]], return_counts=True)
    assert dict(zip(*counts, strict=True))["fraud"] == np.sum(labels == "fraud")


@pytest.mark.parametrize(
    "t, expected", [(0.0, 0), (1.0, 1)], ids=["all negative", "all positive"]
)
def test_extreme_t_is_constant(data, t, expected):
    """Check that t=0 and t=1 predict one class everywhere."""
    X, y = data
    clf = TradeoffBaggingClassifier(n_estimators=3, t=t, random_state=0).fit(X, y)
    np.testing.assert_array_equal(clf.predict(X), np.full(y.size, expected))


@pytest.mark.parametrize(
    "params, error, match",
    [
        ({"oob_score": True}, ValueError, "replacement=False"),
        ({"max_features": 7}, ValueError, "max_features=7"),
        ({"max_features": 1.5}, ValueError, "max_features"),
        ({"n_estimators": 0}, ValueError, "n_estimators"),
        ({"t": 1.5}, ValueError, "t"),
        ({"class_priority": {0: 1.0}, "t": 0.7}, ValueError, "class_priority"),
        ({"pos_label": 5, "t": 0.7}, ValueError, "pos_label=5"),
        ({"estimator": DecisionTreeClassifier}, TypeError, "DecisionTreeClassifier"),
        (
            {"estimator": TradeoffClassifier(DecisionTreeClassifier())},
            ValueError,
            "estimator=TradeoffClassifier",
        ),
    ],
)
def test_bad_params(data, params, error, match):
    """Check that bad parameters raise an error naming the value."""
    X, y = data
    with pytest.raises(error, match=match):
        TradeoffBaggingClassifier(**{"n_estimators": 2, **params}).fit(X, y)


def test_tradeoff_cv_tunes_its_own_t(data):
    """Check that TradeoffClassifierCV tunes the ensemble's own t (no wrapper):
    the returned model is the ensemble refitted at the chosen t, and the
    refined path gives exact fits among readings."""
    from sk_imbalance import TradeoffClassifierCV

    X, y = data
    cv = TradeoffClassifierCV(
        TradeoffBaggingClassifier(n_estimators=5),
        ts=[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
        cv=2,
        method="refine",
        random_state=0,
    ).fit(X, y)
    assert isinstance(cv.estimator_, TradeoffBaggingClassifier)
    assert cv.estimator_.t == cv.best_t_
    expected = _expected_counts(y, cv.best_t_)
    counts = np.bincount(y[cv.estimator_.estimators_samples_[0]], minlength=2)
    assert np.all(np.abs(counts - expected) < 1)
    fitted = np.asarray(cv.cv_results_["fitted_at_t"], dtype=bool)
    assert fitted.any() and not fitted.all()


def test_tradeoff_cv_defaults_for_an_ensemble(data):
    """Check that TradeoffClassifierCV's "auto" and cv=None mean, for this
    ensemble, one repeat of 5 stratified folds, the paired rule and the
    refined path anchored at 0.5 alone (the 0.5 row and at most the chosen t
    fitted), while a plain forest keeps 5 x 3 folds, the three anchors and
    the one-standard-error rule."""
    from sklearn.ensemble import RandomForestClassifier

    from sk_imbalance import TradeoffClassifierCV

    X, y = data
    ts = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
    cv = TradeoffClassifierCV(
        TradeoffBaggingClassifier(n_estimators=3), ts=ts, random_state=0
    ).fit(X, y)
    assert (cv.method_, cv.selection_, cv.n_splits_) == ("refine", "paired_se", 5)
    fitted = np.flatnonzero(cv.cv_results_["fitted_at_t"])
    assert 3 in fitted and fitted.size <= 2
    forest = TradeoffClassifierCV(
        RandomForestClassifier(n_estimators=3), ts=ts, random_state=0
    ).fit(X, y)
    assert (forest.method_, forest.selection_, forest.n_splits_) == (
        "refine",
        "one_se",
        15,
    )
    assert {0, 3, 6} <= set(np.flatnonzero(forest.cv_results_["fitted_at_t"]))


def test_tradeoff_cv_chooses_among_exact_fits(data):
    """Check that the ensemble's default chooses among exact fits only: the
    reported fold scores at best_t_ are those of fresh ensembles fitted at
    best_t_ on the same splits, whichever t the readings pointed at (an
    objective weighing sensitivity 0.8 moves t away from 0.5 for one seed)."""
    from sklearn.metrics import make_scorer, recall_score
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    from sk_imbalance import TradeoffClassifierCV

    X, y = data
    splits = list(StratifiedKFold(5, shuffle=True, random_state=2).split(X, y))
    chosen = []
    for seed in range(3):
        search = TradeoffClassifierCV(
            TradeoffBaggingClassifier(n_estimators=5, random_state=seed),
            cv=splits,
            objective=0.8,
        ).fit(X, y)
        chosen.append(search.best_t_)
        assert search.cv_results_["fitted_at_t"][search.best_index_]
        fresh = TradeoffBaggingClassifier(
            n_estimators=5, t=search.best_t_, random_state=seed
        )
        expected = cross_val_score(
            fresh, X, y, cv=splits, scoring=make_scorer(recall_score, pos_label=1)
        )
        reported = [
            search.cv_results_[f"split{k}_test_sensitivity"][search.best_index_]
            for k in range(5)
        ]
        np.testing.assert_allclose(reported, expected, atol=1e-12)
    assert 0.5 in chosen and set(chosen) != {0.5}


def test_tradeoff_cv_score_at_half_is_cross_val_score(data):
    """Check that when the paired rule keeps t=0.5, the reported score is the
    cross-validated balanced accuracy of a fresh ensemble at t=0.5 on the same
    splits, and the returned model is that ensemble fitted on all rows."""
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    from sk_imbalance import TradeoffClassifierCV

    X, y = data
    splits = list(StratifiedKFold(5, shuffle=True, random_state=1).split(X, y))
    search = TradeoffClassifierCV(
        TradeoffBaggingClassifier(n_estimators=10, random_state=0), cv=splits
    ).fit(X, y)
    assert search.best_t_ == 0.5
    fresh = TradeoffBaggingClassifier(n_estimators=10, t=0.5, random_state=0)
    expected = cross_val_score(fresh, X, y, cv=splits, scoring="balanced_accuracy")
    assert search.best_score_ == pytest.approx(expected.mean(), abs=1e-12)
    np.testing.assert_array_equal(search.predict(X), fresh.fit(X, y).predict(X))


def test_tradeoff_cv_with_confidence_refits_every_t(data):
    """Check that with confidence the ensemble's cheap default path gives way
    to exact fits at every t, as for any model with probabilities: every row
    of cv_results_ is fitted at its t."""
    from sk_imbalance import TradeoffClassifierCV

    X, y = data
    cv = TradeoffClassifierCV(
        TradeoffBaggingClassifier(n_estimators=2),
        ts=[0.3, 0.5, 0.7],
        cv=2,
        min_sensitivity=0.5,
        confidence=0.8,
        random_state=0,
    ).fit(X, y)
    assert cv.method_ == "refit"
    assert np.asarray(cv.cv_results_["fitted_at_t"]).all()
