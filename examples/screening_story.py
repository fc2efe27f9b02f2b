# %% [markdown]
# # The screening story: accuracy misleads, the tradeoff `t` does not
#
# A screening population has few sick people. We take scikit-learn's breast cancer
# data and keep the malignant tumours at 5% of the rows (`load_screening`), then ask
# what a classifier should do. This script runs in a few seconds.

# %%
import numpy as np
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sk_imbalance import TradeoffClassifier
from sk_imbalance.datasets import load_screening
from sk_imbalance.metrics import sensitivity_score, specificity_score

RANDOM_STATE = 0
X, y = load_screening(random_state=RANDOM_STATE, return_X_y=True)
print(f"{len(y)} tumours, {y.sum()} malignant ({y.mean():.1%})")


def rates(y_true, y_pred):
    """Sensitivity and specificity."""
    return sensitivity_score(y_true, y_pred), specificity_score(y_true, y_pred)


# %% [markdown]
# ## "Always benign" scores 95% accuracy and catches no cancer
#
# Accuracy rewards the majority class. Sensitivity (the share of malignant tumours
# found) and specificity (the share of benign tumours cleared) tell the real story.

# %%
pred = DummyClassifier(strategy="constant", constant=0).fit(X, y).predict(X)
sens, spec = rates(y, pred)
print(
    f"always benign: accuracy {np.mean(pred == y):.3f}, "
    f"sensitivity {sens:.3f}, specificity {spec:.3f}"
)

# %% [markdown]
# ## Train for the tradeoff you choose
#
# `t` is the share of the training weight given to the malignant class: 0.5 weighs
# both classes equally (`class_weight="balanced"`), larger values buy sensitivity
# with specificity. With only 19 malignant tumours the estimates are noisy, so we
# average over repeated stratified 5-fold cross-validation.

# %%
model = make_pipeline(StandardScaler(), LogisticRegression(C=0.01))
cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=RANDOM_STATE)
print(f"\n{'t':>5} {'sensitivity':>12} {'specificity':>12}")
for t in (0.05, 0.2, 0.5, 0.8, 0.95, 0.99):
    clf = TradeoffClassifier(model, t=t)
    folds = [
        rates(y[test], clf.fit(X[train], y[train]).predict(X[test]))
        for train, test in cv.split(X, y)
    ]
    sens, spec = np.mean(folds, axis=0)
    print(f"{t:>5} {sens:>12.3f} {spec:>12.3f}")

# %% [markdown]
# Sensitivity rises and specificity falls as `t` grows: the user, not the class
# frequencies, decides where the errors go. `sk_imbalance.model_selection` picks `t`
# from a requirement such as "sensitivity >= 0.95".
