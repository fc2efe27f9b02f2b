"""Columns that alone give the answer away: identifiers and leaks."""

import numpy as np

# A single column whose cross-validated balanced accuracy reaches this separates
# the classes almost perfectly: real features rarely do, identifiers numbered
# after sorting by class and outcomes recorded after the fact do.
_LEAK = 0.98

# The check runs on a stratified sample of at most this many rows: it needs
# enough positives, not every row.
_MAX_ROWS = 20_000


def _sample(is_pos, random_state):
    n = is_pos.size
    if n <= _MAX_ROWS:
        return np.arange(n)
    rng = np.random.default_rng(random_state)
    pos, neg = np.flatnonzero(is_pos), np.flatnonzero(~is_pos)
    n_pos = max(min(pos.size, _MAX_ROWS // 2), round(_MAX_ROWS * pos.size / n))
    n_pos = min(n_pos, pos.size)
    keep = [rng.choice(pos, n_pos, replace=False)]
    keep.append(rng.choice(neg, min(neg.size, _MAX_ROWS - n_pos), replace=False))
    return np.sort(np.concatenate(keep))


def _single_column_scores(X, kinds, is_pos, random_state):
    """Cross-validated balanced accuracy of each column alone.

    Numeric columns: a depth-2 tree (thresholds, missing values as a branch);
    text columns: each category predicts the class that is more frequent in it
    after balancing, fitted on the other folds (unseen categories are wrong).
    """
    from sklearn.model_selection import StratifiedKFold
    from sklearn.tree import DecisionTreeClassifier

    from sk_imbalance.metrics import tradeoff_score

    rows = _sample(is_pos, random_state)
    y = is_pos[rows]
    n_splits = int(min(3, y.sum(), (~y).sum()))
    if n_splits < 2:
        return {}
    folds = list(
        StratifiedKFold(n_splits, shuffle=True, random_state=random_state).split(
            np.zeros(y.size), y
        )
    )
    scores = {}
    for name, kind in kinds.items():
        values = np.asarray(X[name])[rows]
        pred = np.zeros(y.size, dtype=bool)
        for train, test in folds:
            if kind == "numeric":
                tree = DecisionTreeClassifier(
                    max_depth=2, class_weight="balanced", random_state=0
                )
                column = values.astype(np.float64).reshape(-1, 1)
                if np.isnan(column[train]).all():
                    break
                tree.fit(column[train], y[train])
                pred[test] = tree.predict(column[test])
            else:
                pred[test] = _category_vote(values[train], y[train], values[test])
        else:
            # The library's balanced accuracy: the mean of the two rates.
            scores[name] = tradeoff_score(y, pred, t=0.5, pos_label=True)
    return scores


def _category_vote(train, y, test):
    """Whether each test value's category leans positive on the training rows
    (each class weighted by 1 / its size); unseen or missing: negative unless
    the positives are the larger class (then it is wrong either way)."""
    weight = np.where(y, 0.5 / max(y.sum(), 1), 0.5 / max((~y).sum(), 1))
    lean = {}
    for value, w, positive in zip(train, weight, y, strict=True):
        key = value if isinstance(value, str) else None
        lean[key] = lean.get(key, 0.0) + (w if positive else -w)
    return np.array(
        [lean.get(v if isinstance(v, str) else None, 0.0) > 0 for v in test],
        dtype=bool,
    )


def _leaks(X, kinds, is_pos, random_state):
    """``{column: score}`` of the columns that alone separate the classes
    (almost) perfectly in cross-validation, the best first."""
    scores = _single_column_scores(X, kinds, np.asarray(is_pos), random_state)
    return {
        name: score
        for name, score in sorted(scores.items(), key=lambda item: -item[1])
        if score >= _LEAK
    }


def _leak_reason(score):
    return (
        f"it alone separates the classes (cross-validated balanced accuracy "
        f"{score:.3f} with this column only): a leak of the outcome, or an "
        "identifier numbered by class"
    )
