"""Node and segment specification of the five corridors (input of the geodata build).

Coordinates of nodes are *not* written here: ``scripts/build_geodata.py`` reads them,
with their quality flag and source, from ``corridor_nodes.csv`` in the geodata source
folder (``csv`` key = corridor label and node name of the CSV row).  Rows flagged
UNVERIFIED are listed in ``UNPLACED`` and never plotted.

Segment paths are lists of waypoints:

``("node", node_id)``
    a placed node of this file;
``("place", name)``
    a Natural Earth 10m populated place used as a *shaping vertex* (not a route node);
``("pt", lon, lat, basis)``
    an explicit schematic vertex with the reason it is there;
``("river", name, bank, offset_m)``
    follow the Natural Earth 10m centreline of river ``name`` between the previous and
    the next waypoint, offset ``offset_m`` metres to the ``"north"`` or ``"south"`` bank;
``("river_point", name, node_id, bank, offset_m)``
    the point of river ``name`` nearest to node ``node_id``, offset to ``bank`` (or on the
    centreline when ``bank`` is ``None``) -- e.g. a bridge or border crossing;
``("border_point", iso_a, iso_b, node_id)``
    the point of the NE 10m border between two countries nearest to node ``node_id``
    (its midpoint when ``node_id`` is ``None``);
``("coast", inland_m)``
    follow the Caspian shoreline (derived NE 10m Caspian polygon) between the previous
    and the next waypoint, ``inland_m`` metres inland;
``("along", segment_id, bank, offset_m)``
    follow the *traced* line of another segment between the previous and the next waypoint,
    offset ``offset_m`` metres to ``bank`` (e.g. the Iranian bank opposite the traced
    Nakhchivan railway, where the NE 10m Aras line is kilometres off).

A segment with a ``trace`` key (and no ``path``) is traced on public route data in the
``routes/`` source folder instead:

``{"dataset": "osm", "via": [...], "railway": ("rail",)}``
    shortest path over the OpenStreetMap railway ways of the given ``railway`` tags through
    the ``via`` stops, each ``("station", OSM station name as tagged)`` or
    ``("node", node_id)``;
``{"dataset": "gem", "project": "P0644", "country": "AZ"}``
    the national section (country polygon order along the line) of a Global Energy
    Monitor pipeline route.
"""

from __future__ import annotations

NE_PLACES = (
    "NE 10m populated places v4.0.0 (source folder: "
    "region_20E-85E_10N-60N/ne_10m_populated_places_region.geojson)"
)
NE_ARAS = "NE 10m rivers_lake_centerlines v4.0.0, feature name = 'Aras'"
TREND_TITR_DEF = "https://en.trend.az/business/transport/3886232.html"
TREND_TITR_2024 = "https://www.trend.az/business/3985660.html"
BTK_WIKI = (
    "https://encyclopedia.datana.cloud/content/wikipedia_en_all_mini_2024-04/A/"
    "Kars%E2%80%93Tbilisi%E2%80%93Baku_railway"
)
TABULA_BTK = "http://www.tabula.ge/ge/node/125979"
KHORGHAS_WIKI = "https://wiki-gateway.eudic.net/wikipedia_en/Khorghas.html"
MEMIM_DOSTYK = "https://memim.com/dostyk.html"
ASTANA_KURYK = "https://astanatimes.com/2021/08/kuryk-seaport-plans-to-increase-shipment-capacity/"
PORTNEWS_AKTAU = "https://www.en.portnews.ru/news/353983/"
TURKMEN_PORT = (
    "https://a.osmarks.net/content/wikipedia_en_all_maxi_2020-08/A/"
    "Turkmenbashi_International_Seaport"
)
ADY_ALAT = "https://ady.az/en/news/read/1082/43"
MARMARAY = "https://it.teknopedia.teknokrat.ac.id/wiki/Marmaray"
PRAVDA_INSTC = "https://news-pravda.com/world/2023/07/13/15850.html"
NAVAXITY_INSTC = "https://navaxity.com/corridor/international-north-south-transport-corridor"
EXAMPUR_INSTC = (
    "https://exampur.com/current-affairs/english/"
    "iran-starts-transfer-of-russian-goods-to-india-by-using-new-trade-corridor"
)
TRENDIR_INSTC = "https://en.trend.az/iran/business/2929313.html"
IRNA_RASHT = (
    "https://en.irna.ir/news/85756327/Russia-to-begin-studies-for-Rasht-Astara-railway-Minister"
)
TASS_RASHT = "https://tass.com/economy/1637207"
TASS_KTI = "https://tass.com/world/764933"
GLOBALHW_YALAMA = (
    "https://d10dev.globalhighways.com/wh8/news/"
    "russia-and-azerbaijan-move-closer-new-samur-river-bridge?page=5"
)
AZERNEWS_HA = "https://www.azernews.az/nation/240596.html"
REPORT_HA_69 = (
    "https://report.az/en/infrastructure/"
    "deputy-minister-horadiz-aghband-railway-on-zangazur-corridor-69-complete"
)
MENAFN_HA = (
    "https://menafn.com/1110399834/"
    "Azerbaijan-Spotlights-Completion-Timeframe-For-Its-Horadiz-Aghband-Line-To-Armenian-Border"
)
MEDIAMAX_OVERCHUK = "https://mediamax.am/en/news/region/52948/"
FED_SANOSYAN = (
    "https://fed.az/az/neqliyyat/"
    "ermenistan-zengezur-dehlizinde-demir-yolunun-berpasi-ucun-geodeziya-islerine-baslayib-126540"
)
MEGHRI_WIKI = "https://de.wikiup.org/index.php?oldid=219810551&title=Meghri"
PIA_TRIPP = "https://pia.ge/en/news/world/yerevan-and-baku-agree-to-end-hostilities"
TREND_TRIPP = "https://www.trend.az/azerbaijan/4141318.html"
MENAFN_KARS_DILUCU = (
    "https://menafn.com/1109962733/"
    "Tu%CC%88rkiye-Breaks-Ground-On-Kars-Ig%CC%86d%C4%B1r-Aral%C4%B1k-Dilucu-Railway-Line"
)
DILUCU_RU = "https://xn--h1ajim.xn--p1ai/%D0%94%D0%B8%D0%BB%D1%83%D0%B4%D0%B6%D1%83"
AZERNEWS_ARAS_MOU = "https://www.azernews.az/business/190608.html"
TREND_ARAS_BRIDGE = "https://www.trend.az/azerbaijan/politics/4102959.html"
VESTI_ARAS = "https://en.vestikavkaza.ru/material/164365"
PRESSTV_ARAS = (
    "https://presstv.ir/Detail/2022/03/12/678446/Iran-Azerbaijan-corridor-Nakhchivan-MoU-signing"
)
BP_AZ = "https://www.bp.com/en_az/azerbaijan/home/who-we-are/operationsprojects/pipelines/btc.html"
BP_GE = "https://bp.com/en_ge/georgia/home/who-we-are/btc.html"
BTC_WIKI = "https://wiki-gateway.eudic.net/wikipedia_en/Baku-Tbilisi-Ceyhan_oil_pipeline.html"

MC = "Middle Corridor (TITR)"
IN = "INSTC"
ZG = "Zangezur corridor"
AR = "Aras corridor (via Iran)"
BT = "BTC"

# Nodes: node_id -> spec.  ``country`` is the ISO2 code the node is declared in;
# ``tolerance_m`` (optional) allows the point to lie that far outside its country
# polygon (coastal / water facilities whose source point falls in the water).
NODES: dict[str, dict] = {
    # --- Middle Corridor -------------------------------------------------------------
    "mc_dostyk": {
        "corridor": "middle_corridor",
        "csv": (MC, "Dostyk / Alashankou"),
        "role": "border_crossing",
        "name": "Dostyk / Alashankou",
        "aliases": ["Dostyk", "Alashankou"],
        "country": "KZ",
    },
    "mc_khorgos": {
        "corridor": "middle_corridor",
        "csv": (MC, "Khorgos / Altynkol (KTZE-Khorgos Gateway dry port)"),
        "role": "border_crossing",
        "name": "Khorgos / Altynkol",
        "aliases": ["Khorgos", "Khorghas", "Altynkol", "Khorgos Gateway"],
        "country": "CN",
        "notes": "Point is the Chinese city of Khorgos (source); the Kazakh "
        "Altynkol station and dry port are nearby but their coordinates are "
        "UNVERIFIED, hence declared country CN.",
    },
    "mc_almaty": {
        "corridor": "middle_corridor",
        "csv": (MC, "Almaty (reference)"),
        "role": "city",
        "name": "Almaty",
        "aliases": [],
        "country": "KZ",
    },
    "mc_aktau": {
        "corridor": "middle_corridor",
        "csv": (MC, "Aktau port"),
        "role": "port",
        "name": "Aktau port",
        "aliases": ["Aktau"],
        "country": "KZ",
    },
    "mc_kuryk": {
        "corridor": "middle_corridor",
        "csv": (MC, "Kuryk port (ferry complex)"),
        "role": "port",
        "name": "Kuryk port",
        "aliases": ["Kuryk"],
        "country": "KZ",
    },
    "mc_turkmenbashi": {
        "corridor": "middle_corridor",
        "csv": (MC, "Turkmenbashi International Seaport"),
        "role": "port",
        "name": "Turkmenbashi International Seaport",
        "aliases": ["Turkmenbashi"],
        "country": "TM",
    },
    "mc_alat": {
        "corridor": "middle_corridor",
        "csv": (MC, "Port of Baku (Alat)"),
        "role": "port",
        "name": "Port of Baku (Alat)",
        "aliases": ["Port of Baku", "Baku International Sea Trade Port", "Alat"],
        "country": "AZ",
    },
    "mc_baku": {
        "corridor": "middle_corridor",
        "csv": (MC, "Baku (BTK eastern terminus)"),
        "role": "terminal",
        "name": "Baku",
        "aliases": [],
        "country": "AZ",
    },
    "mc_tbilisi": {
        "corridor": "middle_corridor",
        "csv": (MC, "Tbilisi"),
        "role": "city",
        "name": "Tbilisi",
        "aliases": [],
        "country": "GE",
    },
    "mc_akhalkalaki": {
        "corridor": "middle_corridor",
        "csv": (MC, "Akhalkalaki"),
        "role": "junction",
        "name": "Akhalkalaki (break of gauge)",
        "aliases": ["Akhalkalaki"],
        "country": "GE",
    },
    "mc_kartsakhi": {
        "corridor": "middle_corridor",
        "csv": (MC, "Kartsakhi"),
        "role": "border_crossing",
        "name": "Kartsakhi",
        "aliases": ["Karzakh"],
        "country": "GE",
    },
    "mc_kars": {
        "corridor": "middle_corridor",
        "csv": (MC, "Kars"),
        "role": "terminal",
        "name": "Kars",
        "aliases": [],
        "country": "TR",
    },
    "mc_poti": {
        "corridor": "middle_corridor",
        "csv": (MC, "Poti port"),
        "role": "port",
        "name": "Poti port",
        "aliases": ["Poti"],
        "country": "GE",
        "tolerance_m": 1000,
        "tolerance_reason": "NE port point lies ~0.6 km offshore of the NE 10m "
        "Georgian coastline (harbour basin).",
    },
    "mc_batumi": {
        "corridor": "middle_corridor",
        "csv": (MC, "Batumi port"),
        "role": "port",
        "name": "Batumi port",
        "aliases": ["Batumi"],
        "country": "GE",
        "tolerance_m": 1000,
        "tolerance_reason": "NE port point at the harbour; allowed 1 km offshore.",
    },
    "mc_anaklia": {
        "corridor": "middle_corridor",
        "csv": (MC, "Anaklia (planned deep-sea port)"),
        "role": "port",
        "name": "Anaklia deep-sea port (planned)",
        "aliases": ["Anaklia"],
        "country": "GE",
        "notes": "Planned port; construction launched 22 Oct 2024, first vessel "
        "targeted by 2029 (https://jam-news.net/anaklia-port-project-story). "
        "Point is Anaklia village.",
    },
    "mc_istanbul": {
        "corridor": "middle_corridor",
        "csv": (MC, "Istanbul / Marmaray Bosphorus tunnel"),
        "role": "junction",
        "name": "Istanbul / Marmaray Bosphorus tunnel",
        "aliases": ["Marmaray", "Istanbul"],
        "country": "TR",
        "tolerance_m": 1500,
        "tolerance_reason": "The tunnel point lies under the Bosphorus strait, "
        "~0.7 km from the NE 10m Turkish land polygon.",
    },
    # --- INSTC ----------------------------------------------------------------------
    "instc_moscow": {
        "corridor": "instc",
        "csv": (IN, "Moscow"),
        "role": "city",
        "name": "Moscow",
        "aliases": [],
        "country": "RU",
    },
    "instc_astrakhan": {
        "corridor": "instc",
        "csv": (IN, "Astrakhan"),
        "role": "port",
        "name": "Astrakhan",
        "aliases": [],
        "country": "RU",
    },
    "instc_olya": {
        "corridor": "instc",
        "csv": (IN, "Olya port"),
        "role": "port",
        "name": "Olya port",
        "aliases": ["Olya"],
        "country": "RU",
    },
    "instc_makhachkala": {
        "corridor": "instc",
        "csv": (IN, "Makhachkala"),
        "role": "port",
        "name": "Makhachkala",
        "aliases": [],
        "country": "RU",
    },
    "instc_derbent": {
        "corridor": "instc",
        "csv": (IN, "Derbent"),
        "role": "city",
        "name": "Derbent",
        "aliases": [],
        "country": "RU",
    },
    "instc_yalama": {
        "corridor": "instc",
        "csv": (IN, "Yalama (rail border crossing)"),
        "role": "border_crossing",
        "name": "Yalama (rail border crossing)",
        "aliases": ["Yalama"],
        "country": "AZ",
    },
    "instc_baku": {
        "corridor": "instc",
        "csv": (IN, "Baku"),
        "role": "city",
        "name": "Baku",
        "aliases": [],
        "country": "AZ",
    },
    "instc_astara_az": {
        "corridor": "instc",
        "csv": (IN, "Astara (Azerbaijan)"),
        "role": "border_crossing",
        "name": "Astara (Azerbaijan)",
        "aliases": ["Astara"],
        "country": "AZ",
        "tolerance_m": 1000,
        "tolerance_reason": "Town coordinate (arc-second precision) falls "
        "~0.5 km into the Caspian beyond the NE 10m coastline; not moved.",
    },
    "instc_astara_ir": {
        "corridor": "instc",
        "csv": (IN, "Astara (Iran)"),
        "role": "border_crossing",
        "name": "Astara (Iran)",
        "aliases": ["Astara"],
        "country": "IR",
    },
    "instc_rasht": {
        "corridor": "instc",
        "csv": (IN, "Rasht"),
        "role": "city",
        "name": "Rasht",
        "aliases": [],
        "country": "IR",
    },
    "instc_qazvin": {
        "corridor": "instc",
        "csv": (IN, "Qazvin"),
        "role": "junction",
        "name": "Qazvin",
        "aliases": [],
        "country": "IR",
    },
    "instc_tehran": {
        "corridor": "instc",
        "csv": (IN, "Tehran"),
        "role": "city",
        "name": "Tehran",
        "aliases": [],
        "country": "IR",
    },
    "instc_aktau": {
        "corridor": "instc",
        "csv": (MC, "Aktau port"),
        "role": "port",
        "name": "Aktau port",
        "aliases": ["Aktau"],
        "country": "KZ",
        "notes": "Eastern/trans-Caspian link of the INSTC (source facts refer to "
        "the Middle Corridor row for its coordinates).",
    },
    "instc_bandar_abbas": {
        "corridor": "instc",
        "csv": (IN, "Bandar Abbas"),
        "role": "port",
        "name": "Bandar Abbas",
        "aliases": ["Shahid Rajaee port"],
        "country": "IR",
        "tolerance_m": 3500,
        "tolerance_reason": "NE port point lies ~3 km offshore in the "
        "harbour/approach, outside the NE 10m Iranian coastline.",
    },
    "instc_jnpt": {
        "corridor": "instc",
        "csv": (IN, "Mumbai / Nhava Sheva (JNPT)"),
        "role": "port",
        "name": "Mumbai / Nhava Sheva (JNPT)",
        "aliases": ["Nhava Sheva", "JNPT", "Jawaharlal Nehru Port"],
        "country": "IN",
        "tolerance_m": 1500,
        "tolerance_reason": "NE port point lies ~0.8 km into the harbour water.",
    },
    "instc_anzali": {
        "corridor": "instc",
        "csv": (IN, "Bandar Anzali"),
        "role": "port",
        "name": "Bandar Anzali",
        "aliases": ["Anzali", "Enzeli"],
        "country": "IR",
    },
    "instc_gorgan": {
        "corridor": "instc",
        "csv": (IN, "Gorgan"),
        "role": "terminal",
        "name": "Gorgan",
        "aliases": [],
        "country": "IR",
    },
    # --- Zangezur -------------------------------------------------------------------
    "zg_horadiz": {
        "corridor": "zangezur",
        "csv": (ZG, "Horadiz"),
        "role": "terminal",
        "name": "Horadiz",
        "aliases": ["Horadiz"],
        "country": "AZ",
    },
    "zg_aghband": {
        "corridor": "zangezur",
        "csv": (ZG, "Aghband"),
        "role": "border_crossing",
        "name": "Aghband",
        "aliases": ["Agbend", "Aghbend"],
        "country": "AZ",
    },
    "zg_meghri": {
        "corridor": "zangezur",
        "csv": (ZG, "Meghri"),
        "role": "city",
        "name": "Meghri",
        "aliases": [],
        "country": "AM",
    },
    "zg_ordubad": {
        "corridor": "zangezur",
        "csv": (ZG, "Ordubad"),
        "role": "city",
        "name": "Ordubad",
        "aliases": [],
        "country": "AZ",
    },
    "zg_julfa": {
        "corridor": "zangezur",
        "csv": (ZG, "Julfa (Culfa, Azerbaijan)"),
        "role": "junction",
        "name": "Julfa (Culfa)",
        "aliases": ["Culfa", "Julfa"],
        "country": "AZ",
    },
    "zg_nakhchivan": {
        "corridor": "zangezur",
        "csv": (ZG, "Nakhchivan city"),
        "role": "city",
        "name": "Nakhchivan",
        "aliases": ["Naxcivan"],
        "country": "AZ",
    },
    "zg_sadarak": {
        "corridor": "zangezur",
        "csv": (ZG, "Sadarak (Umid bridge / Dilucu crossing)"),
        "role": "border_crossing",
        "name": "Sadarak (rayon centre point)",
        "aliases": ["Sadarak", "Umid bridge"],
        "country": "AZ",
        "notes": "Point is the Sadarak rayon centroid, not the crossing itself.",
    },
    "zg_igdir": {
        "corridor": "zangezur",
        "csv": (ZG, "Iğdır"),
        "role": "city",
        "name": "Iğdır",
        "aliases": ["Igdir"],
        "country": "TR",
    },
    "zg_kars": {
        "corridor": "zangezur",
        "csv": (ZG, "Kars"),
        "role": "junction",
        "name": "Kars",
        "aliases": [],
        "country": "TR",
    },
    # --- Aras -----------------------------------------------------------------------
    "ar_aghband_bridge": {
        "corridor": "aras",
        "csv": (AR, "Aghband-Kalaleh road bridge (Azerbaijani bank)"),
        "role": "bridge",
        "name": "Aghband–Kalaleh bridge (Azerbaijani end)",
        "aliases": ["Aghband", "Kalaleh bridge", "Kelaleh"],
        "country": "AZ",
        "notes": "Point is Aghband settlement; the bridge point itself is UNVERIFIED.",
    },
    "ar_jolfa": {
        "corridor": "aras",
        "csv": (AR, "Jolfa (Iran)"),
        "role": "border_crossing",
        "name": "Jolfa (Iran)",
        "aliases": ["Jolfa"],
        "country": "IR",
    },
    "ar_julfa": {
        "corridor": "aras",
        "csv": (ZG, "Julfa (Culfa, Azerbaijan)"),
        "role": "border_crossing",
        "name": "Julfa (Culfa, Azerbaijan)",
        "aliases": ["Culfa", "Julfa"],
        "country": "AZ",
    },
    "ar_nakhchivan": {
        "corridor": "aras",
        "csv": (ZG, "Nakhchivan city"),
        "role": "city",
        "name": "Nakhchivan",
        "aliases": ["Naxcivan"],
        "country": "AZ",
    },
    # --- BTC ------------------------------------------------------------------------
    "btc_sangachal": {
        "corridor": "btc",
        "csv": (BT, "Sangachal Terminal (PSA1, head pump station)"),
        "role": "terminal",
        "name": "Sangachal Terminal (PSA1)",
        "aliases": ["Sangachal", "PSA1"],
        "country": "AZ",
    },
    "btc_psa2": {
        "corridor": "btc",
        "csv": (BT, "PSA2 pump station (Yevlakh)"),
        "role": "pump_station",
        "name": "PSA2 pump station (Yevlakh, town point)",
        "aliases": ["PSA2", "Yevlakh"],
        "country": "AZ",
    },
    "btc_psg1": {
        "corridor": "btc",
        "csv": (BT, "PSG1 pump station (Gardabani district)"),
        "role": "pump_station",
        "name": "PSG1 pump station (Gardabani, town point)",
        "aliases": ["PSG1", "Gardabani"],
        "country": "GE",
    },
    "btc_tbilisi": {
        "corridor": "btc",
        "csv": (BT, "Tbilisi (route reference)"),
        "role": "city",
        "name": "Tbilisi (route reference)",
        "aliases": [],
        "country": "GE",
        "notes": "City reference only: the pipeline passes south of the city, the "
        "line does not run through this point.",
    },
    "btc_erzurum": {
        "corridor": "btc",
        "csv": (BT, "Erzurum (route reference)"),
        "role": "city",
        "name": "Erzurum (route reference)",
        "aliases": [],
        "country": "TR",
    },
    "btc_ceyhan": {
        "corridor": "btc",
        "csv": (BT, "Ceyhan Marine Terminal (Haydar Aliyev terminal)"),
        "role": "terminal",
        "name": "Ceyhan Marine Terminal (Ceyhan town point)",
        "aliases": ["Ceyhan", "Haydar Aliyev terminal"],
        "country": "TR",
    },
}

# CSV rows that are not plotted (no verified coordinate), with the reason.
UNPLACED: list[dict] = [
    {
        "corridor": "middle_corridor",
        "csv": (MC, "Marabda"),
        "why": "BTK junction; coordinates UNVERIFIED in the source facts.",
    },
    {
        "corridor": "instc",
        "csv": (IN, "Samur / Yarag-Kazmalar (road border crossing, Samur bridge)"),
        "why": "Road crossing; coordinates UNVERIFIED. The rail crossing (Yalama) is placed.",
    },
    {
        "corridor": "instc",
        "csv": (IN, "Amirabad port"),
        "why": "Only 'about 34 km northeast of Sari' is known; UNVERIFIED.",
    },
    {
        "corridor": "instc",
        "csv": (IN, "Uzen (Zhanaozen)"),
        "why": "Start of the KTI railway; coordinates UNVERIFIED.",
    },
    {
        "corridor": "instc",
        "csv": (IN, "Bereket / Etrek / Akyayla"),
        "why": "Stations of the eastern route in Turkmenistan; coordinates UNVERIFIED.",
    },
    {
        "corridor": "zangezur",
        "csv": (ZG, "Dilucu (Türkiye border gate)"),
        "why": "Turkish border gate opposite Sadarak; coordinates UNVERIFIED.",
    },
    {
        "corridor": "aras",
        "csv": (AR, "Kalaleh (Kelaleh), East Azerbaijan prov., Iran"),
        "why": "Iranian end of the Aghband bridge; coordinates UNVERIFIED.",
    },
    {
        "corridor": "btc",
        "csv": (BT, "PSG2 pump station (Tsalka area)"),
        "why": "Location not found in the searched sources (Tsalka commonly named, unverified).",
    },
    {
        "corridor": "btc",
        "csv": (BT, "PT1-PT4 pump stations (Türkiye)"),
        "why": "Only the count (4 in Türkiye) is verified; individual locations are not.",
    },
    {
        "corridor": "btc",
        "csv": (BT, "Sarız (route reference)"),
        "why": "Routing reference only; coordinates UNVERIFIED.",
    },
]

SCHEMATIC = (
    "Schematic: only the end nodes are sourced; the line does not follow a surveyed alignment."
)
SHAPING = "Intermediate vertices are NE 10m populated places used only to keep the line on "
KAZ_TRUNK = (
    "Kazakh section of the Middle Corridor; TITR trains use several alternative Kazakh rail "
    "routes, none of which is in the sourced facts."
)
SEA_NOTE = (
    "Sea leg drawn as a gentle line through open water between the port points; vertices "
    "are schematic open-water points checked against the NE 10m land/Caspian polygons."
)
ARAS_NORTH = (
    f"Vertices from the {NE_ARAS} centreline, simplified and offset to the north "
    "(Azerbaijani/Armenian) bank; approximate, not the surveyed railway alignment."
)
ARAS_SOUTH = (
    f"Vertices from the {NE_ARAS} centreline, simplified and offset to the south "
    "(Iranian/Turkish) bank; approximate, not a surveyed alignment."
)

OSM_TRACED = (
    "Traced: OpenStreetMap railway ways (ODbL, (c) OpenStreetMap contributors) merged into one "
    "line along the shortest path over the way graph between the named OSM stations; way ids "
    "in geometry_source."
)
GEM_TRACED = (
    "Traced: Global Energy Monitor's BTC route (GOIT, P0644, RouteAccuracy high, updated "
    "2025-01-16), cut at the last exit of each NE 10m country polygon. A generalised trace is "
    "shorter than the pipe (1,654 km drawn against 1,768 km published)."
)
GEM_BTC_WIKI = "https://www.gem.wiki/Baku-Tbilisi-Ceyhan_Pipeline"
BAKU_STN = "Baku Central Railway Station"
BOYUK_KESIK = "Böyük Kəsik Stansiyası"
ORDUBAD_STN_ID = 3082835805
# Offsets from the NE 10m Aras centreline: large enough that the Zangezur line (Armenian /
# Azerbaijani bank) and the Aras line (Iranian bank) are apart by several pixels at zoom 8.
ARAS_BANK_M = 1500
ARAS_IRAN_BANK_M = 3000

SEGMENTS: list[dict] = [
    # ============================ Middle Corridor ====================================
    {
        "corridor": "middle_corridor",
        "segment_id": "mc_dostyk_almaty",
        "name": "Dostyk – Almaty (rail)",
        "mode": "rail",
        "status": "operating",
        "countries": ["KZ"],
        "path": [
            ("node", "mc_dostyk"),
            ("pt", 81.0, 45.95, "schematic, north-west of Dostyk (Alakol depression)"),
            ("place", "Ushtobe"),
            ("node", "mc_almaty"),
        ],
        "sources": [MEMIM_DOSTYK, TREND_TITR_DEF],
        "notes": f"{SCHEMATIC} {SHAPING}Kazakh territory (Ushtobe). "
        "Dostyk-Alashankou link opened 20 Jul 1991.",
    },
    {
        "corridor": "middle_corridor",
        "segment_id": "mc_khorgos_almaty",
        "name": "Khorgos / Altynkol – Almaty (rail)",
        "mode": "rail",
        "status": "operating",
        "countries": ["CN", "KZ"],
        "path": [("node", "mc_khorgos"), ("place", "Zharkent"), ("node", "mc_almaty")],
        "sources": [KHORGHAS_WIKI, TREND_TITR_DEF],
        "notes": f"{SCHEMATIC} {SHAPING}Kazakh territory (Zharkent). Zhetygen–Altynkol line "
        "(293 km) completed 2011, crossing opened Dec 2013.",
    },
    {
        "corridor": "middle_corridor",
        "segment_id": "mc_almaty_aktau",
        "name": "Almaty – Aktau (Kazakh rail, schematic)",
        "mode": "rail",
        "status": "operating",
        "countries": ["KZ"],
        "path": [
            ("node", "mc_almaty"),
            ("place", "Shu"),
            ("place", "Qyzylorda"),
            ("place", "Aral"),
            ("place", "Beyneu"),
            ("node", "mc_aktau"),
        ],
        "sources": [TREND_TITR_DEF, PORTNEWS_AKTAU],
        "notes": f"{SCHEMATIC} {SHAPING}Kazakh territory (Shu, Qyzylorda, Aral, Beyneu). "
        f"{KAZ_TRUNK}",
    },
    {
        "corridor": "middle_corridor",
        "segment_id": "mc_aktau_kuryk",
        "name": "Aktau – Kuryk (land link, schematic)",
        "mode": "rail",
        "status": "operating",
        "countries": ["KZ"],
        "path": [("node", "mc_aktau"), ("node", "mc_kuryk")],
        "sources": [ASTANA_KURYK],
        "notes": f"{SCHEMATIC} Joins the two Kazakh ferry ports; Kuryk lies south of Aktau.",
    },
    {
        "corridor": "middle_corridor",
        "segment_id": "mc_aktau_alat_ferry",
        "name": "Aktau – Port of Baku (Alat) ferry",
        "mode": "sea",
        "status": "operating",
        "countries": ["KZ", "AZ"],
        "path": [
            ("node", "mc_aktau"),
            ("pt", 51.0, 43.5, "open water off Aktau"),
            ("pt", 50.9, 41.0, "open water, mid-Caspian"),
            ("pt", 50.65, 40.1, "open water east of the Absheron peninsula"),
            ("pt", 49.75, 39.9, "open water off Alat"),
            ("node", "mc_alat"),
        ],
        "sources": [PORTNEWS_AKTAU, ADY_ALAT, TREND_TITR_DEF],
        "notes": SEA_NOTE,
    },
    {
        "corridor": "middle_corridor",
        "segment_id": "mc_kuryk_alat_ferry",
        "name": "Kuryk – Port of Baku (Alat) ferry",
        "mode": "sea",
        "status": "operating",
        "countries": ["KZ", "AZ"],
        "path": [
            ("node", "mc_kuryk"),
            ("pt", 51.45, 43.05, "open water off Kuryk"),
            ("pt", 50.95, 41.0, "open water, mid-Caspian"),
            ("pt", 50.6, 40.15, "open water east of the Absheron peninsula"),
            ("pt", 49.75, 39.85, "open water off Alat"),
            ("node", "mc_alat"),
        ],
        "sources": [ASTANA_KURYK, TREND_TITR_2024],
        "notes": f"{SEA_NOTE} Only Azerbaijani ferries served Kuryk–Alat in Dec 2024.",
    },
    {
        "corridor": "middle_corridor",
        "segment_id": "mc_turkmenbashi_alat_ferry",
        "name": "Turkmenbashi – Port of Baku (Alat) ferry",
        "mode": "sea",
        "status": "operating",
        "countries": ["TM", "AZ"],
        "path": [
            ("node", "mc_turkmenbashi"),
            ("pt", 52.75, 40.0, "Turkmenbashi bay"),
            ("pt", 52.3, 39.95, "open water west of the Krasnovodsk spit"),
            ("pt", 49.75, 39.8, "open water off Alat"),
            ("node", "mc_alat"),
        ],
        "sources": [TURKMEN_PORT, ADY_ALAT],
        "notes": SEA_NOTE,
    },
    {
        "corridor": "middle_corridor",
        "segment_id": "mc_alat_baku",
        "name": "Port of Baku (Alat) – Baku (rail)",
        "mode": "rail",
        "status": "operating",
        "countries": ["AZ"],
        "trace": {"dataset": "osm", "via": [("station", "Yeni Ələt"), ("station", BAKU_STN)]},
        "sources": [ADY_ALAT],
        "notes": f"{OSM_TRACED} From Yeni Ələt station (Alat) to Baku Central station.",
    },
    {
        "corridor": "middle_corridor",
        "segment_id": "mc_alat_tbilisi",
        "name": "Alat – Ganja – Böyük Kəsik – Tbilisi (Baku–Tbilisi–Kars railway, Azerbaijani and "
        "Georgian part)",
        "mode": "rail",
        "status": "operating",
        "countries": ["AZ", "GE"],
        "trace": {
            "dataset": "osm",
            "via": [
                ("station", "Yeni Ələt"),
                ("station", BOYUK_KESIK),
                ("station", "Tbilisi-Cargo"),
            ],
        },
        "sources": [BTK_WIKI, TREND_TITR_DEF],
        "notes": f"{OSM_TRACED} From Yeni Ələt station via the Böyük Kəsik border station to "
        "Tbilisi-Cargo station. BTK railway: 826 km in total, opened 30 Oct 2017.",
    },
    {
        "corridor": "middle_corridor",
        "segment_id": "mc_tbilisi_akhalkalaki",
        "name": "Tbilisi – Marabda – Akhalkalaki (BTK)",
        "mode": "rail",
        "status": "operating",
        "countries": ["GE"],
        "path": [("node", "mc_tbilisi"), ("node", "mc_akhalkalaki")],
        "sources": [BTK_WIKI, TABULA_BTK],
        "notes": f"{SCHEMATIC} Marabda junction not placed (coordinates UNVERIFIED). "
        "254 km of BTK route in Georgia, mostly rehabilitated.",
    },
    {
        "corridor": "middle_corridor",
        "segment_id": "mc_akhalkalaki_kars",
        "name": "Akhalkalaki – Kartsakhi – Kars (BTK new line)",
        "mode": "rail",
        "status": "operating",
        "countries": ["GE", "TR"],
        "path": [("node", "mc_akhalkalaki"), ("node", "mc_kartsakhi"), ("node", "mc_kars")],
        "sources": [BTK_WIKI, TABULA_BTK],
        "notes": f"{SCHEMATIC} 29 km of new track Akhalkalaki–Turkish border; Kars = km 0, "
        "border km 76, Akhalkalaki km 105. Break of gauge at Akhalkalaki.",
    },
    {
        "corridor": "middle_corridor",
        "segment_id": "mc_tbilisi_poti",
        "name": "Tbilisi – Poti (rail to the Black Sea)",
        "mode": "rail",
        "status": "operating",
        "countries": ["GE"],
        "path": [("node", "mc_tbilisi"), ("place", "Kutaisi"), ("node", "mc_poti")],
        "sources": [TREND_TITR_DEF],
        "notes": f"{SCHEMATIC} {SHAPING}Georgian territory (Kutaisi).",
    },
    {
        "corridor": "middle_corridor",
        "segment_id": "mc_kutaisi_batumi",
        "name": "Kutaisi area – Batumi (rail to the Black Sea)",
        "mode": "rail",
        "status": "operating",
        "countries": ["GE"],
        "path": [("place", "Kutaisi"), ("node", "mc_batumi")],
        "sources": [TREND_TITR_DEF],
        "notes": f"{SCHEMATIC} Branch from the Tbilisi–Poti line (junction not placed).",
    },
    {
        "corridor": "middle_corridor",
        "segment_id": "mc_kars_istanbul",
        "name": "Kars – Erzurum – Ankara – Istanbul (Marmaray) rail to Europe",
        "mode": "rail",
        "status": "operating",
        "countries": ["TR"],
        "path": [
            ("node", "mc_kars"),
            ("place", "Erzurum"),
            ("place", "Erzincan"),
            ("place", "Sivas"),
            ("place", "Ankara"),
            ("place", "Eskişehir"),
            ("place", "Bilecik"),
            ("place", "Sakarya"),
            ("pt", 29.92, 40.765, "schematic, İzmit (north shore of the Gulf of İzmit)"),
            ("pt", 29.45, 40.81, "schematic, Gebze area, on land north of the gulf"),
            ("pt", 29.28, 40.9, "schematic, Asian shore of the Marmara, on land"),
            ("pt", 29.15, 40.96, "schematic, Asian shore of the Marmara, on land"),
            ("pt", 29.06, 41.02, "schematic, Üsküdar side of the Bosphorus"),
            ("node", "mc_istanbul"),
        ],
        "sources": [TREND_TITR_DEF, MARMARAY],
        "notes": f"{SCHEMATIC} {SHAPING}Turkish territory (Erzurum, Erzincan, Sivas, Ankara, "
        "Eskişehir, Bilecik, Sakarya), then schematic vertices on land round the Gulf of "
        "İzmit and the Marmara shore (no rail over the sea). Marmaray Bosphorus tunnel opened "
        "29 Oct 2013.",
    },
    # ================================= INSTC ========================================
    {
        "corridor": "instc",
        "segment_id": "instc_moscow_astrakhan",
        "name": "Moscow – Astrakhan (rail)",
        "mode": "rail",
        "status": "operating",
        "countries": ["RU"],
        "path": [
            ("node", "instc_moscow"),
            ("place", "Saratov"),
            ("place", "Volgograd"),
            ("node", "instc_astrakhan"),
        ],
        "sources": [PRAVDA_INSTC, NAVAXITY_INSTC],
        "notes": f"{SCHEMATIC} {SHAPING}the Volga (Saratov, Volgograd). Northern feeder of the "
        "western and trans-Caspian routes.",
    },
    {
        "corridor": "instc",
        "segment_id": "instc_astrakhan_makhachkala",
        "name": "Astrakhan – Makhachkala (western route, rail)",
        "mode": "rail",
        "status": "operating",
        "countries": ["RU"],
        "path": [
            ("node", "instc_astrakhan"),
            ("pt", 47.6, 46.05, "schematic, inland west of the Volga delta channels"),
            ("pt", 46.95, 45.5, "schematic, Kalmyk steppe, inland"),
            ("pt", 46.6, 44.45, "schematic, inland west of the Kizlyar bay coast"),
            ("pt", 46.7, 43.85, "schematic, inland south of the Kizlyar bay"),
            ("pt", 46.95, 43.35, "schematic, inland north-west of Makhachkala"),
            ("node", "instc_makhachkala"),
        ],
        "sources": [PRAVDA_INSTC],
        "notes": f"{SCHEMATIC} Schematic inland vertices keep the line west of the Caspian coast "
        "and the Kizlyar bay (no rail over the sea).",
    },
    {
        "corridor": "instc",
        "segment_id": "instc_makhachkala_yalama",
        "name": "Makhachkala – Derbent – Yalama (coastal rail)",
        "mode": "rail",
        "status": "operating",
        "countries": ["RU", "AZ"],
        "path": [
            ("node", "instc_makhachkala"),
            ("coast", 3000),
            ("node", "instc_derbent"),
            ("coast", 3000),
            ("node", "instc_yalama"),
        ],
        "sources": [PRAVDA_INSTC, GLOBALHW_YALAMA],
        "notes": "Vertices from the NE 10m Caspian shoreline (derived Caspian polygon) offset "
        "3 km inland: the railway runs along the coastal plain. Approximate.",
    },
    {
        "corridor": "instc",
        "segment_id": "instc_yalama_baku",
        "name": "Yalama – Baku (coastal rail)",
        "mode": "rail",
        "status": "operating",
        "countries": ["AZ"],
        "trace": {"dataset": "osm", "via": [("station", "Yalama"), ("station", BAKU_STN)]},
        "sources": [PRAVDA_INSTC],
        "notes": f"{OSM_TRACED} From Yalama station to Baku Central station.",
    },
    {
        "corridor": "instc",
        "segment_id": "instc_baku_astara",
        "name": "Baku – Alat – Astara (coastal rail)",
        "mode": "rail",
        "status": "operating",
        "countries": ["AZ"],
        "trace": {
            "dataset": "osm",
            "via": [("station", BAKU_STN), ("station", "Lənkəran"), ("station", "Astara")],
        },
        "sources": [PRAVDA_INSTC, TRENDIR_INSTC],
        "notes": f"{OSM_TRACED} From Baku Central station via Lənkəran to Astara station.",
    },
    {
        "corridor": "instc",
        "segment_id": "instc_astara_border",
        "name": "Astara (AZ) – Astara (IR) border crossing",
        "mode": "rail",
        "status": "operating",
        "countries": ["AZ", "IR"],
        "path": [("node", "instc_astara_az"), ("node", "instc_astara_ir")],
        "sources": [IRNA_RASHT, PRAVDA_INSTC],
        "notes": "Straight link between the two town points (about 3 km).",
    },
    {
        "corridor": "instc",
        "segment_id": "instc_astara_rasht_gap",
        "name": "Astara – Rasht railway (missing link, 162 km)",
        "mode": "rail",
        "status": "planned",
        "countries": ["IR"],
        "path": [("node", "instc_astara_ir"), ("coast", 5000), ("node", "instc_rasht")],
        "sources": [IRNA_RASHT, TASS_RASHT],
        "notes": "Planned railway: Russia–Iran agreement of 17 May 2023, EUR 1.3 bn Russian loan, "
        "completion target 2028; road traffic meanwhile. Drawn from the NE 10m Caspian "
        "shoreline offset 5 km inland (coastal plain of Gilan); approximate.",
    },
    {
        "corridor": "instc",
        "segment_id": "instc_rasht_qazvin",
        "name": "Rasht – Qazvin (rail)",
        "mode": "rail",
        "status": "operating",
        "countries": ["IR"],
        "path": [
            ("node", "instc_rasht"),
            ("pt", 49.55, 36.85, "Sefid Rud valley (NE 10m river Sefid)"),
            ("node", "instc_qazvin"),
        ],
        "sources": [PRAVDA_INSTC],
        "notes": f"{SCHEMATIC} One vertex in the Sefid Rud valley (NE 10m river line) through "
        "the Alborz.",
    },
    {
        "corridor": "instc",
        "segment_id": "instc_qazvin_bandar_abbas",
        "name": "Qazvin – Tehran – Bandar Abbas (rail)",
        "mode": "rail",
        "status": "operating",
        "countries": ["IR"],
        "path": [
            ("node", "instc_qazvin"),
            ("node", "instc_tehran"),
            ("place", "Qom"),
            ("place", "Kashan"),
            ("place", "Yazd"),
            ("place", "Sirjan"),
            ("node", "instc_bandar_abbas"),
        ],
        "sources": [PRAVDA_INSTC, NAVAXITY_INSTC],
        "notes": f"{SCHEMATIC} {SHAPING}the Iranian plateau (Qom, Kashan, Yazd, Sirjan).",
    },
    {
        "corridor": "instc",
        "segment_id": "instc_bandar_abbas_jnpt",
        "name": "Bandar Abbas – Mumbai / Nhava Sheva (sea)",
        "mode": "sea",
        "status": "operating",
        "countries": ["IR", "IN"],
        "path": [
            ("node", "instc_bandar_abbas"),
            ("pt", 56.42, 26.95, "channel between Hormuz and Larak islands"),
            ("pt", 56.55, 26.75, "east of Larak island"),
            ("pt", 56.7, 26.4, "Strait of Hormuz"),
            ("pt", 57.6, 25.3, "Gulf of Oman"),
            ("pt", 61.5, 23.6, "Arabian Sea"),
            ("pt", 68.0, 20.8, "Arabian Sea"),
            ("pt", 72.6, 18.95, "off Mumbai harbour"),
            ("node", "instc_jnpt"),
        ],
        "sources": [EXAMPUR_INSTC, TRENDIR_INSTC],
        "notes": SEA_NOTE,
    },
    {
        "corridor": "instc",
        "segment_id": "instc_astrakhan_anzali",
        "name": "Astrakhan – Bandar Anzali (trans-Caspian route)",
        "mode": "sea",
        "status": "operating",
        "countries": ["RU", "IR"],
        "path": [
            ("node", "instc_astrakhan"),
            ("pt", 47.85, 45.75, "Volga delta channel"),
            ("pt", 48.1, 45.2, "open water off the Volga delta"),
            ("pt", 49.6, 42.5, "open water, mid-Caspian"),
            ("pt", 50.7, 41.0, "open water east of the Absheron peninsula"),
            ("pt", 50.3, 39.3, "open water, southern Caspian"),
            ("pt", 49.45, 37.6, "open water off Anzali"),
            ("node", "instc_anzali"),
        ],
        "sources": [PRAVDA_INSTC, EXAMPUR_INSTC],
        "on_land_allowance_km": 80,
        "notes": f"{SEA_NOTE} The first ~70 km run down the Volga delta (inland waterway); "
        "validate allows that part on land.",
    },
    {
        "corridor": "instc",
        "segment_id": "instc_olya_anzali",
        "name": "Olya – Bandar Anzali (trans-Caspian route)",
        "mode": "sea",
        "status": "operating",
        "countries": ["RU", "IR"],
        "path": [
            ("node", "instc_olya"),
            ("pt", 47.8, 45.3, "open water off the Volga delta"),
            ("pt", 49.5, 42.5, "open water, mid-Caspian"),
            ("pt", 50.65, 41.0, "open water east of the Absheron peninsula"),
            ("pt", 50.2, 39.3, "open water, southern Caspian"),
            ("pt", 49.4, 37.6, "open water off Anzali"),
            ("node", "instc_anzali"),
        ],
        "sources": [PRAVDA_INSTC],
        "on_land_allowance_km": 40,
        "notes": f"{SEA_NOTE} Olya lies in the Volga delta; its channel is allowed on land.",
    },
    {
        "corridor": "instc",
        "segment_id": "instc_makhachkala_anzali",
        "name": "Makhachkala – Bandar Anzali (trans-Caspian route)",
        "mode": "sea",
        "status": "operating",
        "countries": ["RU", "IR"],
        "path": [
            ("node", "instc_makhachkala"),
            ("pt", 47.75, 42.9, "open water off Makhachkala"),
            ("pt", 50.6, 41.0, "open water east of the Absheron peninsula"),
            ("pt", 50.1, 39.3, "open water, southern Caspian"),
            ("pt", 49.5, 37.6, "open water off Anzali"),
            ("node", "instc_anzali"),
        ],
        "sources": [PRAVDA_INSTC],
        "notes": SEA_NOTE,
    },
    {
        "corridor": "instc",
        "segment_id": "instc_anzali_rasht",
        "name": "Bandar Anzali – Rasht (road)",
        "mode": "road",
        "status": "operating",
        "countries": ["IR"],
        "path": [("node", "instc_anzali"), ("node", "instc_rasht")],
        "sources": [EXAMPUR_INSTC],
        "notes": f"{SCHEMATIC} Road link used in 2022 (Anzali, then road to Bandar Abbas).",
    },
    {
        "corridor": "instc",
        "segment_id": "instc_eastern_kti",
        "name": "Eastern route: Kazakhstan – Turkmenistan – Iran railway "
        "(Uzen–Bereket–Etrek–Gorgan)",
        "mode": "rail",
        "status": "operating",
        "countries": ["KZ", "TM", "IR"],
        "path": [
            ("node", "instc_aktau"),
            ("pt", 52.6, 43.1, "schematic, inland east of Aktau"),
            ("pt", 55.5, 41.3, "schematic, inland east of Kara-Bogaz-Gol"),
            ("pt", 55.0, 39.3, "schematic, western Turkmenistan"),
            ("pt", 54.4, 37.6, "schematic, near the Turkmen–Iranian border"),
            ("node", "instc_gorgan"),
        ],
        "sources": [TASS_KTI, PRAVDA_INSTC],
        "notes": "Schematic. The railway opened 3 Dec 2014 (reported 908–928 km). Uzen, "
        "Bereket and Etrek are on the route but their coordinates are UNVERIFIED, so the line "
        "starts at the Aktau port point (nearest placed Kazakh node) and runs through "
        "schematic inland vertices (no sourced location) to Gorgan.",
    },
    # ================================ Zangezur ======================================
    {
        "corridor": "zangezur",
        "segment_id": "zg_horadiz_aghband",
        "name": "Horadiz – Aghband railway (Azerbaijan)",
        "mode": "rail",
        "status": "under_construction",
        "countries": ["AZ"],
        "trace": {
            "dataset": "osm",
            "railway": ("construction", "rail"),
            "via": [("station", "Horadiz"), ("node", "zg_aghband")],
        },
        "sources": [AZERNEWS_HA, REPORT_HA_69, MENAFN_HA],
        "notes": f"{OSM_TRACED} OSM ways tagged railway=construction from Horadiz station to "
        "the end of the mapped line nearest the Aghband point. 110.4 km line, 69% complete "
        "(Dec 2025), completion planned 2026.",
    },
    {
        "corridor": "zangezur",
        "segment_id": "zg_meghri_section",
        "name": "Aghband – Meghri – Ordubad (section through Armenia / TRIPP)",
        "mode": "rail",
        "status": "planned",
        "countries": ["AZ", "AM"],
        "path": [
            ("node", "zg_aghband"),
            ("river", "Aras", "north", ARAS_BANK_M),
            ("pt", 46.00288, 38.87717, f"OSM station Ordubad (node {ORDUBAD_STN_ID}), start of "
             "the traced Nakhchivan railway"),
        ],
        "sources": [MEDIAMAX_OVERCHUK, FED_SANOSYAN, MEGHRI_WIKI, PIA_TRIPP, TREND_TRIPP],
        "notes": f"{ARAS_NORTH} Follows the 1941 Alat–Julfa line via Meghri (closed 1989–95). "
        "42–45 km in Armenia per officials; TRIPP framework Jan 2026. The Meghri town point "
        "lies ~3 km north of the river and is not on the drawn line.",
    },
    {
        "corridor": "zangezur",
        "segment_id": "zg_ordubad_julfa_nakhchivan",
        "name": "Ordubad – Julfa – Nakhchivan (Nakhchivan railway)",
        "mode": "rail",
        "status": "planned",
        "countries": ["AZ"],
        "trace": {
            "dataset": "osm",
            "via": [("station", "Ordubad"), ("station", "Culfa"), ("station", "Naxçıvan")],
        },
        "sources": [MENAFN_HA, MEGHRI_WIKI],
        "notes": f"{OSM_TRACED} Existing track of the 188 km Nakhchivan railway being restored "
        "(design phase, Nov 2025); status is that of the restoration.",
    },
    {
        "corridor": "zangezur",
        "segment_id": "zg_nakhchivan_sadarak",
        "name": "Nakhchivan – Sadarak (Nakhchivan railway)",
        "mode": "rail",
        "status": "planned",
        "countries": ["AZ"],
        "trace": {"dataset": "osm", "via": [("station", "Naxçıvan"), ("station", "Sədərək")]},
        "sources": [MENAFN_HA],
        "notes": f"{OSM_TRACED} Existing track, part of the 188 km Nakhchivan railway being "
        "restored (design phase).",
    },
    {
        "corridor": "zangezur",
        "segment_id": "zg_sadarak_dilucu",
        "name": "Sadarak – Dilucu rail link (~7 km, planned)",
        "mode": "rail",
        "status": "planned",
        "countries": ["AZ", "TR"],
        "path": [("node", "zg_sadarak"), ("border_point", "TR", "AZ", None)],
        "sources": [DILUCU_RU],
        "notes": "Planned ~7 km link. Ends at the point of the NE 10m Aras line nearest to the "
        "Sadarak point (Dilucu gate lies opposite Sadarak; its coordinates are UNVERIFIED).",
    },
    {
        "corridor": "zangezur",
        "segment_id": "zg_kars_igdir_dilucu",
        "name": "Kars – Iğdır – Aralık – Dilucu railway (Türkiye)",
        "mode": "rail",
        "status": "under_construction",
        "countries": ["TR"],
        "path": [
            ("node", "zg_kars"),
            ("pt", 43.75, 40.0, "schematic, south of the Aras/Arpaçay confluence"),
            ("node", "zg_igdir"),
            ("river", "Aras", "south", 2000),
            ("border_point", "TR", "AZ", None),
        ],
        "sources": [MENAFN_KARS_DILUCU],
        "notes": f"{SCHEMATIC} East of Iğdır: {ARAS_SOUTH} 224 km (223.6 km), groundbreaking "
        "22 Aug 2025, completion in 4–5 years. Dilucu not placed (UNVERIFIED).",
    },
    # ================================== Aras ========================================
    {
        "corridor": "aras",
        "segment_id": "ar_aghband_kalaleh_bridge",
        "name": "Aghband – Kalaleh bridge over the Aras",
        "mode": "multimodal",
        "status": "under_construction",
        "countries": ["AZ", "IR"],
        "path": [
            ("node", "ar_aghband_bridge"),
            ("river_point", "Aras", "ar_aghband_bridge", "south", 800),
        ],
        "sources": [TREND_ARAS_BRIDGE, AZERNEWS_ARAS_MOU],
        "notes": "Road bridge 216 m × 24.5 m (due end 2025, on schedule Feb 2026); a rail bridge "
        "is also planned. Drawn from the Aghband point straight across the NE 10m Aras line "
        "(Kalaleh end UNVERIFIED); approximate.",
    },
    {
        "corridor": "aras",
        "segment_id": "ar_iranian_bank",
        "name": "Kalaleh – Jolfa along the Iranian bank of the Aras",
        "mode": "multimodal",
        "status": "under_construction",
        "countries": ["IR"],
        "path": [
            ("river_point", "Aras", "ar_aghband_bridge", "south", 800),
            ("river", "Aras", "south", ARAS_IRAN_BANK_M),
            ("pt", 46.003, 38.85, "schematic, Iranian bank opposite Ordubad station"),
            ("along", "zg_ordubad_julfa_nakhchivan", "south", ARAS_IRAN_BANK_M),
            ("node", "ar_jolfa"),
        ],
        "sources": [AZERNEWS_ARAS_MOU, VESTI_ARAS, PRESSTV_ARAS, MEDIAMAX_OVERCHUK],
        "notes": f"{ARAS_SOUTH} West of Ordubad the NE line lies up to ~4 km north of the "
        "traced Nakhchivan railway (north bank), so there the line is the traced railway "
        "offset 3 km south instead. Railway and highway agreed in the MoU of 11 Mar 2022; "
        "~55 km through Iran was cited at signing (~50 km rail per Overchuk) — shorter than "
        "this river-following line to Jolfa, so the published figure probably refers to a more "
        "direct alignment; shown for information, not validated.",
    },
    {
        "corridor": "aras",
        "segment_id": "ar_jolfa_julfa",
        "name": "Jolfa – Julfa crossing into Nakhchivan",
        "mode": "multimodal",
        "status": "operating",
        "countries": ["IR", "AZ"],
        "path": [("node", "ar_jolfa"), ("node", "ar_julfa")],
        "sources": [VESTI_ARAS],
        "notes": "Straight link across the Aras between the two town points (~1.7 km); "
        "existing border crossing.",
    },
    {
        "corridor": "aras",
        "segment_id": "ar_julfa_nakhchivan",
        "name": "Julfa – Nakhchivan",
        "mode": "multimodal",
        "status": "operating",
        "countries": ["AZ"],
        "trace": {"dataset": "osm", "via": [("station", "Culfa"), ("station", "Naxçıvan")]},
        "sources": [VESTI_ARAS],
        "notes": f"{OSM_TRACED} The railway between Culfa and Naxçıvan stations (road alongside "
        "not traced). Existing road/rail inside Nakhchivan (rail under restoration).",
    },
    # =================================== BTC ========================================
    {
        "corridor": "btc",
        "segment_id": "btc_azerbaijan",
        "name": "BTC: Azerbaijani section (Sangachal – Georgian border)",
        "mode": "pipeline",
        "status": "operating",
        "countries": ["AZ"],
        "trace": {"dataset": "gem", "project": "P0644", "country": "AZ"},
        "sources": [BP_AZ, BTC_WIKI, GEM_BTC_WIKI],
        "notes": f"{GEM_TRACED} Azerbaijani section 443 km per BP.",
    },
    {
        "corridor": "btc",
        "segment_id": "btc_georgia",
        "name": "BTC: Georgian section (south of Tbilisi – Turkish border)",
        "mode": "pipeline",
        "status": "operating",
        "countries": ["GE"],
        "trace": {"dataset": "gem", "project": "P0644", "country": "GE"},
        "sources": [BP_GE, BTC_WIKI, GEM_BTC_WIKI],
        "notes": f"{GEM_TRACED} Passes south of Tbilisi; Georgian section 249 km, maximum "
        "altitude 2,800 m (BP).",
    },
    {
        "corridor": "btc",
        "segment_id": "btc_turkey",
        "name": "BTC: Turkish section (Georgian border – Erzurum – Ceyhan)",
        "mode": "pipeline",
        "status": "operating",
        "countries": ["TR"],
        "trace": {"dataset": "gem", "project": "P0644", "country": "TR"},
        "sources": [BP_AZ, BTC_WIKI, GEM_BTC_WIKI],
        "notes": f"{GEM_TRACED} Turkish section 1,076 km per BP.",
    },
]
