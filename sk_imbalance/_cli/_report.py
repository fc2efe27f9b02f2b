"""The search in words: the table of ``t``, the choice, the path, the
requirement and the advice when it is not met."""

from functools import partial

import numpy as np

from ._requirements import METRICS, PREDICTIVE, _meets
from ._search import _percent


def _path_words(summary, n_ts):
    """How the chooser cross-validated ``t`` (its resolved ``method_``)."""
    fitted = summary["fitted_ts"]
    fits = f"{summary['fits']} fits with the final one on all rows"
    if summary["method"] == "threshold":
        return f"every t read as a threshold of one balanced model per fold; {fits}"
    if len(fitted) == n_ts:
        return f"every t fitted on every fold; {fits}"
    listed = ", ".join(f"{t:g}" for t in fitted)
    return f"t = {listed} fitted on every fold, the others read as thresholds; {fits}"


def _bounded(table, requirement):
    """The rate whose lower confidence bound the table shows, or None."""
    if requirement.get("confidence") is None:
        return None
    metric = requirement["metric"] or "sensitivity"
    return metric if f"{metric}_lower" in table[0] else None


def _format_table(table, requirement, chosen_t, pm):
    names = {
        "sensitivity": "sensitivity",
        "specificity": "specificity",
        "balanced_accuracy": "balanced accuracy",
    }
    constrained = requirement["metric"]
    bounded = _bounded(table, requirement)

    def meets(value):
        # Equal to the minimum up to round-off counts as meeting it.
        minimum = requirement["minimum"]
        return "*" if value >= minimum or np.isclose(value, minimum) else " "

    def cell(row, metric):
        mean, std = row[f"{metric}_mean"], row[f"{metric}_std"]
        if mean is None:
            return "failed"
        mark = ""
        if metric == constrained and bounded is None:
            mark = meets(mean)
        return f"{mean:.3f} {pm} {std:.3f}{mark}"

    def lower(row):
        value = row[f"{bounded}_lower"]
        if value is None:
            return "n/a"
        return f"{value:.3f}" + (meets(value) if constrained else "")

    extra = _extra_columns(requirement, pm)
    decimals = max(len(f"{row['t']:g}".partition(".")[2]) for row in table)
    rows = [
        [f"{row['t']:.{decimals}f}"]
        + [cell(row, m) for m in METRICS]
        + ([lower(row)] if bounded else [])
        + [show(row) for _, show in extra]
        for row in table
    ]
    header = ["t"] + [names[m] for m in METRICS]
    if bounded:
        header.append(f"{bounded} >= ({_percent(requirement['confidence'])})")
    header += [title for title, _ in extra]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True))]
    for row, cells in zip(table, rows, strict=True):
        line = "  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True))
        if row["t"] == chosen_t:
            line += "  <- chosen"
        lines.append(line)
    if bounded:
        column = f"{bounded} >= column" if extra else "last column"
        lines.append(
            f"({column}: the {bounded} that fresh data reach with "
            f"{_percent(requirement['confidence'])} confidence, a one-sided "
            "lower bound from the out-of-fold counts)"
        )
    lines += _predictive_footer(requirement, summary_rows=table)
    if constrained:
        where = "its lower bound" if bounded else "the mean"
        column = 1 + len(METRICS) if bounded else 1 + METRICS.index(constrained)
        if any("*" in cells[column] for cells in rows):
            lines.append(
                f"(* {where} meets {constrained} >= {requirement['minimum']:g})"
            )
        else:
            lines.append(
                f"(no t: {where} never meets {constrained} >= "
                f"{requirement['minimum']:g})"
            )
    return "\n".join(lines)


_NAMES = {"precision": "precision", "npv": "NPV", "alert_rate": "alert rate"}


def _limit_words(item):
    """``precision >= 0.5`` of a requirement (the summary's or the options')."""
    return f"{_NAMES.get(item['name'], item['name'])} {item['op']} {item['limit']:g}"


def _predictive_items(requirement):
    """The requirements where the model is used, as (name, op, limit)."""
    return [
        {
            "name": PREDICTIVE[option][0],
            "op": "<=" if option.startswith("max_") else ">=",
            "limit": limit,
        }
        for option, limit in requirement.get("predictive", {}).items()
    ]


def _extra_columns(requirement, pm):
    """The columns after the rates: the expected cost (the objective of
    --costs), then per requirement where the model is used its value and,
    with a confidence, its bound; a * marks what meets the requirement."""
    columns = []
    if requirement.get("maximize", METRICS[-1]) not in METRICS:
        key = requirement["maximize"]

        def objective(row, key=key):
            mean, std = row[f"{key}_mean"], row[f"{key}_std"]
            return "failed" if mean is None else f"{mean:.3f} {pm} {std:.3f}"

        columns.append((key.replace("_", " "), objective))
    confidence = requirement.get("confidence")
    for item in _predictive_items(requirement):
        name, op = item["name"], item["op"]
        title = _NAMES[name]
        columns.append(
            (
                title,
                partial(
                    _cell, key=f"{name}_value", item=item, marked=confidence is None
                ),
            )
        )
        if confidence is not None:
            side = "upper" if op == "<=" else "lower"
            columns.append(
                (
                    f"{title} {op} ({_percent(confidence)})",
                    partial(_cell, key=f"{name}_{side}", item=item, marked=True),
                )
            )
    return columns


def _cell(row, *, key, item, marked):
    """A value of a requirement's column, with a * where it meets the
    requirement (``marked``: the column that decides)."""
    value = row.get(key)
    if value is None:
        return "n/a"
    mark = "*" if _meets(value, item["op"], item["limit"]) else " "
    return f"{value:.3f}" + (mark if marked else "")


def _predictive_footer(requirement, summary_rows):
    """What the columns of the requirements where the model is used show."""
    items = _predictive_items(requirement)
    if not items:
        return []
    confidence = requirement.get("confidence")
    names = ", ".join(_NAMES[item["name"]] for item in items)
    prevalence = requirement.get("prevalence")
    at = (
        f"at the prevalence {prevalence:g} (--prevalence)"
        if prevalence is not None
        else "at the training data's prevalence"
    )
    lines = [f"({names}: {at}, from the mean sensitivity and specificity)"]
    if confidence is not None:
        lines.append(
            f"(their bounds: what fresh data reach with {_percent(confidence)} "
            "confidence, jointly with every other requirement)"
        )
    where = "its bound" if confidence is not None else "the value"
    for item in items:
        side = "upper" if item["op"] == "<=" else "lower"
        key = f"{item['name']}_{side if confidence is not None else 'value'}"
        meets = any(
            _meets(row.get(key), item["op"], item["limit"]) for row in summary_rows
        )
        lines.append(
            f"(* {where} meets {_limit_words(item)})"
            if meets
            else f"(no t: {where} never meets {_limit_words(item)})"
        )
    return lines


def _cost_words(requirement):
    """``a false alarm costs 5, a missed positive the row's 'amount'``."""
    costs = requirement.get("costs") or {}
    columns = requirement.get("cost_columns") or {}
    words = []
    for key, what in (
        ("false_positive", "a false alarm"),
        ("false_negative", "a missed positive"),
    ):
        if key in columns:
            words.append(f"{what} the row's {columns[key]!r}")
        else:
            words.append(f"{what} costs {costs[key]:g}")
    return ", ".join(words)


def _describe_requirement(requirement, selection="one_se"):
    confidence = requirement.get("confidence")
    objective = (
        f"the least expected cost per row ({_cost_words(requirement)})"
        if requirement.get("maximize") == "expected_cost"
        else None
    )
    held = (
        f" on fresh data with {_percent(confidence)} confidence"
        if confidence is not None
        else " (mean over the folds)"
    )
    limits = []
    if requirement["metric"] is not None:
        limits.append(f"{requirement['metric']} >= {requirement['minimum']:g}{held}")
    items = _predictive_items(requirement)
    if items:
        prevalence = requirement.get("prevalence")
        at = (
            f"the prevalence {prevalence:g}"
            if prevalence is not None
            else "the training data's prevalence"
        )
        jointly = (
            f" on fresh data with {_percent(confidence)} confidence, jointly"
            if confidence is not None
            else " (from the mean rates)"
        )
        limits.append(f"{', '.join(map(_limit_words, items))} at {at}{jointly}")
    if limits:
        best = objective or f"the best {requirement['maximize'].replace('_', ' ')}"
        return f"{'; '.join(limits)}, then {best}"
    text = objective or (
        "the best balanced accuracy (mean of sensitivity and specificity)"
    )
    if selection == "one_se":
        text += (
            " by the one-standard-error rule: of the t within one standard "
            "error of the best mean, the closest to 0.5 (--selection best: "
            "the best mean)"
        )
    if confidence is not None:
        text += f"; lower bounds at {_percent(confidence)} confidence"
    return text


def _report_search(console, table, summary, cv):
    requirement = summary["requirement"]
    console.print(_format_table(table, requirement, summary["chosen_t"], console.pm))
    console.print()
    chosen, pm = summary["chosen"], console.pm
    rates = ", ".join(
        f"{metric.replace('_', ' ')} {chosen[metric]['mean']:.3f} {pm} "
        f"{chosen[metric]['std']:.3f}"
        for metric in METRICS
        if chosen[metric]["mean"] is not None
    )
    console.print(f"chosen t = {summary['chosen_t']:g}: {rates}")
    best = summary.get("best_mean")
    if best is not None:
        name = summary["requirement"]["maximize"].replace("_", " ")
        console.print(
            f"  (t = {summary['chosen_t']:g}: within one standard error of the "
            f"best, {name} {best['value']:.3f} at t = {best['t']:g}; the simplest "
            "t, closest to 0.5, wins; --selection best takes the best mean)"
        )
    console.print(f"  (mean {pm} standard deviation over {cv} cross-validation folds)")
    console.print(f"  ({_path_words(summary, len(table))})")
    guarantee = summary.get("guarantee")
    if guarantee:
        percent = _percent(guarantee["confidence"])
        bounds = ", ".join(
            f"{metric} >= {guarantee[metric]['lower']:.3f}"
            for metric in ("sensitivity", "specificity")
            if metric in guarantee and guarantee[metric]["lower"] is not None
        )
        console.print(f"  on fresh data, with {percent} confidence: {bounds}")
    _report_requirements(console, summary)


def _prevalence_words(summary):
    prevalence = summary.get("prevalence")
    if prevalence is None:
        return ""
    whose = "the given" if prevalence["given"] else "the training data's"
    return f"at {whose} prevalence {prevalence['value']:.3g}"


def _report_requirements(console, summary):
    """The expected cost of --costs, and each requirement at the chosen t when
    some are stated where the model is used: met or not, the value, the bound."""
    requirement = summary["requirement"]
    at = _prevalence_words(summary)
    if requirement["maximize"] == "expected_cost":
        row = summary["chosen"]["expected_cost"]
        # Per-row costs are those of the training rows, at their prevalence.
        where = "on the training rows" if requirement.get("cost_columns") else at
        if row["mean"] is not None:
            console.print(
                f"  expected cost per row {row['mean']:.4g} {console.pm} "
                f"{row['std']:.4g} {where} ({_cost_words(requirement)})"
            )
    if not requirement.get("predictive"):
        return
    console.print(f"  requirements at t = {summary['chosen_t']:g}, {at}:")
    for item in summary["requirements"]:
        value = "n/a" if item["value"] is None else f"{item['value']:.3f}"
        measured = "mean" if item["name"] in METRICS else "from the mean rates"
        words = f"{value} {measured}"
        if item["confidence"] is not None:
            bound = "n/a" if item["bound"] is None else f"{item['bound']:.3f}"
            words += (
                f"; {item['op']} {bound} on fresh data with "
                f"{_percent(item['confidence'])} confidence"
            )
        verdict = "met" if item["met"] else "NOT met"
        console.print(f"    {_limit_words(item)}: {verdict} ({words})")


def _warn_unmet(console, table, summary):
    """The unmet requirement, with advice read from the measured curve."""
    requirement = summary["requirement"]
    metric = requirement["metric"]
    guarantee = summary.get("guarantee")
    if requirement.get("predictive"):
        _warn_unmet_jointly(console, summary)
        return
    if guarantee and metric in guarantee:
        _warn_unsupported(console, table, summary, guarantee)
        return
    ts = [row["t"] for row in table]
    values = np.array(
        [np.nan if row[f"{metric}_mean"] is None else row[f"{metric}_mean"]
         for row in table]
    )  # fmt: skip
    finite = np.isfinite(values)
    best = float(np.nanmax(values)) if finite.any() else float("nan")
    # Sensitivity should grow with t, specificity fall: the t that helps.
    helping = "larger" if metric == "sensitivity" else "smaller"
    edge = len(ts) - 1 if metric == "sensitivity" else 0
    peak = int(np.nanargmax(values)) if finite.any() else edge
    if not finite.any() or np.nanmax(values) - np.nanmin(values) <= 1e-9:
        advice = (
            f"t does not move {metric} here ({best:.3f} at every t): try another "
            "--estimator, or more data"
        )
    elif peak == edge:
        advice = (
            f"{metric} grows toward t = {ts[edge]:g}, so {helping} values of t "
            "may reach it (--ts), or another --estimator, or more data"
        )
    else:
        advice = (
            f"{metric} peaks at t = {ts[peak]:g} and falls beyond it, so {helping} "
            "values of t will not help: try another --estimator, or more data"
        )
    if summary.get("causes"):
        advice = f"the likely cause: {summary['causes'][0]}"
    console.warn(
        f"no t reaches {metric} >= {requirement['minimum']:g} (the best "
        f"cross-validated {metric} is {best:.3f}); t = {summary['chosen_t']:g} "
        f"is the closest. {advice[0].upper()}{advice[1:]}"
    )


def _warn_unmet_jointly(console, summary):
    """Requirements where the model is used, not all met: which, and the
    library's account of the closest t and what the data support."""
    unmet = [_limit_words(item) for item in summary["requirements"] if not item["met"]]
    # The library's account, without the name of its attribute.
    reason = (summary.get("unmet_reason") or "").replace(
        "; requirement_met_ is False", ""
    )
    console.warn(
        f"no t meets every requirement (not met at t = {summary['chosen_t']:g}, "
        f"the closest: {', '.join(unmet) or 'jointly'}). {reason}".rstrip()
    )


def _warn_unsupported(console, table, summary, guarantee):
    """An unmet requirement at a confidence: what the data support, and how
    many positives (negatives) the requirement needs."""
    requirement = summary["requirement"]
    metric = requirement["metric"]
    item = guarantee[metric]
    percent = _percent(guarantee["confidence"])
    units = "positives" if metric == "sensitivity" else "negatives"
    needed = item["needed"]
    need = (
        f"at least {needed:.0f} {units}, all predicted right"
        if needed is not None
        else "more than any finite sample can show (a rate of 1)"
    )
    if item["supported"] < requirement["minimum"]:
        advice = f"only more {units} can support it"
    else:
        advice = (
            f"no t shows it at {percent} confidence, although the best bound "
            "would: try another --estimator, or more data"
        )
    console.warn(
        f"the requirement is not met at {percent} confidence: {item['n']:.0f} "
        f"{units} support {metric} >= {item['supported']:.3f} at most; {metric} "
        f">= {requirement['minimum']:g} needs {need}, so {advice}. t = "
        f"{summary['chosen_t']:g} has the highest lower bound ({metric} >= "
        f"{item['lower']:.3f})"
    )
