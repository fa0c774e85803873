"""Write labelled SOC cases for the extraction benchmark (a thin wrapper of the generator).

    python benchmarks/make_soc_cases.py OUTDIR --seeds 5000-5029
    python ../shared/tools/score_cases.py OUTDIR .venv/bin/scopegap -v

Seeds >= 5000 are the held-out set (never developed against); seeds < 1000 are for work.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fixtures.generate_soc_varied import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
