"""`TradeoffCurveDisplay`: the tradeoff curve in scikit-learn's Display style."""

import numpy as np

from sk_imbalance.exceptions import SkImbalanceWarning
from sk_imbalance.model_selection._curve import tradeoff_curve
from sk_imbalance.model_selection._selection import RATES, _cv_column
from sk_imbalance.utils._cv_results import _families, _t_values, _without_t
from sk_imbalance.utils._validation import _check_t
from sk_imbalance.utils._warnings import _warn

__all__ = ["TradeoffCurveDisplay"]

_COLORS = {"sensitivity": "tab:red", "specificity": "tab:blue"}


def _pyplot():
    """matplotlib's pyplot, or an error naming the extra that installs it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            "TradeoffCurveDisplay needs matplotlib, which is not installed; "
            "install it with `pip install 'sk-imbalance[plot]'`."
        ) from exc
    return plt


def _lower_limit(display):
    """Bottom of the y axis: zoomed on the curves, so that small gaps show."""
    lows = [
        np.asarray(getattr(display, f"{m}_mean"), dtype=float)
        - np.asarray(getattr(display, f"{m}_std"), dtype=float)
        for m in ("sensitivity", "specificity")
    ]
    low = np.nanmin(np.concatenate(lows), initial=1.0)
    return max(-0.02, min(low, 0.9) - 0.05)


def _chosen_index(search):
    """The index of the chosen candidate of a fitted search, or None."""
    index = getattr(search, "best_index_", None)
    return None if index is None else int(index)


def _requirement(search):
    """``(minimums, confidence)`` of a search: a ``TradeoffClassifierCV``'s
    parameters, or those its ``refit`` callable exposes."""
    if hasattr(search, "min_sensitivity"):
        minimums = {
            metric: value
            for metric in RATES
            if (value := getattr(search, f"min_{metric}", None)) is not None
        }
        return minimums or None, getattr(search, "confidence", None)
    refit = getattr(search, "refit", None)
    return getattr(refit, "minimums", None), getattr(refit, "confidence", None)


def _guarantee_columns(search, cv_results, order):
    """The lower bounds the rules recorded in ``cv_results`` (the chooser's
    ``confidence``, or ``constrained_refit(confidence=...)``), with the
    minimums and the confidence, where the search has them."""
    columns = {
        f"{metric}_lower": np.asarray(cv_results[f"lower_test_{metric}"])[order]
        for metric in RATES
        if f"lower_test_{metric}" in cv_results
    }
    if not columns or isinstance(search, dict):
        return columns
    minimums, confidence = _requirement(search)
    return {**columns, "minimums": minimums, "confidence": confidence}


def _positive_label(search):
    """The positive class of a search over ``t``, or None when unknown."""
    pos_label = getattr(search, "pos_label", None)
    if pos_label is None and hasattr(search, "estimator"):
        params = search.estimator.get_params()
        keys = [k for k in params if k == "pos_label" or k.endswith("__pos_label")]
        if keys:
            pos_label = params[keys[0]]
    classes = getattr(search, "classes_", None)
    if pos_label is None and classes is not None and len(classes) == 2:
        pos_label = classes[1]  # the estimators' rule: the greater label
    return pos_label.item() if isinstance(pos_label, np.generic) else pos_label


def _slice(cv_results, ts, index, search):
    """Rows to draw: the candidates sharing the chosen one's parameters other
    than ``t`` when others vary; all of them, with a warning, when no slice of
    several ``t`` exists."""
    keep = ~np.isnan(ts)
    if "params" not in cv_results or len(_families(cv_results, ts.size)) < 2:
        return keep
    varying = sorted({k for p in cv_results["params"] for k in _without_t(p)})
    if index is None:
        if isinstance(search, dict):
            cause = (
                "no chosen candidate to pick a slice; pass the fitted search "
                "instead of its cv_results_"
            )
        else:
            cause = (
                "the search has no chosen candidate (best_index_) to pick a "
                "slice: it was run with refit=False; run it with a refit"
            )
        if np.unique(ts[keep]).size < keep.sum():
            raise ValueError(
                "cv_results has several candidates per t (other parameters vary "
                f"too: {varying}) and {cause}."
            )
        _warn(
            f"The candidates differ in other parameters ({varying}) and {cause}; "
            "all of them are drawn as one curve.",
            SkImbalanceWarning,
        )
        return keep
    reference = _without_t(cv_results["params"][index])
    same = keep & np.array([_without_t(p) == reference for p in cv_results["params"]])
    if same.sum() < 2:
        _warn(
            f"The candidates differ in other parameters ({varying}) and no other "
            "candidate shares the chosen one's, so there is no curve over t to "
            "slice (e.g. a randomized search over continuous parameters); all "
            "candidates are drawn as one curve.",
            SkImbalanceWarning,
        )
        return keep
    return same


class TradeoffCurveDisplay:
    """Cross-validated sensitivity and specificity against the tradeoff ``t``.

    Build it with :meth:`from_estimator` (runs :func:`tradeoff_curve`) or
    :meth:`from_cv_results` (reads a fitted search over ``t`` scored with
    :func:`~sk_imbalance.metrics.tradeoff_scoring`); both call :meth:`plot`.
    The mean over folds is drawn as a line and plus/minus one standard
    deviation across folds as a band; the chosen ``t`` is a dashed vertical
    line.  With ``roc=True`` a second panel shows the same points in ROC space
    (sensitivity against 1 - specificity).  matplotlib is required (the
    ``plot`` extra).

    The fold standard deviation shows how much single folds vary, not what the
    data support.  For a requirement such as "sensitivity >= 0.95 with 90%
    confidence", the display also draws the one-sided lower confidence bound
    of each rate from the pooled out-of-fold counts (dashed), the minimums
    (dotted), and the chosen ``t``'s bound (a triangle): the promise holds
    where the dashed line clears the dotted one.  :meth:`from_cv_results`
    reads them from a ``TradeoffClassifierCV(confidence=...)`` or from a
    search refitted with ``constrained_refit(..., confidence=...)`` and
    ``tradeoff_scoring(counts=True)``.

    Parameters
    ----------
    ts : ndarray of shape (n_ts,)
        The tradeoffs, increasing.
    sensitivity_mean, sensitivity_std : ndarray of shape (n_ts,)
        Mean and standard deviation over folds of the sensitivity.
    specificity_mean, specificity_std : ndarray of shape (n_ts,)
        Same for the specificity.
    chosen_t : float, default=None
        The ``t`` to mark, if any.
    estimator_name : str, default=None
        Shown in the title.
    pos_label : label, default=None
        The positive class, shown in the axis label.
    sensitivity_lower, specificity_lower : ndarray of shape (n_ts,), default=None
        One-sided lower confidence bounds of the rates at each ``t`` (e.g.
        ``cv_results_["lower_test_sensitivity"]``), drawn dashed.
    minimums : dict {"sensitivity", "specificity"} -> float, default=None
        The requirement, drawn as horizontal dotted lines.
    confidence : float, default=None
        The confidence of the bounds, shown in the legend.

    Attributes
    ----------
    ax_ : matplotlib Axes
        The axes of the curve against ``t``.
    roc_ax_ : matplotlib Axes or None
        The ROC-space panel (``roc=True``).
    figure_ : matplotlib Figure
        The figure holding the axes.
    lines_ : dict {"sensitivity", "specificity"} -> Line2D
        The mean curves.
    bands_ : dict {"sensitivity", "specificity"} -> PolyCollection
        The bands of plus/minus one standard deviation.
    chosen_line_ : Line2D or None
        The marker of ``chosen_t``.
    lower_lines_ : dict {"sensitivity", "specificity"} -> Line2D
        The lower confidence bounds drawn (empty without them).
    minimum_lines_ : dict {"sensitivity", "specificity"} -> Line2D
        The minimums drawn (empty without them).
    chosen_bound_ : Line2D or None
        The marker of the chosen ``t``'s lower bound of a constrained rate.
    roc_line_ : Line2D or None
        The points in ROC space.

    See Also
    --------
    tradeoff_curve : The numbers behind the plot.
    sklearn.model_selection.ValidationCurveDisplay : One score at a time.
    sklearn.metrics.RocCurveDisplay : The ROC curve of one fitted model.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sk_imbalance.datasets import load_screening
    >>> from sk_imbalance.model_selection import TradeoffCurveDisplay
    >>> X, y = load_screening(return_X_y=True)
    >>> model = make_pipeline(StandardScaler(), LogisticRegression())
    >>> display = TradeoffCurveDisplay.from_estimator(
    ...     model, X, y, ts=[0.2, 0.5, 0.8], cv=3, chosen_t=0.5, roc=True
    ... )
    >>> sorted(display.lines_)
    ['sensitivity', 'specificity']
    >>> display.roc_ax_ is not None
    True
    """

    def __init__(
        self,
        *,
        ts,
        sensitivity_mean,
        sensitivity_std,
        specificity_mean,
        specificity_std,
        chosen_t=None,
        estimator_name=None,
        pos_label=None,
        sensitivity_lower=None,
        specificity_lower=None,
        minimums=None,
        confidence=None,
    ):
        self.ts = ts
        self.sensitivity_mean = sensitivity_mean
        self.sensitivity_std = sensitivity_std
        self.specificity_mean = specificity_mean
        self.specificity_std = specificity_std
        self.chosen_t = chosen_t
        self.estimator_name = estimator_name
        self.pos_label = pos_label
        self.sensitivity_lower = sensitivity_lower
        self.specificity_lower = specificity_lower
        self.minimums = minimums
        self.confidence = confidence

    def plot(self, ax=None, *, roc=False, name=None):
        """Draw the curve.

        Parameters
        ----------
        ax : matplotlib Axes, or a pair of Axes when ``roc=True``, default=None
            Where to draw; None makes a new figure (two panels side by side
            with ``roc=True``).
        roc : bool, default=False
            Also draw the points in ROC space (sensitivity against
            1 - specificity), the chosen ``t`` highlighted.
        name : str, default=None
            Title; None uses ``estimator_name``.

        Returns
        -------
        display : TradeoffCurveDisplay
            ``self``, with the matplotlib objects stored as attributes.
        """
        if not isinstance(roc, (bool, np.bool_)):
            raise TypeError(f"roc must be True or False; got roc={roc!r}.")
        if self.chosen_t is not None:
            # A t outside [0, 1] would mark the nearest t of the curve under a
            # label that names another.
            _check_t(self.chosen_t, "chosen_t")
        plt = _pyplot()
        roc_ax = None
        if ax is None:
            if roc:
                _fig, (ax, roc_ax) = plt.subplots(1, 2, figsize=(11, 4.5))
            else:
                _fig, ax = plt.subplots(figsize=(6.4, 4.5))
        elif roc:
            try:
                ax, roc_ax = ax
            except (TypeError, ValueError) as exc:
                raise ValueError(
                    "With roc=True, ax must be a pair of Axes (curve, ROC space); "
                    f"got ax={ax!r}."
                ) from exc
        for axes in (ax, roc_ax):
            if axes is not None and not hasattr(axes, "fill_between"):
                # Else an AttributeError from the first drawing call.
                raise TypeError(f"ax must be matplotlib Axes; got ax={axes!r}.")
        ts = np.asarray(self.ts, dtype=float)

        self.lines_, self.bands_ = {}, {}
        for metric in ("sensitivity", "specificity"):
            mean = np.asarray(getattr(self, f"{metric}_mean"), dtype=float)
            std = np.asarray(getattr(self, f"{metric}_std"), dtype=float)
            (self.lines_[metric],) = ax.plot(
                ts, mean, marker=".", color=_COLORS[metric], label=metric
            )
            self.bands_[metric] = ax.fill_between(
                ts,
                np.clip(mean - std, 0, 1),
                np.clip(mean + std, 0, 1),
                color=_COLORS[metric],
                alpha=0.2,
                linewidth=0,
            )
        self.chosen_line_ = None
        if self.chosen_t is not None:
            self.chosen_line_ = ax.axvline(
                self.chosen_t,
                color="black",
                linestyle="--",
                linewidth=1,
                label=f"chosen t = {self.chosen_t:.3g}",
            )
        self._plot_guarantee(ax, ts)
        positive = "" if self.pos_label is None else f" (positive: {self.pos_label})"
        ax.set(
            xlabel="t (weight on sensitivity)",
            ylabel=f"cross-validated rate{positive}",
            xlim=(min(0.0, ts.min()), max(1.0, ts.max())),
            ylim=(_lower_limit(self), 1.02),
        )
        ax.grid(alpha=0.3)
        ax.legend(loc="best")
        title = name if name is not None else self.estimator_name
        if title:
            ax.set_title(title)

        self.roc_line_ = None
        if roc_ax is not None:
            self._plot_roc(roc_ax)
        self.ax_, self.roc_ax_, self.figure_ = ax, roc_ax, ax.figure
        return self

    def _plot_guarantee(self, ax, ts):
        """Lower confidence bounds, the minimums, and the chosen t's bound."""
        self.lower_lines_, self.minimum_lines_, self.chosen_bound_ = {}, {}, None
        minimums = self.minimums or {}
        if not isinstance(minimums, dict):
            raise TypeError(
                "minimums must be a dict such as {'sensitivity': 0.95} or None; "
                f"got minimums={self.minimums!r}."
            )
        level = "" if self.confidence is None else f" at {self.confidence:.0%}"
        for metric in ("sensitivity", "specificity"):
            lower = getattr(self, f"{metric}_lower")
            if lower is not None:
                lower = np.asarray(lower, dtype=float)
                if lower.shape != ts.shape:
                    raise ValueError(
                        f"{metric}_lower must have one value per t ({ts.size}); "
                        f"got shape {lower.shape}."
                    )
                (self.lower_lines_[metric],) = ax.plot(
                    ts,
                    lower,
                    color=_COLORS[metric],
                    linestyle="--",
                    linewidth=1.2,
                    label=f"{metric}: lower bound{level}",
                )
                if self.chosen_t is not None and metric in minimums:
                    i = int(np.argmin(np.abs(ts - self.chosen_t)))
                    (self.chosen_bound_,) = ax.plot(
                        ts[i],
                        lower[i],
                        marker="v",
                        markersize=9,
                        color=_COLORS[metric],
                        linestyle="none",
                        label=f"chosen t: {metric} >= {lower[i]:.3f}{level}",
                    )
            if metric in minimums:
                self.minimum_lines_[metric] = ax.axhline(
                    float(minimums[metric]),
                    color=_COLORS[metric],
                    linestyle=":",
                    linewidth=1.2,
                    label=f"required {metric} >= {float(minimums[metric]):g}",
                )

    def _plot_roc(self, ax):
        fpr = 1 - np.asarray(self.specificity_mean, dtype=float)
        tpr = np.asarray(self.sensitivity_mean, dtype=float)
        ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1)
        (self.roc_line_,) = ax.plot(
            fpr, tpr, marker="o", color="tab:purple", label="one point per t"
        )
        if self.chosen_t is not None:
            i = int(np.argmin(np.abs(np.asarray(self.ts, dtype=float) - self.chosen_t)))
            ax.plot(
                fpr[i],
                tpr[i],
                marker="*",
                markersize=14,
                color="black",
                linestyle="none",
                label=f"chosen t = {self.chosen_t:.3g}",
            )
        # Zoomed on the points: with a good model they all crowd the top left
        # corner of the full square.
        finite = np.isfinite(fpr) & np.isfinite(tpr)
        top = max(float(fpr[finite].max(initial=0.0)), 0.05)
        bottom = min(float(tpr[finite].min(initial=1.0)), 0.95)
        ax.set(
            xlabel="1 - specificity (false positive rate)",
            ylabel="sensitivity (true positive rate)",
            xlim=(-0.02 * top, 1.1 * top),
            ylim=(bottom - 0.1 * (1 - bottom), 1 + 0.05 * (1 - bottom)),
        )
        ax.grid(alpha=0.3)
        ax.legend(loc="lower right")
        ax.set_title("ROC space")

    @classmethod
    def from_estimator(
        cls,
        estimator,
        X,
        y,
        *,
        ts=None,
        cv=5,
        pos_label=None,
        groups=None,
        n_jobs=None,
        sample_weight=None,
        chosen_t=None,
        ax=None,
        roc=False,
        name=None,
    ):
        """Run :func:`tradeoff_curve` and plot it.

        Parameters
        ----------
        estimator : TradeoffClassifier or classifier
            See :func:`tradeoff_curve`.
        X : array-like or sparse matrix of shape (n_samples, n_features)
            Data.
        y : array-like of shape (n_samples,)
            Class labels.
        ts : array-like of float in [0, 1], default=None
            The tradeoffs; None means the default grid of
            :func:`tradeoff_curve` (23 values from 0.01 to 0.99).
        cv : int, cross-validation generator or iterable, default=5
            The splits.
        pos_label : label, default=None
            The positive class; see :func:`tradeoff_curve`.
        groups : array-like of shape (n_samples,), default=None
            Group labels for group-aware splitters.
        n_jobs : int, default=None
            Parallel jobs (through joblib).
        sample_weight : array-like of shape (n_samples,), default=None
            Passed to fit and used in the scores.
        chosen_t : float, default=None
            A ``t`` to mark.
        ax : matplotlib Axes (a pair with ``roc=True``), default=None
            Where to draw.
        roc : bool, default=False
            Add the ROC-space panel.
        name : str, default=None
            Title; None uses the estimator's class name.

        Returns
        -------
        display : TradeoffCurveDisplay
            The plotted display.
        """
        _pyplot()  # fail before the fits, not after
        curve = tradeoff_curve(
            estimator,
            X,
            y,
            ts=ts,
            cv=cv,
            pos_label=pos_label,
            groups=groups,
            n_jobs=n_jobs,
            sample_weight=sample_weight,
        )
        display = cls(
            ts=curve.ts,
            sensitivity_mean=curve.sensitivity_mean,
            sensitivity_std=curve.sensitivity_std,
            specificity_mean=curve.specificity_mean,
            specificity_std=curve.specificity_std,
            chosen_t=chosen_t,
            estimator_name=type(estimator).__name__,
            pos_label=curve.pos_label,
        )
        return display.plot(ax=ax, roc=roc, name=name)

    @classmethod
    def from_cv_results(cls, search, *, chosen_t="best", ax=None, roc=False, name=None):
        """Plot the candidates of a search over ``t``.

        Parameters
        ----------
        search : fitted search or dict
            A fitted :class:`~sklearn.model_selection.GridSearchCV`,
            :class:`~sklearn.model_selection.RandomizedSearchCV` or
            :class:`~sk_imbalance.model_selection.TradeoffClassifierCV`, or a
            ``cv_results_`` dict.  It needs ``param_t`` (or a single
            ``param_<step>__t``), ``mean_test_sensitivity``,
            ``std_test_sensitivity``, ``mean_test_specificity`` and
            ``std_test_specificity``, the keys of
            ``scoring=tradeoff_scoring()``.  When other parameters vary too,
            the candidates sharing the chosen candidate's other parameters
            are drawn.
        chosen_t : "best", float or None, default="best"
            The ``t`` to mark: "best" takes ``best_t_`` or the ``t`` of
            ``best_index_`` of the search (none for a plain dict).
        ax : matplotlib Axes (a pair with ``roc=True``), default=None
            Where to draw.
        roc : bool, default=False
            Add the ROC-space panel.
        name : str, default=None
            Title; None uses the searched estimator's class name.

        Returns
        -------
        display : TradeoffCurveDisplay
            The plotted display.
        """
        _pyplot()
        if isinstance(search, dict):
            cv_results, index, estimator = search, None, None
        elif hasattr(search, "cv_results_"):
            cv_results = search.cv_results_
            index = _chosen_index(search)
            estimator = getattr(search, "estimator", None)
        else:
            given = repr(search)
            given = given if len(given) <= 80 else f"a {type(search).__name__}"
            raise TypeError(
                "search must be a fitted search (with cv_results_) or a cv_results "
                f"dict; got {given}."
            )
        ts = _t_values(cv_results)
        if ts is None:
            params = sorted(k for k in cv_results if k.startswith("param_"))
            raise ValueError(
                "cv_results has no 'param_t' (nor a single 'param_<step>__t'); "
                f"parameters found: {params}."
            )
        keep = _slice(cv_results, ts, index, search)
        order = np.flatnonzero(keep)[np.argsort(ts[keep], kind="stable")]
        columns = {
            f"{metric}_{stat}": _cv_column(
                cv_results, f"{stat}_test_{metric}", f"The curve's metric {metric!r}"
            )[order]
            for metric in ("sensitivity", "specificity")
            for stat in ("mean", "std")
        }
        if isinstance(chosen_t, str):
            if chosen_t != "best":
                raise ValueError(
                    f"chosen_t must be 'best', a number or None; got {chosen_t!r}."
                )
            if getattr(search, "best_t_", None) is not None:
                chosen_t = float(search.best_t_)
            elif index is not None and not np.isnan(ts[index]):
                chosen_t = float(ts[index])
            else:
                chosen_t = None
        if estimator is not None and name is None:
            name = type(estimator).__name__
        display = cls(
            ts=ts[order],
            chosen_t=chosen_t,
            estimator_name=name,
            pos_label=None if isinstance(search, dict) else _positive_label(search),
            **columns,
            **_guarantee_columns(search, cv_results, order),
        )
        return display.plot(ax=ax, roc=roc, name=name)
