"""The one place that imports private scikit-learn names.

scikit-learn has no public API for these yet; keeping them here means a rename in a
future release is a one-line fix.  Supported range: see ``pyproject.toml``.
"""

# Parameter validation around fit that honours
# ``sklearn.set_config(skip_parameter_validation=True)`` (scikit-learn's own
# estimators decorate fit with it).
from sklearn.base import _fit_context as fit_context  # noqa: F401

# Row indexing that works for numpy arrays, sparse matrices and DataFrames alike.
from sklearn.utils import _safe_indexing as safe_indexing  # noqa: F401

# Declarative parameter validation (used by every estimator and public function in
# scikit-learn itself); ``make_constraint`` lets the test suite derive bad values
# from the declared constraints.
from sklearn.utils._param_validation import (  # noqa: F401
    HasMethods,
    Interval,
    InvalidParameterError,
    Options,
    RealNotInt,
    StrOptions,
    make_constraint,
    validate_params,
)

# Number of rows of any array-like, sparse matrix or DataFrame, counted as
# check_consistent_length counts them (so our messages can name the argument).
from sklearn.utils.validation import _num_samples as num_samples  # noqa: F401
