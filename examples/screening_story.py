# %% [markdown]
# # The screening story: the `t` for a requirement, and what the data can promise
#
# The story `sk-imbalance demo` tells, as a script. A screening population has few
# sick people: scikit-learn's breast cancer data with the malignant tumours kept at
# 5% of the rows (`load_screening`). The requirement: catch at least 95% of the
# malignant tumours on tumours the model has not seen, with 90% confidence; among
# the `t` that do, raise the fewest false alarms. This script runs in a few seconds.

# %%
import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sk_imbalance import TradeoffClassifierCV
from sk_imbalance.datasets import load_screening
from sk_imbalance.metrics import sensitivity_interval, sensitivity_score
from sk_imbalance.model_selection import TradeoffCurveDisplay

X, y = load_screening(return_X_y=True)
print(f"{len(y)} tumours, {y.sum()} malignant ({y.mean():.1%})")

# %% [markdown]
# ## "Always benign" scores 95% accuracy and catches no cancer
#
# Accuracy rewards the majority class; sensitivity (the share of malignant tumours
# found) and specificity (the share of benign tumours cleared) tell the real story.

# %%
pred = DummyClassifier(strategy="constant", constant=0).fit(X, y).predict(X)
print(
    f"always benign: accuracy {np.mean(pred == y):.3f}, "
    f"sensitivity {sensitivity_score(y, pred):.3f}"
)

# %% [markdown]
# ## What 19 malignant tumours can promise
#
# Before any model: even a model that catches every one of them can show at most
# this sensitivity on fresh tumours at 90% confidence (the exact one-sided bound).

# %%
supported, _ = sensitivity_interval(
    y, y, confidence=0.9, method="clopper-pearson", alternative="greater"
)
print(f"at most sensitivity >= {supported:.3f} with 90% confidence")

# %% [markdown]
# ## Choose `t` for the requirement
#
# `TradeoffClassifierCV` cross-validates every `t` of its grid (the model the demo
# trains: scaled features, logistic regression, 5 stratified folds), keeps the `t`
# whose lower confidence bound of sensitivity meets 0.95, and among them takes the
# best specificity; when none does, it says so and takes the highest bound.

# %%
model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
clf = TradeoffClassifierCV(
    model,
    min_sensitivity=0.95,
    confidence=0.9,
    objective="specificity",
    cv=StratifiedKFold(5, shuffle=True, random_state=0),
    random_state=0,
).fit(X, y)
i = clf.best_index_
results = clf.cv_results_
print(
    f"chosen t = {clf.best_t_:g}: mean sensitivity "
    f"{results['mean_test_sensitivity'][i]:.3f}, mean specificity "
    f"{results['mean_test_specificity'][i]:.3f} over the folds"
)

# %% [markdown]
# ## The confidence statement
#
# What holds on fresh tumours with 90% confidence at the chosen `t`, and whether
# the requirement is met. With 19 malignant tumours it cannot be: the statement
# says how many it would need.

# %%
item = clf.guarantee_["sensitivity"]
print(
    f"on fresh tumours, with 90% confidence: sensitivity >= {item['lower']:.3f}, "
    f"specificity >= {clf.guarantee_['specificity']['lower']:.3f}"
)
print(f"requirement met: {clf.requirement_met_}")
if not clf.requirement_met_:
    print(
        f"sensitivity >= 0.95 needs at least {item['needed']:.0f} malignant "
        "tumours, all caught"
    )

# %% [markdown]
# ## The figure
#
# The cross-validated rates against `t`, their lower bounds and the chosen `t`: the
# figure the demo saves. The grid is spaced on the log-odds scale, so the axis is.

# %%
display = TradeoffCurveDisplay.from_cv_results(clf, name="logistic regression")
ts = results["param_t"].astype(float)
display.ax_.set_xscale("logit")
display.ax_.set_xlim(ts.min() / 1.5, 1 - (1 - ts.max()) / 1.5)
ticks = [0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99]
display.ax_.set_xticks(ticks, [f"{t:g}" for t in ticks], minor=False)
display.ax_.set_xticks([], minor=True)
display.ax_.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
figure_dir = Path(os.environ.get("SK_IMBALANCE_FIGURE_DIR", "."))
figure_dir.mkdir(parents=True, exist_ok=True)
display.figure_.savefig(figure_dir / "screening_story.png", bbox_inches="tight")
plt.close(display.figure_)
