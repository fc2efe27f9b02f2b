"""Fixtures of the model_selection tests."""

import pytest


@pytest.fixture(scope="module")
def dask_client():
    """A Dask client on a local cluster of two worker processes, fresh for each
    test module: on a cluster that has run other work, the search's task stream
    records fewer tasks than the search ran."""
    distributed = pytest.importorskip("distributed")
    with (
        # A random port: the HTTP server binds even without a dashboard, and a
        # fixed one clashes with any other cluster on the machine.
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client
