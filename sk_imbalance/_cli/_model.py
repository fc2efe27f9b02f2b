"""The model the command line trains: the estimator and its preprocessing."""

ESTIMATORS = ("logistic", "forest", "hgb", "svm", "knn")


_ESTIMATOR_NAMES = {
    "logistic": "logistic regression",
    "forest": "random forest",
    "hgb": "histogram gradient boosting",
    "svm": "support vector machine (RBF kernel)",
    "knn": "k nearest neighbours (weights by resampling)",
}


def _make_estimator(name, random_state):
    if name == "logistic":
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(max_iter=1000)
    if name == "forest":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier(random_state=random_state)
    if name == "hgb":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(random_state=random_state)
    if name == "svm":
        from sklearn.svm import SVC

        return SVC()
    from sklearn.neighbors import KNeighborsClassifier

    return KNeighborsClassifier()


def _make_pipeline(kinds, estimator):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import Pipeline, make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numeric = [name for name, kind in kinds.items() if kind == "numeric"]
    categorical = [name for name, kind in kinds.items() if kind == "categorical"]
    transformers = []
    if numeric:
        transformers.append(
            (
                "numeric",
                make_pipeline(
                    SimpleImputer(
                        strategy="median",
                        keep_empty_features=True,
                        # Whether a value was missing often says something.
                        add_indicator=True,
                    ),
                    StandardScaler(),
                ),
                numeric,
            )
        )
    if categorical:
        transformers.append(
            (
                "categorical",
                make_pipeline(
                    SimpleImputer(
                        strategy="constant",
                        fill_value="(missing)",
                        keep_empty_features=True,
                    ),
                    OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                ),
                categorical,
            )
        )
    # Dense output: HistGradientBoostingClassifier refuses sparse input.
    preprocess = ColumnTransformer(transformers, sparse_threshold=0)
    return Pipeline([("preprocess", preprocess), ("classifier", estimator)])
