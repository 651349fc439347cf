"""Resolving an article's outlet: by address (registrable domains, offline) or by name."""

from __future__ import annotations

from dashboard.core.corpus.outlets import UNKNOWN, domain_candidates, load_registry, parse_registry

REG = parse_registry(
    "outlet,aliases,domains,country,type,language,basis\n"
    "Times of India,TOI,timesofindia.indiatimes.com,IN,private-media,en,general knowledge\n"
    "Economic Times,,economictimes.indiatimes.com,IN,private-media,en,general knowledge\n"
    "Government of Georgia,,gov.ge,GE,government,ka,general knowledge\n"
    "Azərbaycan Xəbər,Azer News Daily,azx.az,AZ,private-media,az,general knowledge\n"
    "BBC,,bbc.co.uk,GB,state-media,en,general knowledge\n")


def test_subdomains_resolve_to_their_own_outlet():
    assert REG.resolve(url="https://economictimes.indiatimes.com/news/a").outlet == "Economic Times"
    assert REG.resolve(url="http://m.timesofindia.indiatimes.com/x").outlet == "Times of India"
    assert REG.resolve(url="https://indiatimes.com/x").outlet == UNKNOWN


def test_a_parent_domain_counts_only_down_to_the_registrable_domain():
    assert REG.resolve(url="https://www.bbc.co.uk/news").outlet == "BBC"
    assert REG.resolve(url="https://gov.ge/en/news").outlet == "Government of Georgia"
    # mes.gov.ge is its own registrable domain under the gov.ge suffix: not the government site
    assert REG.resolve(url="https://mes.gov.ge/x").outlet == UNKNOWN
    assert domain_candidates("a.b.bbc.co.uk") == ["a.b.bbc.co.uk", "b.bbc.co.uk", "bbc.co.uk"]


def test_outlet_field_by_name_or_alias_ignoring_case_accents_and_article():
    assert REG.resolve("azerbaycan xeber").outlet == "Azərbaycan Xəbər"
    assert REG.resolve("AZER NEWS DAILY").by == "name"
    assert REG.resolve("The Times of India").outlet == "Times of India"


def test_address_wins_over_the_field_and_unknown_says_so():
    found = REG.resolve("Times of India", "https://economictimes.indiatimes.com/a")
    assert (found.outlet, found.by) == ("Economic Times", "domain")
    unknown = REG.resolve("Foo Daily", "https://foo.example/a")
    assert (unknown.outlet, unknown.country, unknown.type, unknown.stated) == (
        UNKNOWN, "", "unknown", "Foo Daily")
    assert REG.resolve(None, float("nan")).outlet == UNKNOWN


def test_resolution_is_offline(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert load_registry().resolve(url="https://news.cn/a").country == "CN"
