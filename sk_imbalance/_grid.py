"""The default grid of tradeoffs ``t``, one for the library and the command line.

Only numpy is imported here, so the command line can read the grid before
scikit-learn loads.
"""

import numpy as np

# Steps of 0.05 from 0.05 to 0.95, where balanced accuracy is usually decided,
# and 0.01, 0.02, 0.98, 0.99 beyond them (weight ratios up to 99), which
# screening requirements such as sensitivity >= 0.95 on rare positives often
# need.
DEFAULT_TS = np.round(
    np.concatenate([[0.01, 0.02], np.linspace(0.05, 0.95, 19), [0.98, 0.99]]), 10
)
