"""Corridor-level facts for ``geodata/corridors/index.json``.

Every figure is copied from ``corridor_facts.md`` in the geodata source folder and
carries the address it was read from.  Edit here, then run ``python scripts/build_geodata.py``.
"""

from __future__ import annotations

BP_AZ = "https://www.bp.com/en_az/azerbaijan/home/who-we-are/operationsprojects/pipelines/btc.html"
BP_GE = "https://bp.com/en_ge/georgia/home/who-we-are/btc.html"
TREND_TITR_2024 = "https://www.trend.az/business/3985660.html"
TREND_TITR_DEF = "https://en.trend.az/business/transport/3886232.html"
TREND_AKTAU_POTI = "https://en.trend.az/casia/kazakhstan/3654897.html"
BTK_WIKI = (
    "https://encyclopedia.datana.cloud/content/wikipedia_en_all_mini_2024-04/A/"
    "Kars%E2%80%93Tbilisi%E2%80%93Baku_railway"
)
IRNA_RASHT = (
    "https://en.irna.ir/news/85756327/Russia-to-begin-studies-for-Rasht-Astara-railway-Minister"
)
PRAVDA_INSTC = "https://news-pravda.com/world/2023/07/13/15850.html"
NAVAXITY_INSTC = "https://navaxity.com/corridor/international-north-south-transport-corridor"
EXAMPUR_INSTC = (
    "https://exampur.com/current-affairs/english/"
    "iran-starts-transfer-of-russian-goods-to-india-by-using-new-trade-corridor"
)
TRENDIR_INSTC = "https://en.trend.az/iran/business/2929313.html"
TASS_KTI = "https://tass.com/world/764933"
TASS_RASHT = "https://tass.com/economy/1637207"
AZERNEWS_RASHT = "https://www.azernews.az/business/216678.html"
TREND_SAMUR = "https://en.trend.az/business/3168404.html"
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
ICTIMAI_GRIGORYAN = "https://ictimaixeber.az/?p=97945"
MEGHRI_WIKI = "https://de.wikiup.org/index.php?oldid=219810551&title=Meghri"
MENAFN_KARS_DILUCU = (
    "https://menafn.com/1109962733/"
    "Tu%CC%88rkiye-Breaks-Ground-On-Kars-Ig%CC%86d%C4%B1r-Aral%C4%B1k-Dilucu-Railway-Line"
)
NEWSAZ_KARS = "https://news.az/news/construction-of-kars-nakhchivan-railway-starts-in-turkiye"
NEWSAM_POINT9 = "https://news.am/eng/news/802798.html"
ARMINFO_POINT9 = "https://arminfo.info/full_news.php?id=86593&lang=3"
SCNCF_2021 = "https://scncf-lab.com/putin-pashinyan-and-aliyev-agree-to-unlock-regional-economic-and-trade-ties/"
PIA_TRIPP = "https://pia.ge/en/news/world/yerevan-and-baku-agree-to-end-hostilities"
TREND_TRIPP = "https://www.trend.az/azerbaijan/4141318.html"
LIFENEWS_TRIPP = "https://lifenewsagency.com/?p=28976"
AZERNEWS_ARAS_MOU = "https://www.azernews.az/business/190608.html"
MEHR_ARAS = (
    "https://en.mehrnews.com/news/185381/Azeri-president-signs-into-law-shared-MoU-with-Iran"
)
PRESSTV_ARAS = (
    "https://presstv.ir/Detail/2022/03/12/678446/Iran-Azerbaijan-corridor-Nakhchivan-MoU-signing"
)
TREND_ARAS_BRIDGE = "https://www.trend.az/azerbaijan/politics/4102959.html"
CASPIANNEWS_ARAS = (
    "https://caspiannews.com/news-detail/"
    "azerbaijan-iran-break-ground-on-cross-border-highway-bridge-2023-10-7-0/"
)
REPORT_ARAS_2025 = (
    "https://report.az/en/foreign-politics/key-araz-corridor-bridge-to-be-completed-by-end-of-2025"
)
REPORT_ARAS_2026 = (
    "https://report.az/en/infrastructure/"
    "construction-of-aghband-kelaleh-highway-bridge-over-araz-river-proceeding-according-to-schedule"
)
VESTI_ARAS = "https://en.vestikavkaza.ru/material/164365"
TURINSAAT_BTC = (
    "http://turinsaat.com.tr/en/portfolio-item/"
    "baku-tbilisi-ceyhan-crude-oil-pipeline-project-and-block-valve-stations-excavation-filling-"
    "pipe-culvert-and-drainage-pipe-installation-lot-b/"
)
HURRIYET_BTC = (
    "https://hurriyet.com.tr/ekonomi/"
    "btc-hattindan-14-yilda-4-bin-500den-fazla-tankere-ham-petrol-yuklendi-41532510"
)
HABERTURK_BOTAS = "https://www.haberturk.com/boru-hatti-sansarlari-haberler-2526543-amp"
TURKIC_BTC = "https://turkic.world/az/articles/gas/155955"
ADY_ALAT = "https://ady.az/en/news/read/1082/43"
ASTANA_KURYK = "https://astanatimes.com/2021/08/kuryk-seaport-plans-to-increase-shipment-capacity/"
KHORGHAS_WIKI = "https://wiki-gateway.eudic.net/wikipedia_en/Khorghas.html"
MEMIM_DOSTYK = "https://memim.com/dostyk.html"
TURKMEN_PORT = "http://www.turkmenistan.ru/en/articles/18426.html"
MARMARAY = "https://it.teknopedia.teknokrat.ac.id/wiki/Marmaray"
JAMNEWS_ANAKLIA = "https://jam-news.net/anaklia-port-project-story"
XEBER_BTK = (
    "http://www.xebersaati.com/news/142061-baku-tbilisi-kars-railway-officially-launched-in-baku/"
)

# Okabe-Ito palette (colour-blind safe): https://jfly.uni-koeln.de/color/
PALETTE_SOURCE = "Okabe & Ito, Color Universal Design, https://jfly.uni-koeln.de/color/"

CORRIDORS: list[dict] = [
    {
        "id": "middle_corridor",
        "name": "Middle Corridor (Trans-Caspian International Transport Route)",
        "short_name": "Middle Corridor",
        "aliases": [
            "Middle Corridor",
            "Trans-Caspian International Transport Route",
            "Trans Caspian International Transport Route",
            "TITR",
            "Trans-Caspian route",
            "Trans Caspian route",
        ],
        "query_aliases": [
        ],
        "excluded_terms": [
            {
                "term": "Baku–Tbilisi–Kars railway",
                "why": "One railway of the Middle Corridor (mapped as its segments), "
                "not a name of the whole corridor; also not the BTC pipeline.",
            },
            {
                "term": "Trans-Caspian route (INSTC)",
                "why": "'Trans-Caspian route' is also the name of the INSTC sea branch "
                "Astrakhan/Olya/Makhachkala - Anzali/Amirabad; disambiguate by context.",
            },
        ],
        "color": "#0072B2",
        "description": (
            "East-west route from the China-Kazakhstan border across Kazakhstan, by ferry "
            "over the Caspian to Azerbaijan, then by rail through Georgia to the Black Sea "
            "ports or via the Baku-Tbilisi-Kars railway to Turkiye and on to Europe. "
            "It avoids Russian territory."
        ),
        "description_source": f"{TREND_TITR_DEF} ; https://sparkthread.net/en/Trans-Caspian%20International%20Transport%20Route",
        "status": "operating",
        "countries": ["CN", "KZ", "TM", "AZ", "GE", "TR"],
        "length": None,
        "length_figures": [
            {
                "value_km": 11000,
                "note": "'11,000 km of railways and ten seaports' - an expert quote, "
                "not an official route length.",
                "source": TREND_TITR_DEF,
            },
            {
                "value_km": 1300,
                "note": "Aktau-Poti trans-Caspian section ~1,300 km (vs ~1,792 km around "
                "via Russia), quoted by a USAID official.",
                "source": TREND_AKTAU_POTI,
            },
            {
                "value_km": 826,
                "note": "Baku-Tbilisi-Kars railway.",
                "source": BTK_WIKI,
            },
        ],
        "capacity": {
            "value": "6 Mt/yr; volume grew from 0.8 Mt to 4.1 Mt in four years; "
            "target 10 Mt/yr (Kazakh transport minister, Dec 2024)",
            "source": TREND_TITR_2024,
        },
        "operator": {
            "value": "No single operator: national railways, ports and ferry lines. "
            "Only Azerbaijani ferries served Kuryk-Alat (Dec 2024).",
            "source": TREND_TITR_2024,
        },
        "owners": None,
        "financing": [
            {
                "value": "Anaklia deep-sea port: initial investment USD 600 M; Chinese-Singaporean "
                "consortium chosen for a 49% stake (29 May 2024)",
                "source": JAMNEWS_ANAKLIA,
            },
            {
                "value": "New Turkmenbashi seaport: ~USD 1.5 bn",
                "source": TURKMEN_PORT,
            },
        ],
        "key_dates": [
            {
                "date": "1991-07-20",
                "event": "Dostyk-Alashankou rail link opened",
                "source": MEMIM_DOSTYK,
            },
            {
                "date": "2013-10-29",
                "event": "Marmaray Bosphorus rail tunnel opened",
                "source": MARMARAY,
            },
            {
                "date": "2013-12",
                "event": "Altynkol-Khorgos rail crossing opened",
                "source": KHORGHAS_WIKI,
            },
            {
                "date": "2017-03",
                "event": "Kuryk rail ferry complex in operation",
                "source": ASTANA_KURYK,
            },
            {"date": "2017-10-30", "event": "Baku-Tbilisi-Kars railway opened", "source": BTK_WIKI},
            {
                "date": "2018-05-03",
                "event": "New Turkmenbashi International Seaport opened",
                "source": TURKMEN_PORT,
            },
            {"date": "2018-05-14", "event": "Port of Baku at Alat opened", "source": ADY_ALAT},
            {
                "date": "2024-10-22",
                "event": "Construction of Anaklia deep-sea port launched",
                "source": JAMNEWS_ANAKLIA,
            },
        ],
    },
    {
        "id": "instc",
        "name": "International North–South Transport Corridor (INSTC)",
        "short_name": "INSTC",
        "aliases": [
            "International North–South Transport Corridor",
            "International North-South Transport Corridor",
            "International North South Transport Corridor",
            "North–South Transport Corridor",
            "North-South Transport Corridor",
            "North South Transport Corridor",
            "North–South International Transport Corridor",
            "North-South International Transport Corridor",
            "North South International Transport Corridor",
            "INSTC",
            "NSTC",
        ],
        "query_aliases": [
            {
                "term": "North-South",
                "basis": (
                    "Short form of 'North-South Transport Corridor' (an alias above). Query "
                    "only: in running text 'north-south' is generic, so sentences are "
                    "linked by the descriptive rules instead."
                ),
            },
        ],
        "excluded_terms": [
            {
                "term": "North–South corridor (generic)",
                "why": "Used for many unrelated roads and pipelines; only the full names "
                "above are safe aliases.",
            },
        ],
        "color": "#D55E00",
        "description": (
            "Multimodal network agreed by India, Iran and Russia in 2000 linking Russia "
            "to the Indian Ocean through Iran, with three branches: a western land route "
            "through Azerbaijan, a sea route across the Caspian, and an eastern rail route "
            "through Kazakhstan and Turkmenistan. The Rasht-Astara railway is the "
            "missing link of the western route."
        ),
        "description_source": f"{EXAMPUR_INSTC} ; {PRAVDA_INSTC}",
        "status": "operating",
        "countries": ["RU", "AZ", "IR", "KZ", "TM", "IN"],
        "length": {
            "value_km": 7200,
            "note": "Nominal headline figure for the multimodal network, repeated by many "
            "outlets; not a measured route length.",
            "source": f"{IRNA_RASHT} ; {PRAVDA_INSTC}",
        },
        "length_figures": [
            {
                "value_km": 162,
                "note": "Rasht-Astara rail gap (TASS: 'some 170 km').",
                "source": f"{IRNA_RASHT} ; {TASS_RASHT}",
            },
            {
                "value_km": 928,
                "note": "Kazakhstan-Turkmenistan-Iran railway per TASS; 908 km "
                "(railturkey) and 925 km (azvision) also reported - inconsistent.",
                "source": TASS_KTI,
            },
        ],
        "capacity": {"value": "20-30 Mt/yr (estimate)", "source": TRENDIR_INSTC},
        "operator": {
            "value": "No single operator; intergovernmental agreement of India, Iran and "
            "Russia (12 Sep 2000), later acceded by other states.",
            "source": EXAMPUR_INSTC,
        },
        "owners": None,
        "financing": [
            {
                "value": "Rasht-Astara railway: Russian state loan EUR 1.3 bn, total ~EUR 1.6 bn "
                "(agreement 17 May 2023)",
                "source": f"{IRNA_RASHT} ; {TASS_RASHT}",
            },
        ],
        "key_dates": [
            {
                "date": "2000-09-12",
                "event": "INSTC agreement signed by India, Iran and Russia (St Petersburg)",
                "source": EXAMPUR_INSTC,
            },
            {
                "date": "2014",
                "event": "Dry runs Mumbai-Bandar Abbas-Baku and Mumbai-Bandar Abbas-Astrakhan",
                "source": TRENDIR_INSTC,
            },
            {
                "date": "2014-12-03",
                "event": "Kazakhstan-Turkmenistan-Iran railway opened (eastern route)",
                "source": TASS_KTI,
            },
            {
                "date": "2019-12-24",
                "event": "New Samur road bridge (Russia-Azerbaijan) opened",
                "source": TREND_SAMUR,
            },
            {
                "date": "2022",
                "event": "First Russia-India shipment St Petersburg-Astrakhan-Anzali-"
                "Bandar Abbas-JNPT",
                "source": EXAMPUR_INSTC,
            },
            {
                "date": "2023-05-17",
                "event": "Russia-Iran agreement on the Rasht-Astara railway "
                "(EUR 1.3 bn Russian loan)",
                "source": TASS_RASHT,
            },
            {
                "date": "2028",
                "event": "Target completion of Rasht-Astara railway",
                "source": AZERNEWS_RASHT,
            },
        ],
    },
    {
        "id": "zangezur",
        "name": "Zangezur corridor",
        "short_name": "Zangezur",
        "aliases": [
            "Zangezur corridor",
            "Zangazur corridor",
            "Zangezur Corridor",
            "Zangazur Corridor",
            "trans-Armenian corridor",
            "trans Armenian corridor",
            "TRIPP",
            "Trump Route for International Peace and Prosperity",
        ],
        "query_aliases": [
            {
                "term": "Zangezur",
                "basis": (
                    "Short form of the 'Zangezur corridor' alias. Query only: in running "
                    "text the bare word is also the region ('East Zangezur'), so it is not "
                    "a linking alias."
                ),
            },
            {
                "term": "Zangazur",
                "basis": (
                    "Azerbaijani spelling of the short form 'Zangezur' (alias 'Zangazur "
                    "corridor'). Query only, as 'Zangezur'."
                ),
            },
            {
                "term": "Trump Route",
                "basis": (
                    "Short for the TRIPP alias 'Trump Route for International Peace and "
                    "Prosperity'; linking already treats it as a described mention."
                ),
            },
        ],
        "excluded_terms": [
            {
                "term": "East Zangezur / East Zangazur",
                "why": "An economic region of Azerbaijan, not the corridor.",
            },
            {
                "term": "Syunik corridor",
                "why": "No sourced usage found in the compiled facts; not added.",
            },
            {
                "term": "Aras / Araz corridor",
                "why": "The separate route through Iran (corridor id 'aras').",
            },
        ],
        "color": "#CC79A7",
        "description": (
            "Planned rail and road link between mainland Azerbaijan and its Nakhchivan "
            "exclave along the Aras valley: Horadiz-Aghband in Azerbaijan (under "
            "construction), a short section through Armenia's Syunik province at Meghri "
            "(the 2025 'TRIPP' route under Armenian sovereignty), then Ordubad-Julfa-"
            "Nakhchivan, with a new Turkish railway Kars-Igdir-Dilucu towards Nakhchivan."
        ),
        "description_source": (
            f"{AZERNEWS_HA} ; {MEDIAMAX_OVERCHUK} ; {PIA_TRIPP} ; {MENAFN_KARS_DILUCU}"
        ),
        "status": "under_construction",
        "countries": ["AZ", "AM", "TR"],
        "length": {
            "value_km": 43,
            "note": "Section through Armenia only (Meghri): reported as 42 km (Overchuk), "
            "43 km (Meghri-Yeraskh survey, Sanosyan) and 45 km (Grigoryan). Validated "
            "against 40-48 km.",
            "source": f"{MEDIAMAX_OVERCHUK} ; {FED_SANOSYAN} ; {ICTIMAI_GRIGORYAN}",
        },
        "length_figures": [
            {
                "value_km": 110.4,
                "note": "Horadiz-Aghband railway (Azerbaijan).",
                "source": AZERNEWS_HA,
            },
            {
                "value_km": 188,
                "note": "Nakhchivan railway being restored (design phase, Nov 2025).",
                "source": MENAFN_HA,
            },
            {
                "value_km": 224,
                "note": "Kars-Igdir-Aralik-Dilucu railway (223.6 km), Turkiye.",
                "source": MENAFN_KARS_DILUCU,
            },
        ],
        "capacity": {
            "value": "Horadiz-Aghband railway up to 15 Mt/yr; Kars-Igdir-Dilucu railway "
            "15 Mt + 5.5 M passengers/yr",
            "source": f"{AZERNEWS_HA} ; {MENAFN_KARS_DILUCU}",
        },
        "operator": {
            "value": "Armenian section (TRIPP): TRIPP Development Company, initial 49-year "
            "term, 74% offered to the US / 26% Armenia (Jan 2026 framework). Operators of "
            "the other sections are not named in the sourced facts.",
            "source": f"{TREND_TRIPP} ; {LIFENEWS_TRIPP}",
        },
        "owners": {
            "value": "Armenian section (TRIPP): TRIPP Development Company, 74% offered to the "
            "US / 26% Armenia, initial 49-year term",
            "source": f"{TREND_TRIPP} ; {LIFENEWS_TRIPP}",
        },
        "financing": [],
        "key_dates": [
            {
                "date": "1941",
                "event": "Alat-Julfa railway via Meghri opened",
                "source": MEGHRI_WIKI,
            },
            {
                "date": "1989",
                "event": "Traffic on the Meghri railway stopped (closed 1989-1995)",
                "source": MEGHRI_WIKI,
            },
            {
                "date": "2020-11-10",
                "event": "Trilateral statement, point 9: unblocking of transport links "
                "incl. western Azerbaijan-Nakhchivan",
                "source": f"{NEWSAM_POINT9} ; {ARMINFO_POINT9}",
            },
            {
                "date": "2021-01-11",
                "event": "Moscow statement creates trilateral deputy-PM working group",
                "source": SCNCF_2021,
            },
            {
                "date": "2021-02-14",
                "event": "Foundation of Horadiz-Aghband railway laid",
                "source": AZERNEWS_HA,
            },
            {
                "date": "2025-08-08",
                "event": "White House joint declaration launches TRIPP through Armenia",
                "source": PIA_TRIPP,
            },
            {
                "date": "2025-08-22",
                "event": "Groundbreaking of Kars-Igdir-Aralik-Dilucu railway in Igdir",
                "source": MENAFN_KARS_DILUCU,
            },
            {
                "date": "2025-12",
                "event": "Horadiz-Aghband railway 69% complete; completion planned 2026",
                "source": REPORT_HA_69,
            },
            {
                "date": "2026-01-13",
                "event": "TRIPP Implementation Framework (13-14 Jan 2026)",
                "source": TREND_TRIPP,
            },
        ],
    },
    {
        "id": "aras",
        "name": "Aras corridor (via Iran)",
        "short_name": "Aras",
        "aliases": [
            "Aras corridor",
            "Araz corridor",
            "Aras Corridor",
            "Araz Corridor",
        ],
        "query_aliases": [
        ],
        "excluded_terms": [
            {
                "term": "East Zangazur economic region",
                "why": "Named in the 2022 MoU title as an end point; a region, not the corridor.",
            },
            {
                "term": "Aras / Araz river",
                "why": "The river alone is not the corridor; match only 'corridor' phrases.",
            },
        ],
        "color": "#009E73",
        "description": (
            "Azerbaijan-Iran route agreed in March 2022 linking mainland Azerbaijan "
            "(Aghband) with Nakhchivan through Iranian territory along the Aras: a road and "
            "rail bridge at Aghband-Kalaleh, a road/rail line along the Iranian bank to "
            "Jolfa, and a crossing to Julfa."
        ),
        "description_source": f"{AZERNEWS_ARAS_MOU} ; {TREND_ARAS_BRIDGE} ; {VESTI_ARAS}",
        "status": "under_construction",
        "countries": ["AZ", "IR"],
        "length": {
            "value_km": 55,
            "note": "Length through Iran (~55 km, Tasnim/IRIB at MoU signing); "
            "Russian deputy PM Overchuk gives ~50 km for the rail line.",
            "source": f"{PRESSTV_ARAS} ; {MEDIAMAX_OVERCHUK}",
        },
        "length_figures": [
            {
                "value_km": 112,
                "note": "Horadiz-Jabrayil-Zangilan-Aghband feeder highway.",
                "source": TREND_ARAS_BRIDGE,
            },
        ],
        "capacity": {
            "value": "Aghband-Kalaleh border post designed for at least 1,000 trucks/day",
            "source": TREND_ARAS_BRIDGE,
        },
        "operator": {
            "value": "Not named in the sourced facts; MoU between the governments of "
            "Azerbaijan and Iran.",
            "source": AZERNEWS_ARAS_MOU,
        },
        "owners": None,
        "financing": [],
        "key_dates": [
            {
                "date": "2022-03-11",
                "event": "Azerbaijan-Iran MoU on links between East Zangazur and "
                "Nakhchivan through Iran",
                "source": AZERNEWS_ARAS_MOU,
            },
            {
                "date": "2022-09-21",
                "event": "First foundation-laying of the Aghband road bridge (video link)",
                "source": TREND_ARAS_BRIDGE,
            },
            {
                "date": "2023-10-06",
                "event": "Groundbreaking of the road bridge and customs infrastructure",
                "source": CASPIANNEWS_ARAS,
            },
            {
                "date": "2025-12",
                "event": "Aghband-Kalaleh road bridge due (end 2025)",
                "source": REPORT_ARAS_2025,
            },
            {
                "date": "2026-02",
                "event": "Bridge construction reported on schedule; customs and border "
                "infrastructure due Q1 2026",
                "source": REPORT_ARAS_2026,
            },
        ],
    },
    {
        "id": "btc",
        "name": "Baku–Tbilisi–Ceyhan (BTC) oil pipeline",
        "short_name": "BTC pipeline",
        "aliases": [
            "BTC pipeline",
            "BTC oil pipeline",
            "Baku–Tbilisi–Ceyhan pipeline",
            "Baku-Tbilisi-Ceyhan pipeline",
            "Baku–Tbilisi–Ceyhan oil pipeline",
            "Baku-Tbilisi-Ceyhan oil pipeline",
            "Baku–Tbilisi–Ceyhan",
            "Baku-Tbilisi-Ceyhan",
        ],
        "query_aliases": [
            {
                "term": "BTC",
                "basis": (
                    "Acronym of the Baku-Tbilisi-Ceyhan pipeline. Query only: in running "
                    "text 'BTC' is also bitcoin, so linking requires oil/pipeline wording "
                    "next to it (see excluded_terms)."
                ),
            },
        ],
        "excluded_terms": [
            {
                "term": "BTC",
                "why": "Bare 'BTC' is ambiguous (e.g. Bitcoin); match only "
                "with 'pipeline' or the full name.",
            },
            {"term": "Baku–Tbilisi–Kars railway / BTK", "why": "Railway of the Middle Corridor."},
            {
                "term": "Southern Gas Corridor / South Caucasus Pipeline / Baku–Tbilisi–Erzurum",
                "why": "Gas pipelines partly parallel to BTC; different infrastructure.",
            },
        ],
        "color": "#E69F00",
        "description": (
            "Crude oil pipeline from the Sangachal terminal near Baku through Georgia "
            "(passing south of Tbilisi) and eastern Turkiye to the Ceyhan marine terminal "
            "on the Mediterranean, in operation since 2006."
        ),
        "description_source": f"{BP_AZ} ; {BP_GE}",
        "status": "operating",
        "countries": ["AZ", "GE", "TR"],
        "length": {
            "value_km": 1768,
            "note": "443 km Azerbaijan, 249 km Georgia, 1,076 km Turkiye (BP). Other figures "
            "seen: 1,776 km, 1,743 km.",
            "source": f"{BP_AZ} ; {BP_GE}",
        },
        "length_figures": [
            {"value_km": 443, "note": "Azerbaijan section", "source": BP_AZ},
            {"value_km": 249, "note": "Georgia section", "source": BP_AZ},
            {"value_km": 1076, "note": "Turkiye section", "source": BP_AZ},
        ],
        "capacity": {
            "value": "1.2 million bbl/d since March 2009 (drag-reducing agents); "
            "1.0 million bbl/d design 2006-2009",
            "source": f"{BP_AZ} ; {BP_GE}",
        },
        "operator": {
            "value": "BTC Co. (BP-operated joint venture); Azerbaijan and Georgia sections "
            "operated by BP, Turkish section by BOTAS International Ltd (BIL)",
            "source": f"{BP_AZ} ; {HABERTURK_BOTAS}",
        },
        "owners": {
            "value": "bp 30.10%, SOCAR 25.00%, MOL 8.90%, Equinor 8.71%, TPAO 6.53%, Eni 5.00%, "
            "TotalEnergies 5.00%, ITOCHU 3.40%, INPEX 2.50%, ExxonMobil 2.50%, ONGC Videsh 2.36%",
            "source": TURKIC_BTC,
        },
        "financing": [],
        "key_dates": [
            {"date": "2002-09-17", "event": "Groundbreaking at Sangachal", "source": TURINSAAT_BTC},
            {"date": "2005-05-10", "event": "Line-fill begins", "source": TURINSAAT_BTC},
            {"date": "2006-05-28", "event": "First oil at Ceyhan", "source": HURRIYET_BTC},
            {"date": "2006-07-13", "event": "Inauguration", "source": TURINSAAT_BTC},
            {"date": "2009-03", "event": "Capacity raised to 1.2 million bbl/d", "source": BP_AZ},
        ],
    },
]
