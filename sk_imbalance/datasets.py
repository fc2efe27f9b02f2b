"""Built-in data for examples, the command line demo and tests."""

from numbers import Real

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.utils import Bunch, check_random_state

from sk_imbalance._compat import Interval, validate_params

__all__ = ["load_screening"]

_DESCR = """\
Screening data (derived from scikit-learn's breast cancer data)
---------------------------------------------------------------

The Wisconsin diagnostic breast cancer data (569 tumours, 30 numeric features of
the cell nuclei; 212 malignant, 357 benign), with *malignant* recoded as the
positive class 1 and subsampled, with a fixed seed, to a screening-like prevalence
of {fraction:.1%} malignant: {n_pos} malignant and {n_neg} benign rows, in a
shuffled order.  Source: W. N. Street, W. H. Wolberg and O. L. Mangasarian (1993),
via :func:`sklearn.datasets.load_breast_cancer`.
"""


@validate_params(
    {
        "random_state": ["random_state"],
        "positive_fraction": [Interval(Real, 0, 1, closed="neither")],
        "return_X_y": ["boolean"],
        "as_frame": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def load_screening(
    *, random_state=0, positive_fraction=0.05, return_X_y=False, as_frame=False
):
    """Load a screening data set: breast cancer with few malignant tumours.

    scikit-learn's breast cancer data with *malignant* as the positive class
    (``1``; scikit-learn codes it ``0``), subsampled so that a fraction
    ``positive_fraction`` of the rows is malignant.  All benign rows are kept
    and malignant ones drawn without replacement; when the fraction asks for
    more malignant rows than the 212 available, all of them are kept and benign
    rows drawn instead.  The rows come shuffled.  The default (5%) gives 376
    rows, 19 of them malignant.

    Parameters
    ----------
    random_state : int, RandomState instance or None, default=0
        Seed of the subsample and the shuffle.
    positive_fraction : float in (0, 1), default=0.05
        Fraction of malignant rows.
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        If True, ``data`` is a pandas DataFrame and ``target`` a Series named
        ``"malignant"`` (pandas required).

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (n_samples, 30), ``target`` (1 = malignant), ``feature_names``,
        ``target_names`` (``["benign", "malignant"]``), ``frame`` (the
        DataFrame of data and target when ``as_frame=True``, else None) and
        ``DESCR``.
    (data, target) : tuple if ``return_X_y`` is True
        The features and the labels.

    See Also
    --------
    sklearn.datasets.load_breast_cancer : The full data set.

    Examples
    --------
    >>> from sk_imbalance.datasets import load_screening
    >>> X, y = load_screening(return_X_y=True)
    >>> X.shape, int(y.sum())
    ((376, 30), 19)
    >>> load_screening(positive_fraction=0.2).target.mean().round(2)
    np.float64(0.2)
    """
    full = load_breast_cancer()
    positive = full.target == 0  # scikit-learn codes malignant as 0
    pos_rows = np.flatnonzero(positive)
    neg_rows = np.flatnonzero(~positive)
    rng = check_random_state(random_state)

    n_pos = round(positive_fraction * neg_rows.size / (1 - positive_fraction))
    if n_pos <= pos_rows.size:
        pos_rows = rng.choice(pos_rows, size=max(n_pos, 1), replace=False)
    else:
        n_neg = round(pos_rows.size * (1 - positive_fraction) / positive_fraction)
        neg_rows = rng.choice(neg_rows, size=max(n_neg, 1), replace=False)
    rows = rng.permutation(np.concatenate([pos_rows, neg_rows]))

    data = full.data[rows]
    target = positive[rows].astype(np.int64)
    feature_names = np.asarray(full.feature_names)
    frame = None
    if as_frame:
        import pandas as pd

        data = pd.DataFrame(data, columns=feature_names)
        target = pd.Series(target, name="malignant")
        frame = pd.concat([data, target], axis=1)
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        frame=frame,
        feature_names=feature_names,
        target_names=np.array(["benign", "malignant"]),
        DESCR=_DESCR.format(
            fraction=pos_rows.size / rows.size,
            n_pos=pos_rows.size,
            n_neg=neg_rows.size,
        ),
    )
