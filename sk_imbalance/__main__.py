"""``python -m sk_imbalance``: the ``sk-imbalance`` command line."""

import sys

from sk_imbalance._cli import main

if __name__ == "__main__":
    sys.exit(main())
