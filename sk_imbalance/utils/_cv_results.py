"""Reading a search's ``cv_results_``: the ``t`` column, the fold columns, and
the families of candidates that differ only by ``t``."""

from numbers import Real

import numpy as np


def _t_values(cv_results):
    """The ``t`` of each candidate (NaN where unknown), or None without a t column.

    Reads ``param_t``, else the one ``param_<step>__t`` of a Pipeline or nested
    meta-estimator.
    """
    if "param_t" in cv_results:
        key = "param_t"
    else:
        keys = [k for k in cv_results if k.startswith("param_") and k.endswith("__t")]
        if len(keys) != 1:
            return None
        key = keys[0]
    column = cv_results[key]
    mask = np.ma.getmaskarray(column)
    values = np.full(len(mask), np.nan)
    for i, (value, missing) in enumerate(zip(np.ma.getdata(column), mask, strict=True)):
        if not missing and isinstance(value, Real) and not isinstance(value, bool):
            values[i] = float(value)
    return values


def _split_columns(cv_results, name):
    """The ``split<k>_test_<name>`` columns, shape ``(n_candidates, n_splits)``
    (masked values as NaN), or None when the search did not record them."""
    columns = []
    while (key := f"split{len(columns)}_test_{name}") in cv_results:
        columns.append(np.asarray(np.ma.filled(cv_results[key], np.nan), dtype=float))
    return np.column_stack(columns) if columns else None


def _without_t(params):
    """A candidate's parameters except its ``t`` (``t`` or ``<step>__t``)."""
    return {k: v for k, v in params.items() if k != "t" and not k.endswith("__t")}


def _families(cv_results, n_candidates):
    """Candidates grouped by their parameters other than ``t`` (each group a
    path over ``t``), in order of first appearance."""
    params = cv_results.get("params")
    if params is None:
        return [np.arange(n_candidates)]
    groups = {}
    for i, p in enumerate(params):
        key = tuple(sorted((k, repr(v)) for k, v in _without_t(p).items()))
        groups.setdefault(key, []).append(i)
    return [np.array(members) for members in groups.values()]
