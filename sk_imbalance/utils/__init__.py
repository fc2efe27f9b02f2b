"""Internal helpers shared by the whole package (no public API).

- :mod:`~sk_imbalance.utils._validation`: checks of user input (targets, sample
  weights, lengths, ``t`` and ``ts``, the wrapped estimator), each raising an
  error that names the argument;
- :mod:`~sk_imbalance.utils._labels`: label encoding, label lookup and numpy
  scalars as Python scalars;
- :mod:`~sk_imbalance.utils._estimators`: which estimators tune their own
  ``t`` (set, not wrapped, by the searches);
- :mod:`~sk_imbalance.utils._indexing`: rows of X and of per-sample fit
  parameters, row counts.
"""

__all__ = []
