"""Internal helpers shared by the whole package (no public API).

- :mod:`~sk_imbalance.utils._validation`: checks of user input (targets, sample
  weights, lengths, ``t`` and ``ts``, the wrapped estimator), each raising an
  error that names the argument;
- :mod:`~sk_imbalance.utils._labels`: label encoding, label lookup, numpy
  scalars as Python scalars, the positive class's index;
- :mod:`~sk_imbalance.utils._indexing`: rows of X and of per-sample fit
  parameters, row counts;
- :mod:`~sk_imbalance.utils._stats`: Kish's effective size, rates from
  confusion cells, the tradeoff score, one-vs-rest balanced accuracy;
- :mod:`~sk_imbalance.utils._cv_results`: reading a search's ``cv_results_``
  (the ``t`` column, fold columns, families of candidates differing by ``t``);
- :mod:`~sk_imbalance.utils._warnings`: warnings at the user's line.
"""

__all__ = []
