"""Internal helpers shared by the whole package (no public API).

- :mod:`~sk_imbalance.utils._validation`: checks of user input (targets, sample
  weights, lengths, ``t`` and ``ts``, the wrapped estimator, X for a model
  that stands in for the estimator), each raising an error that names the
  argument;
- :mod:`~sk_imbalance.utils._labels`: label encoding, label lookup, numpy
  scalars as Python scalars, per-class columns and decision scores, the
  positive class's index;
- :mod:`~sk_imbalance.utils._estimators`: which estimators tune their own
  ``t`` (set, not wrapped, by the searches);
- :mod:`~sk_imbalance.utils._indexing`: rows of X and of per-sample fit
  parameters, row counts;
- :mod:`~sk_imbalance.utils._stats`: Kish's effective size, rates from
  confusion cells, the tradeoff score, one-vs-rest balanced accuracy;
- :mod:`~sk_imbalance.utils._cv_results`: reading a search's ``cv_results_``
  (the ``t`` column, fold columns, families of candidates differing by ``t``);
- :mod:`~sk_imbalance.utils._warnings`: warnings at the user's line;
- :mod:`~sk_imbalance.utils._threads`: the thread budget (threads per job x
  jobs within the idle cores, or ``OMP_NUM_THREADS``).
"""

__all__ = []
