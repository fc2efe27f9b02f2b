"""Tests of sk_imbalance._base: what both wrappers share (seeding, weight routing)."""

import numpy as np
import pytest
from sklearn import config_context
from sklearn.base import clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from sk_imbalance.utils._estimators import (
    _final_step,
    _seed_estimator,
    _takes_sample_weight,
    _weight_params,
)


def _pipeline():
    return Pipeline(
        [
            ("scale", StandardScaler()),
            ("forest", RandomForestClassifier(n_estimators=3)),
        ]
    )


def test_seed_estimator_sets_unset_seeds_only_and_reproducibly():
    """Check that unset random_state params get seeds drawn from random_state,
    the same for the same seed, and that a seed the user set is kept."""
    a, b, other = _pipeline(), _pipeline(), _pipeline()
    _seed_estimator(a, 0)
    _seed_estimator(b, 0)
    _seed_estimator(other, 1)
    seed = a.get_params()["forest__random_state"]
    assert isinstance(seed, int | np.integer)
    assert b.get_params()["forest__random_state"] == seed
    assert other.get_params()["forest__random_state"] != seed

    kept = RandomForestClassifier(random_state=7)
    _seed_estimator(kept, 0)
    assert kept.random_state == 7


def test_seed_estimator_without_random_state_changes_nothing():
    """Check that random_state=None leaves the estimator's seeds unset."""
    model = _pipeline()
    _seed_estimator(model, None)
    assert model.get_params()["forest__random_state"] is None


def test_weight_params_without_routing():
    """Check that the weights go to fit directly, or to a Pipeline's final step."""
    w = np.ones(3)
    assert _weight_params(LogisticRegression(), w) == {"sample_weight": w}
    assert _weight_params(_pipeline(), w) == {"forest__sample_weight": w}


def test_weight_params_with_routing_weighs_the_final_step_unless_requested():
    """Check that under metadata routing the unset steps behave as without it
    (only the final step weighs) and an explicit request is kept."""
    w = np.ones(3)
    with config_context(enable_metadata_routing=True):
        pipe = make_pipeline(StandardScaler(), LogisticRegression())
        assert _weight_params(pipe, w) == {"sample_weight": w}
        requests = [
            step.get_metadata_routing().fit.requests["sample_weight"]
            for _, step in pipe.steps
        ]
        assert requests == [False, True]

        explicit = make_pipeline(
            StandardScaler().set_fit_request(sample_weight=True), LogisticRegression()
        )
        _weight_params(explicit, w)
        assert explicit.steps[0][1].get_metadata_routing().fit.requests["sample_weight"]


@pytest.mark.parametrize(
    "estimator, expected",
    [
        (LogisticRegression(), True),
        (KNeighborsClassifier(), False),
        (make_pipeline(StandardScaler(), LogisticRegression()), True),
        (make_pipeline(StandardScaler(), KNeighborsClassifier()), False),
        (Pipeline([("scale", StandardScaler()), ("last", "passthrough")]), False),
        (make_pipeline(StandardScaler(), make_pipeline(LogisticRegression())), True),
    ],
)
def test_takes_sample_weight(estimator, expected):
    """Check whether the (final step of the) estimator's fit takes sample_weight."""
    assert _takes_sample_weight(estimator) is expected


def test_final_step():
    """Check that a Pipeline's last step stands for it, any other estimator for
    itself."""
    lr = LogisticRegression()
    assert _final_step(make_pipeline(StandardScaler(), lr)) is lr
    assert _final_step(lr) is lr


def _routing_cases():
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import make_union
    from sklearn.preprocessing import MinMaxScaler

    columns = ColumnTransformer(
        [("std", StandardScaler(), [0, 1, 2]), ("minmax", MinMaxScaler(), [3, 4])],
        remainder="passthrough",
    )
    return {
        "column-transformer": make_pipeline(columns, LogisticRegression()),
        "feature-union": make_pipeline(
            make_union(StandardScaler(), MinMaxScaler()), LogisticRegression()
        ),
        "calibrated": CalibratedClassifierCV(LogisticRegression(), cv=3),
        "pipeline-calibrated": make_pipeline(
            StandardScaler(), CalibratedClassifierCV(LogisticRegression(), cv=3)
        ),
        "nested-pipelines": make_pipeline(
            StandardScaler(), make_pipeline(MinMaxScaler(), LogisticRegression())
        ),
        "columns-then-calibrated": make_pipeline(
            clone(columns), CalibratedClassifierCV(LogisticRegression(), cv=3)
        ),
    }


@pytest.mark.parametrize("name", list(_routing_cases()))
def test_routing_on_fits_as_routing_off_at_any_depth(name):
    """Check that with metadata routing on, TradeoffClassifier around nested
    meta-estimators the user did not configure fits the same model as with
    routing off (the injected weights reach the same consumers)."""
    from sklearn.datasets import make_classification

    from sk_imbalance import TradeoffClassifier

    X, y = make_classification(n_samples=150, weights=[0.8], random_state=0)
    estimator = _routing_cases()[name]
    model = TradeoffClassifier(estimator, t=0.8, random_state=0)
    off = clone(model).fit(X, y).predict_proba(X)
    with config_context(enable_metadata_routing=True):
        on = clone(model).fit(X, y).predict_proba(X)
    unweighted = estimator.fit(X, y).predict_proba(X)
    np.testing.assert_allclose(on, off, rtol=1e-10, atol=1e-12)
    assert not np.allclose(on, unweighted)  # the weights did reach the model


def test_routing_on_explicit_request_inside_column_transformer_wins():
    """Check that a step the user asked to weigh, deep inside a ColumnTransformer,
    is fitted with the tradeoff weights (its mean is the weighted mean)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.datasets import make_classification

    from sk_imbalance import TradeoffClassifier, tradeoff_sample_weight

    X, y = make_classification(n_samples=150, weights=[0.8], random_state=0)
    with config_context(enable_metadata_routing=True):
        scaler = StandardScaler().set_fit_request(sample_weight=True)
        columns = ColumnTransformer([("std", scaler, [0, 1])], remainder="drop")
        model = TradeoffClassifier(make_pipeline(columns, LogisticRegression()), t=0.8)
        model.fit(X, y)
    fitted = model.estimator_.steps[0][1].named_transformers_["std"]
    w = tradeoff_sample_weight(y, t=0.8)
    np.testing.assert_allclose(fitted.mean_, np.average(X[:, :2], axis=0, weights=w))
    # The user's estimator is left as it was: the walk changes the clone only.
    assert (
        LogisticRegression().get_metadata_routing().fit.requests.get("sample_weight")
        is None
    )


@pytest.mark.parametrize("routing", [False, True], ids=["routing-off", "routing-on"])
def test_pipeline_ending_in_a_pipeline_weighs_its_final_step(routing):
    """Check that the weights reach the final step of a Pipeline that ends in a
    Pipeline (exact weights, not resampled rows), routing off and on."""
    from sklearn.datasets import make_classification
    from sklearn.preprocessing import MinMaxScaler

    from sk_imbalance import TradeoffClassifier

    X, y = make_classification(n_samples=150, weights=[0.8], random_state=0)
    inner = make_pipeline(MinMaxScaler(), LogisticRegression())
    with config_context(enable_metadata_routing=routing):
        model = TradeoffClassifier(make_pipeline(StandardScaler(), inner), t=0.8)
        model.fit(X, y)
    Xt = MinMaxScaler().fit_transform(StandardScaler().fit_transform(X))
    reference = TradeoffClassifier(LogisticRegression(), t=0.8).fit(Xt, y)
    fitted = model.estimator_.steps[-1][1].steps[-1][1]
    np.testing.assert_allclose(fitted.coef_, reference.estimator_.coef_)


@pytest.mark.parametrize("routing", [False, True], ids=["routing-off", "routing-on"])
def test_voting_members_get_the_exact_weights(routing):
    """Check that a VotingClassifier's members are fitted with the tradeoff
    weights themselves (scikit-learn takes its sample_weight through
    **fit_params, which has_fit_parameter does not see), not on resampled rows."""
    from sklearn.datasets import make_classification
    from sklearn.ensemble import VotingClassifier

    from sk_imbalance import TradeoffClassifier, tradeoff_sample_weight

    X, y = make_classification(n_samples=150, weights=[0.8], random_state=0)
    voting = VotingClassifier(
        [("a", LogisticRegression()), ("b", LogisticRegression(C=0.1))],
        voting="soft",
    )
    with config_context(enable_metadata_routing=routing):
        model = TradeoffClassifier(voting, t=0.8, random_state=0).fit(X, y)
    w = tradeoff_sample_weight(y, t=0.8)
    for member, C in zip(model.estimator_.estimators_, (1.0, 0.1), strict=True):
        reference = LogisticRegression(C=C).fit(X, y, sample_weight=w)
        np.testing.assert_allclose(member.coef_, reference.coef_, rtol=1e-6)
