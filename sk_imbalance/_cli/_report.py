"""The search in words: the table of ``t``, the choice, the path, the
requirement and the advice when it is not met."""

import numpy as np

from ._search import METRICS, _percent


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

    decimals = max(len(f"{row['t']:g}".partition(".")[2]) for row in table)
    rows = [
        [f"{row['t']:.{decimals}f}"]
        + [cell(row, m) for m in METRICS]
        + ([lower(row)] if bounded else [])
        for row in table
    ]
    header = ["t"] + [names[m] for m in METRICS]
    if bounded:
        header.append(f"{bounded} >= ({_percent(requirement['confidence'])})")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True))]
    for row, cells in zip(table, rows, strict=True):
        line = "  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True))
        if row["t"] == chosen_t:
            line += "  <- chosen"
        lines.append(line)
    if bounded:
        lines.append(
            f"(last column: the {bounded} that fresh data reach with "
            f"{_percent(requirement['confidence'])} confidence, a one-sided "
            "lower bound from the out-of-fold counts)"
        )
    if constrained:
        where = "its lower bound" if bounded else "the mean"
        if any("*" in cells[-1 if bounded else 1 + METRICS.index(constrained)]
               for cells in rows):  # fmt: skip
            lines.append(
                f"(* {where} meets {constrained} >= {requirement['minimum']:g})"
            )
        else:
            lines.append(
                f"(no t: {where} never meets {constrained} >= "
                f"{requirement['minimum']:g})"
            )
    return "\n".join(lines)


def _describe_requirement(requirement, selection="one_se"):
    confidence = requirement.get("confidence")
    if requirement["metric"] is None:
        text = "the best balanced accuracy (mean of sensitivity and specificity)"
        if selection == "one_se":
            text += (
                " by the one-standard-error rule: of the t within one standard "
                "error of the best mean, the closest to 0.5 (--selection best: "
                "the best mean)"
            )
        if confidence is not None:
            text += f"; lower bounds at {_percent(confidence)} confidence"
        return text
    held = (
        f" on fresh data with {_percent(confidence)} confidence"
        if confidence is not None
        else " (mean over the folds)"
    )
    return (
        f"{requirement['metric']} >= {requirement['minimum']:g}{held}, then the "
        f"best {requirement['maximize']}"
    )


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


def _warn_unmet(console, table, summary):
    """The unmet requirement, with advice read from the measured curve."""
    requirement = summary["requirement"]
    metric = requirement["metric"]
    guarantee = summary.get("guarantee")
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
