"""Contract of the outlet registry: complete rows, unique domains, the region's press covered."""

from __future__ import annotations

import csv
import io

import pytest

from dashboard.cli import main
from dashboard.core.corpus.outlets import (
    BLOCS,
    COLUMNS,
    TYPES,
    RegistryError,
    load_registry,
    parse_registry,
)
from dashboard.core.corpus.sources_csv import read_sources_table
from dashboard.core.paths import REPO_ROOT, outlets_file

#: Publishers the demo corpus draws on (their sites' domains), and the seeds' outlets.
DEMO_DOMAINS = ("kremlin.ru", "state.gov", "ec.europa.eu", "globalvoices.org",
                "en.wikinews.org", "whitehouse.gov", "eeas.europa.eu", "consilium.europa.eu",
                "president.az", "primeminister.am", "mfa.am", "mfa.gov.az", "gov.ge")
REGION = ("AZ", "AM", "GE", "IR", "RU", "TR", "KZ", "CN", "EU", "US", "IN")


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with outlets_file().open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_file_is_at_the_agreed_place_with_the_agreed_columns(rows):
    assert outlets_file() == REPO_ROOT / "registry" / "outlets.csv"
    with outlets_file().open(encoding="utf-8") as fh:
        assert tuple(next(csv.reader(fh))) == COLUMNS


def test_every_outlet_has_country_type_and_basis(rows):
    for row in rows:
        assert row["country"].strip() and row["type"].strip() and row["basis"].strip(), row
        assert row["type"] in TYPES, row
        assert row["country"] in BLOCS or (len(row["country"]) == 2
                                           and row["country"].isupper()), row
        assert row["domains"].strip(), row["outlet"]  # every outlet can be found by address


def test_domains_and_names_are_unique(rows):
    domains = [d.strip() for r in rows for d in r["domains"].split(";") if d.strip()]
    assert len(domains) == len(set(domains))
    names = [r["outlet"].casefold() for r in rows]
    assert len(names) == len(set(names))


def test_at_least_sixty_outlets_of_the_region(rows):
    assert len(rows) >= 60
    countries = {r["country"] for r in rows}
    assert set(REGION) <= countries
    registry = load_registry()
    assert len(registry.outlets) == len(rows)


def test_every_seed_outlet_and_demo_publisher_resolves():
    registry = load_registry()
    table = read_sources_table(REPO_ROOT / "seeds")
    for row in table.rows if hasattr(table, "rows") else []:
        if (row.get("outlet") or "").strip() or (row.get("url") or "").strip():
            assert registry.resolve(row.get("outlet"), row.get("url")).by, row
    assert registry.resolve("Kyiv Independent").outlet == "The Kyiv Independent"
    for domain in DEMO_DOMAINS:
        assert registry.resolve("", f"https://{domain}/some/page").by == "domain", domain


def test_basis_never_claims_a_page_it_does_not_name(rows):
    for row in rows:
        basis = row["basis"].lower()
        assert "http" in basis or "general knowledge" in basis, row["outlet"]


def test_bad_registry_is_refused_with_file_line_and_problem():
    head = ",".join(COLUMNS) + "\n"
    with pytest.raises(RegistryError, match=r"x\.csv, line 2: no type"):
        parse_registry(head + "A,,a.com,AZ,,en,seen\n", "x.csv")
    with pytest.raises(RegistryError, match="line 3: domain 'a.com' is already 'A'"):
        parse_registry(head + "A,,a.com,AZ,wire,en,seen\nB,,a.com,AM,wire,en,seen\n", "x.csv")
    with pytest.raises(RegistryError, match="country 'Azerbaijan'"):
        parse_registry(head + "A,,a.com,Azerbaijan,wire,en,seen\n", "x.csv")
    with pytest.raises(RegistryError, match="header"):
        parse_registry("outlet,country\nA,AZ\n", "x.csv")


def test_cli_prints_the_registry_as_csv(capsys, rows):
    assert main(["outlets"]) == 0
    printed = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["outlet"] for r in printed] == [r["outlet"] for r in rows]
    assert printed[0]["basis"] == rows[0]["basis"]


def test_cli_names_a_bad_registry(tmp_path, capsys):
    bad = tmp_path / "outlets.csv"
    bad.write_text("nope\n", encoding="utf-8")
    assert main(["outlets", "--registry", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "outlets.csv" in err and "header" in err and str(tmp_path) not in err
