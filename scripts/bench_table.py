"""Markdown table of `manage.py bench --json` files side by side, for docs/performance.md.

python scripts/bench_table.py before.json after.json [more.json ...]
"""

import json
import sys
from pathlib import Path


def main(paths: list[str]) -> None:
    runs = [json.loads(Path(path).read_text(encoding="utf-8")) for path in paths]
    names = [Path(path).stem for path in paths]
    head = " | ".join(f"{name} median / p95 ms (queries)" for name in names)
    print(f"| page | cached | {head} |")
    print("|---|---|" + "---|" * len(runs))
    for row in runs[0]:
        cells = []
        for run in runs:
            match = next(
                (r for r in run if r["page"] == row["page"] and r["cached"] == row["cached"]),
                None,
            )
            cells.append(
                f"{match['median_ms']:.1f} / {match['p95_ms']:.1f} ({match['queries']})"
                if match
                else "–"
            )
        cached = "yes" if row["cached"] else "no"
        print(f"| {row['page']} | {cached} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
