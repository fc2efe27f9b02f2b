"""Tests of sk_imbalance._base: what both wrappers share (seeding, weight routing)."""

import numpy as np
import pytest
from sklearn import config_context
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from sk_imbalance._base import (
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
