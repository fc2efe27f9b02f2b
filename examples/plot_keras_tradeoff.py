# %% [markdown]
# # The post's Keras workflow, done right
#
# The blog post this library grew from trains a Keras network for skin-cancer
# screening with `class_weight={1: n_non_cancer / n_cancer * t}` and watches
# sensitivity and specificity while it trains.  This example redoes that experiment on
# built-in data, with the two fixes the library offers:
#
# - the class weights come from `sk_imbalance.tradeoff_class_weight`, the same
#   weighting math that `TradeoffClassifier` uses, so a network and a scikit-learn
#   model trained at the same `t` aim at the same tradeoff;
# - sensitivity and specificity are logged by the streaming metrics of
#   `sk_imbalance.keras`, which count over the whole epoch.  The post's metric
#   functions compute the rate per batch and average it, which is wrong whenever the
#   batches hold different numbers of positives (always, at 5% prevalence).
#
# A small dense network is trained on breast-cancer data with 5% malignant tumours at
# several `t`, and its final sensitivity and specificity are compared with
# `TradeoffClassifier(LogisticRegression())` at the same `t`.  It runs in well
# under a minute on two CPU cores.

# %% [markdown]
# ## Set-up
#
# Keras 3 runs on several backends; the tests use torch on the CPU.  The backend
# must be chosen before Keras is first imported.

# %%
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

from pathlib import Path

import keras
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sk_imbalance import TradeoffClassifier, tradeoff_class_weight
from sk_imbalance.keras import Sensitivity, Specificity
from sk_imbalance.metrics import sensitivity_score, specificity_score

if keras.backend.backend() == "torch":
    import torch

    # A network this small runs fastest on one thread.
    torch.set_num_threads(1)

RANDOM_STATE = 0
FIGURE_DIR = Path(os.environ.get("SK_IMBALANCE_FIGURE_DIR", "."))
FIGURE_DIR.mkdir(parents=True, exist_ok=True)
TS = [0.05, 0.25, 0.5, 0.75, 0.95]
EPOCHS = 25

# %% [markdown]
# ## The data: 5% malignant in training, every other tumour for testing
#
# scikit-learn's breast-cancer data has 212 malignant and 357 benign tumours.  The
# training set keeps the post's setting: 250 benign tumours and 13 malignant ones
# (5%, as `sk_imbalance.datasets.load_screening`).
#
# Sensitivity is measured on malignant tumours only and specificity on benign ones
# only, so neither depends on the test set's prevalence.  The test set can therefore
# hold *every* malignant tumour that training did not use (199 of them) next to the
# remaining 107 benign ones: the two rates are measured far more precisely than on a
# 5% test set with a handful of positives.

# %%
X, target = load_breast_cancer(return_X_y=True)
y = (target == 0).astype(int)  # scikit-learn codes malignant as 0
rng = np.random.default_rng(RANDOM_STATE)
benign = rng.permutation(np.flatnonzero(y == 0))
malignant = rng.permutation(np.flatnonzero(y == 1))
n_benign_train = 250
n_malignant_train = round(n_benign_train * 0.05 / 0.95)
train = np.concatenate([benign[:n_benign_train], malignant[:n_malignant_train]])
test = np.concatenate([benign[n_benign_train:], malignant[n_malignant_train:]])
X_train, y_train, X_test, y_test = X[train], y[train], X[test], y[test]
print(
    f"training: {y_train.size} tumours, {y_train.sum()} malignant; "
    f"test: {y_test.size} tumours, {y_test.sum()} malignant"
)

# %% [markdown]
# ## From the post's `t` to ours
#
# The post weighs positives `n_neg / n_pos * t_blog` against negatives at 1.
# `tradeoff_class_weight` gives the positives the share `t` of the total weight and
# the negatives `1 - t`, so the ratio of the two weights is
# `n_neg / n_pos * t / (1 - t)`: the same as the post's for
# `t = t_blog / (1 + t_blog)`.  Ours also keeps the total weight equal to the number
# of samples, so the learning rate means what it means without weights.

# %%
for t in TS:
    weights = tradeoff_class_weight(y_train, t)
    print(
        f"t={t:<4}  blog t={t / (1 - t):6.3f}  "
        f"class_weight={{0: {weights[0]:.3f}, 1: {weights[1]:.3f}}}"
    )

# %% [markdown]
# ## The network, trained at each `t`
#
# A small dense network, the inputs standardised on the training set.  The
# streaming metrics go to `compile(metrics=...)`; Keras resets them at every epoch
# and at every evaluation, so `val_sensitivity` is the sensitivity on the whole
# test set after each epoch.  The test set is only watched here, never used to stop
# or select anything.

# %%
scaler = StandardScaler().fit(X_train)
X_train_s = scaler.transform(X_train).astype("float32")
X_test_s = scaler.transform(X_test).astype("float32")


def make_network():
    model = keras.Sequential(
        [
            keras.Input((X.shape[1],)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.01),
        loss="binary_crossentropy",
        metrics=[Sensitivity(), Specificity()],
    )
    return model


histories, network_rates = {}, {}
for t in TS:
    keras.utils.set_random_seed(RANDOM_STATE)
    network = make_network()
    history = network.fit(
        X_train_s,
        y_train,
        class_weight=tradeoff_class_weight(y_train, t),
        validation_data=(X_test_s, y_test),
        epochs=EPOCHS,
        batch_size=32,
        verbose=0,
    )
    histories[t] = history.history
    # The last epoch's streaming values equal the library's functions on the
    # network's test predictions.
    y_pred = (network.predict(X_test_s, verbose=0).ravel() > 0.5).astype(int)
    network_rates[t] = (
        sensitivity_score(y_test, y_pred),
        specificity_score(y_test, y_pred),
    )
    np.testing.assert_allclose(
        network_rates[t],
        (
            history.history["val_sensitivity"][-1],
            history.history["val_specificity"][-1],
        ),
        rtol=1e-6,
    )

# %% [markdown]
# ## Logistic regression at the same `t`
#
# `TradeoffClassifier` turns the same `t` into the same weights for any scikit-learn
# classifier.

# %%
logistic_rates = {}
for t in TS:
    model = TradeoffClassifier(
        make_pipeline(StandardScaler(), LogisticRegression()), t=t
    ).fit(X_train, y_train)
    y_pred = model.predict(X_test)
    logistic_rates[t] = (
        sensitivity_score(y_test, y_pred),
        specificity_score(y_test, y_pred),
    )

print()
print("  t    blog t | network: sens   spec | logistic: sens   spec")
for t in TS:
    (ns, nsp), (ls, lsp) = network_rates[t], logistic_rates[t]
    print(
        f"{t:4.2f} {t / (1 - t):8.3f} |          {ns:.3f}  {nsp:.3f} |"
        f"           {ls:.3f}  {lsp:.3f}"
    )

# %% [markdown]
# ## The rates per epoch, and the final tradeoff
#
# Left and middle: the test sensitivity and specificity after each epoch, one line
# per `t`.  Right: the final pairs of the network and the logistic regression;
# both move from high specificity (small `t`) to high sensitivity (large `t`).

# %%
colors = plt.cm.viridis(np.linspace(0, 0.9, len(TS)))
fig, axes = plt.subplots(1, 3, figsize=(13, 4))
epochs = np.arange(1, EPOCHS + 1)
for t, color in zip(TS, colors, strict=True):
    axes[0].plot(epochs, histories[t]["val_sensitivity"], color=color, label=f"t={t}")
    axes[1].plot(epochs, histories[t]["val_specificity"], color=color, label=f"t={t}")
for ax, name in zip(axes[:2], ["sensitivity", "specificity"], strict=True):
    ax.set(xlabel="epoch", ylabel=f"test {name}", ylim=(0.4, 1.01))
    ax.set_title(f"Network: test {name} per epoch")
axes[0].legend(loc="lower right")
for rates, marker, name in [
    (network_rates, "o", "network"),
    (logistic_rates, "s", "logistic regression"),
]:
    spec = [rates[t][1] for t in TS]
    sens = [rates[t][0] for t in TS]
    axes[2].plot(spec, sens, color="0.6", zorder=1)
    axes[2].scatter(spec, sens, c=colors, marker=marker, label=name, zorder=2)
for t in TS:
    axes[2].annotate(
        f"t={t}",
        network_rates[t][::-1],
        xytext=(-8, 4),
        textcoords="offset points",
        ha="right",
        fontsize=8,
    )
axes[2].set(xlabel="specificity", ylabel="sensitivity", title="Final rates per t")
legend = axes[2].legend(loc="lower left")
for handle in legend.legend_handles:
    handle.set_color("0.3")
fig.tight_layout()
figure_path = FIGURE_DIR / "keras_tradeoff.png"
fig.savefig(figure_path, dpi=100)
print(f"\nfigure saved to {figure_path}")

# %% [markdown]
# ## What to take away
#
# - `class_weight=tradeoff_class_weight(y_train, t)` moves the network along the
#   sensitivity/specificity tradeoff the same way `t` moves any scikit-learn model
#   wrapped in `TradeoffClassifier`.
# - The post's `t_blog` is our `t_blog / (1 + t_blog)`.
# - Log sensitivity and specificity with streaming metrics
#   (`Sensitivity`, `Specificity`, `PerClassAccuracy`, `TradeoffScore` from
#   `sk_imbalance.keras`), never with per-batch functions.
# - Keras 3 refuses `class_weight` together with `sample_weight`; when you have
#   your own sample weights, pass
#   `sample_weight=tradeoff_sample_weight(y, t, sample_weight=your_weights)`.
