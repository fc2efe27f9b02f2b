"""The subcommands: ``demo``, ``tune``, ``evaluate`` and ``predict``."""

import os
import warnings

import numpy as np

from ._console import CLIError, _Console, _native, _require, _show, _show_list
from ._csv import _default_reading, _dialect, _read_columns, _read_csv
from ._figure import _save_plot
from ._files import _atomic_write, _check_outputs, _plot_format, _write_json
from ._leaks import _leak_reason, _leaks
from ._model import _ESTIMATOR_NAMES
from ._model_file import _load_model, _save_model
from ._report import (
    _describe_requirement,
    _limit_words,
    _report_search,
    _warn_unmet,
)
from ._requirements import METRICS, PREDICTIVE, _meets, _requirement
from ._search import _search
from ._table import (
    _find_column,
    _identifier_reason,
    _labels,
    _match_label,
    _missing_by_kind,
    _model_features,
    _note_columns,
    _parse_target,
    _training_features,
)

# Files larger than this take a noticeable time to read: say so first.
_LARGE_FILE = 5_000_000


def _check_search_args(args):
    if args.cv < 2:
        raise CLIError(f"--cv must be at least 2; got {args.cv}")
    if args.n_jobs == 0:
        raise CLIError("--n-jobs must not be 0 (use 1, or -1 for all cores)")
    if not 0 <= args.random_state < 2**32:
        # numpy's seed range; else its ValueError escapes as a traceback.
        raise CLIError(
            f"--random-state must be in [0, 2**32 - 1]; got {args.random_state}"
        )
    confidence = getattr(args, "confidence", None)
    if confidence is not None and not 0 < confidence < 1:
        raise CLIError(f"--confidence must be in (0, 1), e.g. 0.9; got {confidence:g}")
    for option in ("min_sensitivity", "min_specificity"):
        value = getattr(args, option, None)
        if value is not None and not 0 <= value <= 1:
            raise CLIError(
                f"--{option.replace('_', '-')} must be in [0, 1]; got {value:g}"
            )
    _check_costs(args)
    threads = getattr(args, "threads", None)
    if threads is not None and threads < 1:
        raise CLIError(f"--threads must be at least 1; got {threads}")
    if args.ts is not None:
        args.ts = sorted(set(args.ts))
        bad = [t for t in args.ts if not 0 <= t <= 1]
        if bad:
            raise CLIError(f"--ts values must be in [0, 1]; got {bad[0]:g}")


_SHORT = {"false_positive": "fp", "false_negative": "fn"}


def _check_costs(args):
    """Each cost given once, by --costs or per row by --cost-column; a
    --prevalence that something uses."""
    costs = getattr(args, "costs", None) or {}
    columns = getattr(args, "cost_column", None) or {}
    used = any(getattr(args, option, None) is not None for option in PREDICTIVE)
    if getattr(args, "prevalence", None) is not None and not (
        used or (costs and not columns)
    ):
        raise CLIError(
            f"--prevalence {args.prevalence:g} changes nothing here: it applies "
            "to --min-precision, --min-npv, --max-alert-rate and --costs (not "
            "to per-row costs, which are the rows' own)"
        )
    if not costs and not columns:
        return
    for key, short in _SHORT.items():
        if key in costs and key in columns:
            raise CLIError(
                f"the {key} cost is given by both --costs ({short}={costs[key]:g}) "
                f"and --cost-column ({short}={columns[key]}); give it once"
            )
        if key not in costs and key not in columns:
            raise CLIError(
                f"--costs gives no {key} cost: add {short}=C to --costs, or "
                f"--cost-column {short}=COL for a cost per row"
            )


def _row_costs(columns, args):
    """``fit``'s ``fn_cost`` and ``fp_cost`` when --cost-column names a
    column (the fixed costs of --costs for the others), else None."""
    named = getattr(args, "cost_column", None) or {}
    if not named:
        return None
    costs = {}
    for key, short in _SHORT.items():
        name = named.get(key)
        if name is None:
            costs[short + "_cost"] = args.costs[key]
            continue
        option = f"--cost-column {short}={name}"
        if name == args.target:
            raise CLIError(f"{option}: {name!r} is the target column")
        _find_column(columns, name, args.data, option)
        values = columns[name]
        if values.dtype == object:
            raise CLIError(f"{option}: column {name!r} is not numeric")
        values = np.asarray(values, dtype=np.float64)
        bad = ~(np.isfinite(values) & (values >= 0))
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise CLIError(
                f"{option}: column {name!r} needs a finite cost >= 0 in every "
                f"row; {int(bad.sum())} row(s) are not (the first: data row "
                f"{row + 1}, {_show(_native(columns[name][row]))})"
            )
        costs[short + "_cost"] = values
    return costs


def _tune_and_save(
    X,
    y,
    kinds,
    *,
    args,
    positive,
    console,
    data_info,
    reading,
    causes=(),
    data_file=True,
    row_costs=None,
):
    """The search, the report and the saved files; shared by demo and tune."""
    import sklearn

    from sk_imbalance import __version__

    requirement = _requirement(args)
    # The file's name (None for the built-in data), for the model and the figure.
    source = os.path.basename(data_info["data"]) if data_file else None
    model, chooser, table, summary = _search(
        X,
        y,
        kinds,
        positive=positive,
        estimator=args.estimator,
        ts=args.ts,
        requirement=requirement,
        selection=getattr(args, "selection", "one_se"),
        cv=args.cv,
        method=args.method,
        n_jobs=args.n_jobs,
        threads=args.threads,
        random_state=args.random_state,
        console=console,
        causes=causes,
        row_costs=row_costs,
    )
    if args.json != "-":
        _report_search(console, table, summary, args.cv)
    if not summary["requirement_met"]:
        _warn_unmet(console, table, summary)
    for problem in summary["problems"]:
        console.warn(problem)

    classes = [_native(c) for c in model.classes_]
    target_kind = "int" if all(isinstance(c, int) for c in classes) else "str"
    if args.model:
        _save_model(
            args.model,
            model,
            {
                "sk_imbalance_version": __version__,
                "sklearn_version": sklearn.__version__,
                "features": dict(kinds),
                "reading": reading,
                "target": data_info["target"],
                "target_kind": target_kind,
                "classes": classes,
                "positive_label": _native(positive),
                "estimator": args.estimator,
                "t": summary["chosen_t"],
                "requirement": requirement,
                "cv_scores": summary["chosen"],
                "trained_on": {"file": source, "rows": len(y)},
            },
        )
        console.note(f"model saved to {args.model}")
    if args.plot:
        title = f"{_ESTIMATOR_NAMES[args.estimator]} on {source or 'screening data'}"
        _save_plot(chooser, args.plot, args.plot_format, summary, title)
        console.note(f"tradeoff curve saved to {args.plot}")
    if args.json:
        payload = {
            **data_info,
            "classes": classes,
            "positive_label": _native(positive),
            "estimator": args.estimator,
            "cv": args.cv,
            **summary,
            "table": table,
            "model": args.model,
            "plot": args.plot,
        }
        _write_json(args.json, payload, console)
        if args.json != "-":
            console.note(f"summary saved to {args.json}")
    return 0, summary


def _cmd_demo(args):
    console = _Console(quiet=args.quiet)
    args.min_specificity = None
    _check_search_args(args)
    _check_outputs(
        {"--model": args.model, "--plot": args.plot, "--json": args.json}, []
    )
    args.plot_format = _plot_format(args.plot)
    _require("pandas")
    from sk_imbalance.datasets import load_screening

    data = load_screening(as_frame=True)
    X = data.data
    y = np.asarray(data.target_names, dtype=object)[data.target.to_numpy()]
    positive = "malignant"
    kinds = dict.fromkeys(X.columns, "numeric")
    n_pos = int((y == positive).sum())
    if n_pos < args.cv:
        raise CLIError(
            f"the demo data has {n_pos} malignant rows; {args.cv}-fold "
            f"cross-validation needs at least {args.cv} (lower --cv)"
        )
    if args.json != "-":
        if args.confidence is None:
            held = ""
        else:
            held = (
                " on tumours the model has not seen, with "
                f"{args.confidence:.0%} confidence"
            )
        console.print(
            "Screening demo: scikit-learn's breast cancer data with the malignant "
            f"tumours subsampled to {n_pos / len(y):.0%}\n"
            f"({len(y)} tumours, {n_pos} malignant, {len(kinds)} numeric "
            "features).\nRequirement: catch at least "
            f"{args.min_sensitivity:.0%} of malignant tumours (sensitivity){held};\n"
            "among the t that do, raise the fewest false alarms (best "
            "specificity)."
        )
        if args.confidence is not None:
            console.print(_what_the_data_support(y, positive, args.confidence))
        console.print()
        _print_plan(console, args, _requirement(args))
    info = {
        "data": "sk_imbalance.datasets.load_screening()",
        "rows": len(y),
        "target": "diagnosis",
        "class_counts": {"benign": len(y) - n_pos, "malignant": n_pos},
        "features": kinds,
    }
    reading = _default_reading()
    status, summary = _tune_and_save(
        X,
        y,
        kinds,
        args=args,
        positive=positive,
        console=console,
        data_info=info,
        reading=reading,
        data_file=False,
    )
    if args.json != "-":
        _print_demo_story(console, args, summary, n_pos)
        console.print(
            "\nNext, on your own table: sk-imbalance tune cases.csv --target "
            "outcome --min-sensitivity 0.95 --model model.skops"
        )
    return status


def _what_the_data_support(y, positive, confidence):
    """The strongest sensitivity requirement ``y``'s positives can show, all of
    them caught: the library's one-sided exact lower bound."""
    from sk_imbalance.metrics import sensitivity_interval

    best, _ = sensitivity_interval(
        y,
        y,
        pos_label=positive,
        confidence=confidence,
        method="clopper-pearson",
        alternative="greater",
    )
    n_pos = int((y == positive).sum())
    return (
        f"Honestly: {n_pos} malignant tumours can show at most sensitivity >= "
        f"{best:.3f} with {confidence:.0%} confidence, even if the model catches "
        "every one of them."
    )


def _print_demo_story(console, args, summary, n_pos):
    """What the malignant tumours can and cannot support, in words."""
    chosen = summary["chosen"]["sensitivity"]["mean"]
    guarantee = summary.get("guarantee")
    console.print()
    if not guarantee:
        console.print(
            f"The chosen t catches {chosen:.0%} of the malignant tumours on "
            f"average over the folds; a mean says little about fresh tumours "
            "(add --confidence 0.9 for a statement that holds on them)."
        )
        return
    item = guarantee["sensitivity"]
    percent = f"{100 * guarantee['confidence']:g}%"
    console.print(
        f"What {n_pos} malignant tumours can support: even if every one is "
        f"caught, sensitivity >= {item['supported']:.3f} at {percent} "
        "confidence;"
    )
    needed = item["needed"]
    if summary["requirement_met"]:
        console.print(
            f"sensitivity >= {args.min_sensitivity:g} holds at the chosen t with "
            f"{percent} confidence (lower bound {item['lower']:.3f})."
        )
    else:
        need = (
            f"at least {needed:.0f} malignant tumours, all caught"
            if needed is not None
            else "more than any finite sample"
        )
        console.print(
            f"sensitivity >= {args.min_sensitivity:g} needs {need}. The chosen "
            f"t catches {chosen:.0%} of them on average over the folds, but "
            "that mean is no promise about fresh tumours."
        )


def _cmd_tune(args):
    console = _Console(quiet=args.quiet)
    _check_search_args(args)
    _check_outputs(
        {"--model": args.model, "--plot": args.plot, "--json": args.json},
        [args.data],
    )
    args.plot_format = _plot_format(args.plot)
    if os.path.isfile(args.data) and os.path.getsize(args.data) > _LARGE_FILE:
        # A first line before a long read (small files keep bad input to one
        # line on stderr).
        console.note(f"reading {args.data} ({_size(os.path.getsize(args.data))})")
    columns, reading, counted = _read_columns(
        args.data, na_values=args.na_values, decimal=args.decimal, console=console
    )
    _find_column(columns, args.target, args.data, "target")
    for option, names in (("--drop", args.drop), ("--keep", args.keep)):
        for name in names:
            if name == args.target:
                raise CLIError(f"{option} {name!r} is the target column")
            _find_column(columns, name, args.data, option)
    y = _labels(columns.pop(args.target), args.target, args.data)
    row_costs = _row_costs(columns, args)
    classes, counts = np.unique(y, return_counts=True)
    if classes.size < 2:
        raise CLIError(
            f"target column {args.target!r} has a single class ({_show(classes[0])}); "
            "need at least two"
        )
    if args.positive is not None:
        positive = _match_label(args.positive, list(classes), args.target)
    elif classes.size == 2:
        positive = classes[1]
    else:
        raise CLIError(
            f"target column {args.target!r} has {classes.size} classes "
            f"({_show_list(classes)}); sensitivity and specificity need two, or "
            "name the positive class with --positive for one-vs-rest"
        )
    rare = counts.argmin()
    if counts[rare] < args.cv:
        raise CLIError(
            f"class {_show(classes[rare])} of {args.target!r} has {counts[rare]} "
            f"row(s); {args.cv}-fold cross-validation needs at least {args.cv} "
            "(lower --cv or add data)"
        )
    for name in args.drop:
        del columns[name]
    if args.drop:
        console.note(f"left out by --drop ({len(args.drop)}): {_show_list(args.drop)}")
    if not columns:
        raise CLIError(
            f"{args.data} has no feature column left besides the target "
            f"{args.target!r}" + (" after --drop" if args.drop else "")
        )
    features = list(columns)
    X, kinds, identifiers, tokens = _training_features(
        columns, features, args.data, console, reading
    )
    del columns
    X, kinds, left_out, causes = _leave_out_useless(
        X, kinds, identifiers, y == positive, args, console
    )
    missing = _missing_by_kind(kinds, counted, tokens)
    _note_columns(kinds, missing, console)

    incomplete = int(X.isna().any(axis=1).sum())
    if args.json != "-":
        n_cat = sum(kind == "categorical" for kind in kinds.values())
        console.print(
            f"data: {args.data}, {len(X)} rows, {len(kinds)} features "
            f"({len(kinds) - n_cat} numeric, {n_cat} categorical)"
            + (f", {incomplete} rows with missing values" if incomplete else "")
        )
        _print_target(console, args.target, classes, counts, positive, args.positive)
        _print_plan(console, args, _requirement(args))
    info = {
        "data": args.data,
        "rows": len(X),
        "target": args.target,
        "class_counts": {str(c): int(n) for c, n in zip(classes, counts, strict=True)},
        "features": dict(kinds),
        "left_out": {
            "drop": list(args.drop),
            "useless": left_out,
        },
        "reading": {
            "separator": reading["sep"],
            "decimal": reading["decimal"],
            "missing_markers": missing,
            "rows_with_missing_values": incomplete,
        },
    }
    status, _ = _tune_and_save(
        X,
        y,
        kinds,
        args=args,
        positive=positive,
        console=console,
        data_info=info,
        reading=reading,
        causes=causes,
        row_costs=row_costs,
    )
    return status


def _leave_out_useless(X, kinds, identifiers, is_pos, args, console):
    """Identifiers and columns that alone give the class away, left out unless
    kept with --keep (one line each); returns ``(X, kinds, left_out, causes)``, the
    causes naming the kept ones for the advice of later warnings."""
    reasons = {name: _identifier_reason(kinds[name]) for name in identifiers}
    for name, score in _leaks(X, kinds, is_pos, args.random_state).items():
        reasons.setdefault(name, _leak_reason(score))
    kept = set(args.keep)
    left_out = [name for name in reasons if name not in kept]
    for name in left_out:
        console.note(
            f"left out {_show(name)}: {reasons[name]} (--keep {_show(name)} to use it)"
        )
    causes = []
    for name in reasons:
        if name in kept:
            console.warn(
                f"column {_show(name)}, kept by --keep: {reasons[name]}; a model "
                "that relies on it fails on rows where it is not known"
            )
            causes.append(f"column {_show(name)} (kept by --keep): {reasons[name]}")
    if len(left_out) == len(kinds):
        raise CLIError(
            f"{args.data} has no feature column left: "
            f"{_show_list(left_out)} would give the class away (--keep to use "
            "them anyway)"
        )
    if left_out:
        X = X.drop(columns=left_out)
        kinds = {name: kind for name, kind in kinds.items() if name not in left_out}
    return X, kinds, left_out, causes


def _size(n_bytes):
    for unit in ("bytes", "kB", "MB", "GB"):
        if n_bytes < 1000 or unit == "GB":
            return (
                f"{n_bytes:.0f} {unit}" if unit == "bytes" else f"{n_bytes:.1f} {unit}"
            )
        n_bytes /= 1000


def _print_target(console, target, classes, counts, positive, given):
    n = counts.sum()
    i = list(classes).index(positive)
    rest = ", ".join(
        f"{_show(c)} ({k} rows)"
        for c, k in zip(classes, counts, strict=True)
        if c != positive
    )
    how = (
        ""
        if given is not None
        else " (the second label in sorted order; --positive to change)"
    )
    console.print(
        f"target: {target!r}, positive class {_show(positive)}{how}: "
        f"{counts[i]} rows ({counts[i] / n:.1%}); negative: {rest}"
    )


def _print_plan(console, args, requirement):
    grid = (
        "the library's grid of t" if args.ts is None else f"{len(args.ts)} values of t"
    )
    path = {
        "auto": "the chooser's default path for it",
        "threshold": "each t read as a threshold of one fit per fold",
        "refit": "every t fitted on every fold",
    }[args.method]
    console.print(
        f"model: {_ESTIMATOR_NAMES[args.estimator]} in a TradeoffClassifier; "
        f"{grid}, {args.cv}-fold stratified cross-validation, {path} (the fits "
        "made are said after the search)"
    )
    selection = getattr(args, "selection", "one_se")
    console.print(f"requirement: {_describe_requirement(requirement, selection)}")
    console.print()


def _cmd_evaluate(args):
    from sklearn.metrics import confusion_matrix

    from sk_imbalance.metrics import (
        per_class_accuracy_score,
        sensitivity_interval,
        sensitivity_score,
        specificity_interval,
        specificity_score,
        tradeoff_score,
    )

    console = _Console(quiet=args.quiet)
    _check_outputs({"--json": args.json}, [args.model, args.data])
    bundle = _load_model(args.model, console)
    frame = _read_csv(args.data)
    target, y = _model_target(frame, bundle, args)
    X = _model_features(frame, bundle["features"], args.data, bundle.get("reading"))
    model, classes, positive = (
        bundle["model"],
        bundle["classes"],
        bundle["positive_label"],
    )
    y_pred = model.predict(X)
    with warnings.catch_warnings():
        # A class absent from the new data has no rate: reported as n/a.
        warnings.simplefilter("ignore")
        rates = {
            "sensitivity": sensitivity_score(
                y, y_pred, pos_label=positive, zero_division=np.nan
            ),
            "specificity": specificity_score(
                y, y_pred, pos_label=positive, zero_division=np.nan
            ),
        }
        # The library's one definition wherever t is one-vs-rest: the mean of
        # sensitivity and specificity (scikit-learn's balanced accuracy on two
        # classes), n/a when a class is absent.
        rates["balanced_accuracy"] = tradeoff_score(
            y, y_pred, t=0.5, pos_label=positive, zero_division=np.nan
        )
        per_class = per_class_accuracy_score(
            y, y_pred, labels=classes, zero_division=np.nan
        )
        # 95% Wilson intervals: each rate is a binomial share of its class.
        intervals = {
            "sensitivity": sensitivity_interval(y, y_pred, pos_label=positive),
            "specificity": specificity_interval(y, y_pred, pos_label=positive),
        }
        per_class_intervals = [
            sensitivity_interval(y, y_pred, pos_label=c) for c in classes
        ]
        requirements = _requirements_on(bundle.get("requirement"), y, y_pred, positive)
    matrix = confusion_matrix(y, y_pred, labels=classes)
    counts = matrix.sum(axis=1)
    payload = {
        "model": args.model,
        "data": args.data,
        "rows": len(y),
        "target": target,
        "positive_label": positive,
        "t": bundle["t"],
        **{metric: _native(value) for metric, value in rates.items()},
        **{
            f"{metric}_interval": [_native(v) for v in interval]
            for metric, interval in intervals.items()
        },
        "per_class_accuracy": {
            str(c): _native(a) for c, a in zip(classes, per_class, strict=True)
        },
        "per_class_accuracy_interval": {
            str(c): [_native(v) for v in interval]
            for c, interval in zip(classes, per_class_intervals, strict=True)
        },
        "intervals": {"confidence": 0.95, "method": "wilson"},
        "class_counts": {str(c): int(n) for c, n in zip(classes, counts, strict=True)},
        "confusion_matrix": {
            "labels": classes,
            "rows_true_columns_predicted": matrix.tolist(),
        },
        "cross_validated_at_tuning": bundle["cv_scores"],
        "requirements": requirements,
    }
    if args.json != "-":
        _print_evaluation(console, payload, bundle)
    if args.json:
        _write_json(args.json, payload, console)
    return 0


def _requirements_on(requirement, y, y_pred, positive):
    """Each requirement of ``tune`` where the model is used, measured on this
    data (at its own prevalence) with its 95% Wilson interval: precision by
    scikit-learn, NPV and the alert rate by the library."""
    from sklearn.metrics import precision_score

    from sk_imbalance.metrics import (
        alert_rate_interval,
        alert_rate_score,
        npv_interval,
        npv_score,
        precision_interval,
    )

    is_pos, flagged = np.asarray(y) == positive, np.asarray(y_pred) == positive
    measures = {
        "precision": (
            lambda: precision_score(is_pos, flagged, zero_division=np.nan),
            precision_interval,
        ),
        "npv": (
            lambda: npv_score(is_pos, flagged, pos_label=True, zero_division=np.nan),
            npv_interval,
        ),
        "alert_rate": (
            lambda: alert_rate_score(is_pos, flagged, pos_label=True),
            alert_rate_interval,
        ),
    }
    out = []
    for option, limit in ((requirement or {}).get("predictive") or {}).items():
        name = PREDICTIVE[option][0]
        op = "<=" if option.startswith("max_") else ">="
        score, interval = measures[name]
        value = float(score())
        out.append(
            {
                "name": name,
                "op": op,
                "limit": limit,
                "value": _native(value),
                "interval": [
                    _native(v) for v in interval(is_pos, flagged, pos_label=True)
                ],
                "met": None if np.isnan(value) else _meets(value, op, limit),
            }
        )
    return out


def _model_target(frame, bundle, args):
    target = args.target or bundle["target"]
    _find_column(frame, target, args.data, "target")
    y = _parse_target(frame[target], target, args.data, kind=bundle["target_kind"])
    classes = bundle["classes"]
    unknown = sorted(set(y.tolist()) - set(classes), key=str)
    if unknown:
        raise CLIError(
            f"target column {target!r} of {args.data} holds label(s) the model "
            f"never saw: {_show_list(unknown)} (model classes: {_show_list(classes)})"
        )
    return target, y


def _print_evaluation(console, payload, bundle):
    pm = console.pm
    trained = bundle["trained_on"]
    console.print(
        f"model: {_model_line(bundle)}; tuned on "
        f"{trained['file'] or 'built-in data'} ({trained['rows']} rows)"
    )
    console.print(f"data: {payload['data']}, {payload['rows']} rows")
    console.print()
    names = ["sensitivity", "specificity", "balanced accuracy"]
    width = max(map(len, names))
    console.print(
        f"{'':{width}}  {'this data':>9}  {'95% interval':>14}  "
        "cross-validated at tuning"
    )
    for name, metric in zip(names, METRICS, strict=True):
        value = payload[metric]
        shown = "n/a" if value is None else f"{value:.3f}"
        interval = _interval(payload.get(f"{metric}_interval"))
        cv = bundle["cv_scores"][metric]
        cv_shown = (
            "" if cv["mean"] is None else f"{cv['mean']:.3f} {pm} {cv['std']:.3f}"
        )
        console.print(f"{name:<{width}}  {shown:>9}  {interval:>14}  {cv_shown}")
    if payload["sensitivity"] is None:
        console.print("(n/a: the data hold no rows of the positive class)")
    _print_requirements_on(console, payload)
    console.print()
    labels = [str(c) for c in payload["confusion_matrix"]["labels"]]
    lw = max(len(label) for label in labels)
    console.print(
        "per-class accuracy (the share of each class predicted as itself, 95% interval)"
    )
    for label in labels:
        value = payload["per_class_accuracy"][label]
        shown = "n/a" if value is None else f"{value:.3f}"
        interval = _interval(payload["per_class_accuracy_interval"][label])
        rows = payload["class_counts"][label]
        console.print(f"  {label:<{lw}}  {shown:>5}  {interval:>14}  ({rows} rows)")
    console.print()
    console.print("confusion matrix (rows: true class, columns: predicted class)")
    matrix = payload["confusion_matrix"]["rows_true_columns_predicted"]
    cw = max(
        [len(label) for label in labels] + [len(str(v)) for r in matrix for v in r]
    )
    console.print(
        "  " + " " * lw + "  " + "  ".join(label.rjust(cw) for label in labels)
    )
    for label, row in zip(labels, matrix, strict=True):
        cells = "  ".join(str(v).rjust(cw) for v in row)
        console.print(f"  {label:<{lw}}  {cells}")


def _print_requirements_on(console, payload):
    """The requirements of tune where the model is used, on this data."""
    if not payload["requirements"]:
        return
    counts = payload["class_counts"]
    share = counts[str(payload["positive_label"])] / max(sum(counts.values()), 1)
    console.print()
    console.print(
        f"requirements of tune, on this data (at its prevalence {share:.3g}, "
        "95% interval)"
    )
    items = [(_limit_words(item), item) for item in payload["requirements"]]
    width = max(len(words) for words, _ in items)
    for words, item in items:
        value = "n/a" if item["value"] is None else f"{item['value']:.3f}"
        verdict = {True: "met", False: "NOT met", None: ""}[item["met"]]
        console.print(
            f"  {words:<{width}}  {value:>5}  {_interval(item['interval']):>14}  "
            f"{verdict}".rstrip()
        )


def _interval(bounds):
    if not bounds or bounds[0] is None:
        return ""
    return f"[{bounds[0]:.3f}, {bounds[1]:.3f}]"


def _model_line(bundle):
    return (
        f"{_ESTIMATOR_NAMES.get(bundle['estimator'], bundle['estimator'])}, "
        f"t = {bundle['t']:g}, positive class {_show(bundle['positive_label'])}"
    )


def _cmd_predict(args):
    console = _Console(quiet=args.quiet)
    _check_outputs({"--out": args.out}, [args.model, args.data])
    bundle = _load_model(args.model, console)
    model = bundle["model"]
    if args.proba and not hasattr(model, "predict_proba"):
        raise CLIError(
            f"the model in {args.model} ({bundle['estimator']}) gives no "
            "probabilities; --proba needs a model tuned with --estimator "
            "logistic, forest, hgb or knn"
        )
    frame = _read_csv(args.data)
    X = _model_features(frame, bundle["features"], args.data, bundle.get("reading"))
    sep, decimal = _dialect(args.data)
    sep = args.sep or sep
    decimal = args.decimal or decimal
    if sep == decimal:
        raise CLIError(
            f"the output would use {sep!r} both between columns and as the "
            "decimal mark; set --sep or --decimal"
        )
    out = frame.copy()

    def fresh(name):
        while name in out.columns:
            name += "_"
        return name

    predictions = model.predict(X)
    out[fresh(f"predicted_{bundle['target']}")] = predictions
    if args.proba:
        proba = model.predict_proba(X)
        for j, label in enumerate(model.classes_):
            out[fresh(f"proba_{label}")] = proba[:, j]
    # The rows are written back verbatim; the new columns in the same dialect.
    text = out.to_csv(index=False, sep=sep, decimal=decimal, float_format="%.6g")
    if args.out:
        _atomic_write(args.out, text.encode("utf-8"))
        labels, counts = np.unique(predictions, return_counts=True)
        tally = ", ".join(
            f"{_show(_native(c))}: {n}" for c, n in zip(labels, counts, strict=True)
        )
        console.note(
            f"{len(out)} rows with predictions written to {args.out} ({tally})"
        )
    else:
        console.out.write(text)
    return 0
