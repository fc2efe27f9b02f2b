"""The model file: a skops dict of the fitted model and its metadata."""

import warnings

from ._console import CLIError, _require
from ._files import _atomic_write, _check_input_file

MODEL_FORMAT = "sk-imbalance-model"

MODEL_FORMAT_VERSION = 1

# Types skops does not trust by default that a model written by ``tune`` holds,
# for every ``--estimator``.  Anything else in a model file is refused: skops
# rebuilds these from data, without running code stored in the file.
TRUSTED_TYPES = frozenset(
    {
        "numpy.dtype",
        "sk_imbalance._tradeoff.TradeoffClassifier",
        "sklearn.tree._tree.Tree",
        "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
        # Older skops releases (< 0.13) do not trust these scikit-learn internals
        # of HistGradientBoostingClassifier by default.
        "sklearn.ensemble._hist_gradient_boosting.binning._BinMapper",
        "sklearn._loss.link.Interval",
        "sklearn._loss.link.LogitLink",
        "sklearn._loss.loss.HalfBinomialLoss",
        "sklearn.neighbors._kd_tree.KDTree",
        "sklearn.neighbors._ball_tree.BallTree",
        "sklearn.metrics._dist_metrics.EuclideanDistance64",
    }
)


def _save_model(path, model, metadata):
    skops_io = _require("skops.io")
    bundle = {
        "format": MODEL_FORMAT,
        "format_version": MODEL_FORMAT_VERSION,
        **metadata,
        "model": model,
    }
    _atomic_write(path, skops_io.dumps(bundle))


def _load_model(path, console):
    """The metadata dict of a model file, the fitted model under ``"model"``."""
    skops_io = _require("skops.io")
    _check_input_file(path)
    not_ours = f"{path} is not a model file written by sk-imbalance tune"
    try:
        untrusted = skops_io.get_untrusted_types(file=path)
    except OSError as exc:
        raise CLIError(f"cannot read {path}: {exc.strerror or exc}") from None
    except Exception:
        raise CLIError(not_ours) from None
    unexpected = sorted(set(untrusted) - TRUSTED_TYPES)
    if unexpected:
        raise CLIError(
            f"refusing to load {path}: it holds types outside the trusted list "
            f"({', '.join(unexpected)}); only load models written by "
            "sk-imbalance tune"
        )
    from sklearn import __version__ as sklearn_version

    with warnings.catch_warnings(record=True):
        # scikit-learn warns about a version change; reported below, once.
        warnings.simplefilter("ignore")
        try:
            bundle = skops_io.load(path, trusted=list(untrusted))
        except Exception as exc:
            raise CLIError(f"{not_ours} ({type(exc).__name__})") from None
    from sk_imbalance import TradeoffClassifier

    if (
        not isinstance(bundle, dict)
        or bundle.get("format") != MODEL_FORMAT
        or not isinstance(bundle.get("model"), TradeoffClassifier)
    ):
        raise CLIError(not_ours)
    if bundle.get("format_version", 0) > MODEL_FORMAT_VERSION:
        raise CLIError(
            f"{path} was written by a newer sk-imbalance "
            f"({bundle.get('sk_imbalance_version')}); upgrade to read it"
        )
    saved = bundle.get("sklearn_version")
    if saved != sklearn_version:
        console.warn(
            f"{path} was saved with scikit-learn {saved}, this is "
            f"{sklearn_version}; predictions may differ"
        )
    return bundle
