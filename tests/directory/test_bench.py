"""The benchmark command prints and writes figures an operator can read and compare."""

import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_bench_writes_each_pages_figures_and_how_fast_the_machine_is(tmp_path, capsys):
    call_command("load_demo")
    figures = tmp_path / "figures.json"

    call_command("bench", "--public", "--requests", "2", "--only", "directory", "--json", figures)

    rows = json.loads(figures.read_text())
    assert {(row["page"], row["cached"]) for row in rows} >= {
        ("directory", False),
        ("directory, name search", False),
        ("directory, two topics", False),
    }
    for row in rows:
        assert row["status"] == 200
        assert row["median_ms"] > 0
        assert row["bytes"] > 1_000
        assert set(row) >= {"page", "cached", "median_ms", "p95_ms", "queries", "bytes"}
    # Uncached, the directory reads the database; from the page cache it does not.
    assert {row["cached"]: row["queries"] for row in rows if row["page"] == "directory"}[False] > 0
    output = capsys.readouterr().out
    assert "directory, name search" in output
    assert "This machine: a fixed piece of Python in " in output
