"""The argparse definitions: one subparser per command, shared options."""

import argparse

from ._commands import _cmd_demo, _cmd_evaluate, _cmd_predict, _cmd_tune
from ._console import CLIError
from ._search import _EXACT_ROWS, ESTIMATORS


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line (``CLIError``) rather than usage text and exit."""

    def error(self, message):
        raise CLIError(f"{message} (see '{self.prog} --help')")


def _floats(text):
    try:
        return [float(part) for part in text.replace(",", " ").split()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number in {text!r}") from None


def _fraction(text, *, closed=True):
    """A number in [0, 1] (``closed=False``: in (0, 1)), for argparse."""
    try:
        value = float(text)
    except ValueError:
        value = None
    inside = value is not None and (0 <= value <= 1 if closed else 0 < value < 1)
    if not inside:
        where = "[0, 1]" if closed else "(0, 1), e.g. 0.02"
        raise argparse.ArgumentTypeError(f"must be a number in {where}; got {text!r}")
    return value


def _open_fraction(text):
    return _fraction(text, closed=False)


# The names --costs accepts for each cost, as the library's costs= keys.
_COST_NAMES = {
    "false_positive": "false_positive",
    "fp": "false_positive",
    "false_negative": "false_negative",
    "fn": "false_negative",
}


def _pairs(text, usage):
    """``name=value`` pairs of ``text`` (comma separated), keyed by the cost
    they name (``fp``/``false_positive``, ``fn``/``false_negative``)."""
    pairs = {}
    for part in text.split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        key = _COST_NAMES.get(name.strip().lower())
        if not sep or key is None or not value.strip():
            raise argparse.ArgumentTypeError(f"{usage}; got {text!r}")
        if key in pairs:
            raise argparse.ArgumentTypeError(f"{key} given twice in {text!r}")
        pairs[key] = value.strip()
    if not pairs:
        raise argparse.ArgumentTypeError(f"{usage}; got {text!r}")
    return pairs


def _costs(text):
    """``--costs false_positive=5,false_negative=100`` (or ``fp=5,fn=100``) as
    the library's ``costs`` dict (a cost given per row by ``--cost-column`` may
    be left out: checked with it)."""
    costs = {}
    usage = "expected false_positive=C,false_negative=C (or fp=C,fn=C)"
    for key, number in _pairs(text, usage).items():
        try:
            value = float(number)
        except ValueError:
            value = float("nan")
        if not (value >= 0 and value != float("inf")):
            raise argparse.ArgumentTypeError(
                f"{key} must be a finite number >= 0; got {number!r}"
            )
        costs[key] = value
    if len(costs) == 2 and not any(costs.values()):
        raise argparse.ArgumentTypeError(
            f"both costs are 0 in {text!r}: give at least one positive cost"
        )
    return costs


def _cost_columns(text):
    """``--cost-column fn=amount``: the columns holding per-row costs."""
    return _pairs(text, "expected fn=COL or fp=COL (or both, comma separated)")


def _add_search_options(parser, *, demo):
    parser.add_argument(
        "--estimator",
        choices=ESTIMATORS,
        default="logistic",
        help="the classifier to train (default: logistic)",
    )
    parser.add_argument(
        "--ts",
        type=_floats,
        nargs="+",
        default=None,
        metavar="T",
        help="the values of t to try, in [0, 1], space or comma separated "
        "(default: the library's grid, 0.01 0.02 0.05 0.1 0.15 ... 0.9 0.95 "
        "0.98 0.99)",
    )
    parser.add_argument(
        "--method",
        choices=("auto", "threshold", "refit"),
        default="auto",
        help="how each t is cross-validated: 'threshold' fits one balanced model "
        "per fold and reads every t as a threshold of it (fast; exact for "
        "logistic regression, an approximation for the others); 'refit' fits "
        "every t on every fold (the exact cross-validation of the saved model); "
        f"'auto' (default) is the library's default path on tables of up to "
        f"{_EXACT_ROWS:,} rows and 'threshold' on larger ones",
    )
    parser.add_argument(
        "--cv",
        type=int,
        default=5,
        metavar="K",
        help="number of stratified cross-validation folds (default: 5)",
    )
    parser.add_argument(
        "--n-jobs",
        type=int,
        default=None,
        metavar="N",
        help="parallel jobs for the search (default: 1; -1: all cores); with "
        "more than one the progress display shows the elapsed time but not the "
        "fits done",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        metavar="N",
        help="at most N BLAS and OpenMP threads per job (default: the idle "
        "cores, those not busy with other work, divided by the jobs; "
        "OMP_NUM_THREADS instead when it is set)",
    )
    parser.add_argument(
        "--confidence",
        type=float,
        default=0.9 if demo else None,
        metavar="C",
        help="the requirement must hold on fresh data with this probability, "
        "e.g. 0.9: t is chosen on one-sided lower confidence bounds of the "
        "rates from the out-of-fold counts, and the output says what the data "
        "can support"
        + (" (default: 0.9)" if demo else " (default: the mean over the folds)"),
    )
    parser.add_argument(
        "--random-state",
        type=int,
        default=0,
        metavar="SEED",
        help="seed of the folds and the estimator (default: 0)",
    )
    parser.add_argument(
        "--model", metavar="OUT", help="save the refitted model (skops format)"
    )
    parser.add_argument(
        "--plot",
        metavar="OUT.png",
        default="tradeoff_curve.png" if demo else None,
        help="save the tradeoff curve"
        + (" (default: tradeoff_curve.png)" if demo else ""),
    )
    _add_json_option(parser)
    _add_quiet_option(parser)


def _add_json_option(parser):
    parser.add_argument(
        "--json",
        metavar="OUT.json",
        help="write a JSON summary to this file ('-' for stdout, instead of the table)",
    )


def _add_quiet_option(parser):
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress display and no notes on stderr (warnings and errors "
        "still show)",
    )


def _build_parser():
    from sk_imbalance import __version__

    parser = _Parser(
        prog="sk-imbalance",
        description="Train a classifier for the sensitivity/specificity tradeoff "
        "you need: find the t that meets a requirement by cross-validation, "
        "save the model, apply it to new data.",
        epilog="Exit status: 0 success (also when no t meets a requirement: a "
        "warning names the closest), 2 bad input, 1 missing dependency or an "
        "estimator that failed to fit.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="the screening story on built-in data",
        description="Tune t on breast cancer data with the malignant tumours "
        "subsampled to 5%: print the cross-validated table of t against "
        "sensitivity, specificity and balanced accuracy, choose the t for "
        "sensitivity >= 0.95 and save the tradeoff curve.",
    )
    demo.add_argument(
        "--min-sensitivity",
        type=float,
        default=0.95,
        metavar="X",
        help="the requirement (default: 0.95)",
    )
    _add_search_options(demo, demo=True)
    demo.set_defaults(func=_cmd_demo)

    tune = commands.add_parser(
        "tune",
        help="find t for a requirement on a CSV file and save the model",
        description="Read a CSV file, cross-validate a TradeoffClassifier over t, "
        "choose t for the requirement, refit on all rows and save it. Numeric "
        "columns are imputed (median) and scaled, text columns one-hot encoded.",
    )
    tune.add_argument("data", metavar="DATA.csv", help="the training table")
    tune.add_argument(
        "--target", required=True, metavar="COL", help="the column holding the class"
    )
    tune.add_argument(
        "--positive",
        metavar="LABEL",
        help="the positive class (default: the second of two labels in sorted "
        "order, as in scikit-learn); with more than two classes, sensitivity is "
        "one-vs-rest for this class",
    )
    tune.add_argument(
        "--drop",
        nargs="+",
        default=[],
        metavar="COL",
        help="columns to leave out (identifiers, leaks)",
    )
    tune.add_argument(
        "--keep",
        nargs="+",
        default=[],
        metavar="COL",
        help="columns to use although they look like identifiers or alone give "
        "the class away (left out by default, each said in one line)",
    )
    tune.add_argument(
        "--na-values",
        nargs="+",
        default=[],
        metavar="TEXT",
        help="more text that marks a missing value (besides empty cells, NA, "
        "N/A, NaN, null, None, ?, - and --)",
    )
    tune.add_argument(
        "--decimal",
        choices=[".", ","],
        default=None,
        help="the decimal mark of the numbers (default: ',' when the columns are "
        "separated by ';' and the numbers are written like 3,14; else '.')",
    )
    requirement = tune.add_mutually_exclusive_group()
    requirement.add_argument(
        "--min-sensitivity",
        type=float,
        metavar="X",
        help="choose the t with the best specificity among those whose "
        "cross-validated sensitivity is at least X",
    )
    requirement.add_argument(
        "--min-specificity",
        type=float,
        metavar="X",
        help="choose the t with the best sensitivity among those whose "
        "cross-validated specificity is at least X",
    )
    tune.add_argument(
        "--min-precision",
        type=_fraction,
        metavar="X",
        help="also require that at least a share X of the rows predicted "
        "positive (the alerts) are positive, at --prevalence; with --confidence "
        "a lower confidence bound, jointly with every other requirement",
    )
    tune.add_argument(
        "--min-npv",
        type=_fraction,
        metavar="X",
        help="also require that at least a share X of the rows predicted "
        "negative are negative (negative predictive value), at --prevalence",
    )
    tune.add_argument(
        "--max-alert-rate",
        type=_fraction,
        metavar="X",
        help="also require that at most a share X of the rows are predicted "
        "positive (an alert budget), at --prevalence; with --confidence an "
        "upper confidence bound",
    )
    tune.add_argument(
        "--prevalence",
        type=_open_fraction,
        metavar="P",
        help="the share of positives where the model will be used, for "
        "--min-precision, --min-npv, --max-alert-rate and --costs (default: "
        "the training data's)",
    )
    tune.add_argument(
        "--costs",
        type=_costs,
        metavar="fp=C,fn=C",
        help="the cost of a false alarm and of a missed positive, e.g. "
        "false_positive=5,false_negative=100 (or fp=5,fn=100): t is chosen for "
        "the least cross-validated expected cost per row at --prevalence "
        "(among the t meeting the other requirements) instead of the best "
        "balanced accuracy or rate; only the ratio of the costs moves t",
    )
    tune.add_argument(
        "--cost-column",
        type=_cost_columns,
        metavar="fn=COL",
        help="per-row costs from a numeric column, e.g. fn=amount: a missed "
        "positive costs that row's amount (also fp=COL); --costs gives the "
        "others, e.g. --costs fp=5.  The expected cost is then that of the "
        "training rows (--prevalence does not reweigh it); the column stays a "
        "feature unless dropped with --drop",
    )
    tune.add_argument(
        "--selection",
        choices=["one_se", "best"],
        default="one_se",
        help="without a minimum, how the best balanced accuracy (the least "
        "expected cost with --costs) picks t: "
        "'one_se' (default), the one-standard-error rule: of the t within one "
        "standard error of the best mean, the closest to 0.5; 'best': the best "
        "mean",
    )
    _add_search_options(tune, demo=False)
    tune.set_defaults(func=_cmd_tune)

    evaluate = commands.add_parser(
        "evaluate",
        help="measure a saved model on new labelled data",
        description="Sensitivity, specificity, per-class accuracy, balanced "
        "accuracy and the confusion matrix of a saved model on a CSV file.",
    )
    evaluate.add_argument("model", metavar="MODEL", help="a model saved by tune")
    evaluate.add_argument("data", metavar="DATA.csv", help="labelled data")
    evaluate.add_argument(
        "--target",
        metavar="COL",
        help="the column holding the class (default: the name used in tune)",
    )
    _add_json_option(evaluate)
    _add_quiet_option(evaluate)
    evaluate.set_defaults(func=_cmd_evaluate)

    predict = commands.add_parser(
        "predict",
        help="append a saved model's predictions to the rows of a CSV",
        description="Write the rows of DATA.csv with a predicted_<target> column "
        "(and proba_<label> columns with --proba) appended, in the input's "
        "separator and decimal mark.",
    )
    predict.add_argument("model", metavar="MODEL", help="a model saved by tune")
    predict.add_argument("data", metavar="DATA.csv", help="the rows to predict")
    predict.add_argument(
        "--out", metavar="OUT.csv", help="output file (default: stdout)"
    )
    predict.add_argument(
        "--proba",
        action="store_true",
        help="also write the class probabilities of the weighted model (the "
        "prediction is the class with the largest; they lean toward the favoured "
        "class, so they are scores rather than calibrated risks)",
    )
    predict.add_argument(
        "--sep",
        choices=[",", ";", "\t", "|"],
        default=None,
        help="the separator of the output (default: the input's)",
    )
    predict.add_argument(
        "--decimal",
        choices=[".", ","],
        default=None,
        help="the decimal mark of the probabilities written (default: the "
        "input's, as tune reads it)",
    )
    _add_quiet_option(predict)
    predict.set_defaults(func=_cmd_predict)
    return parser
