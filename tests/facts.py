"""Facts worked out by hand from data/source/cluster-growth-profiles.txt: the oracle of the tests.

Nothing here is computed from the data or the code under test.
"""

EV, HEALTH, AERO, LOGI = ("electric-light-vehicles-batteries", "health-tech-med-tech", "aerospace",
                          "logistics-distribution")
PROF, CREATIVE, HOUSING, UTIL = ("professional-financial-services", "creative-content-gaming", "future-housing",
                                 "low-carbon-utilities")
PAGE_ORDER = [EV, HEALTH, AERO, LOGI, PROF, CREATIVE, HOUSING, UTIL]

NAMES = {
    EV: "Manufacturing of electrical light vehicles and associated battery storage devices",
    HEALTH: "Health-tech and med-tech",
    AERO: "Aerospace (including manufacturing alternative fuels)",
    LOGI: "Logistics and distribution",
    PROF: "Professional and financial services and supply chain",
    CREATIVE: "Creative content production and gaming",
    HOUSING: "Manufacturing of future housing",
    UTIL: "Modern and low carbon utilities",
}

# cluster: (output min £m, output max £m, jobs min, jobs max, benchmark, target year)
FIGURES = {
    EV: (850, 950, 11200, 12400, "leading-uk-region", None),
    HEALTH: (400, 430, 5300, 5900, "leading-uk-region", None),
    AERO: (80, 90, 900, 1000, "uk-average", "2030"),
    LOGI: (280, 290, 5500, 6000, "accelerated-growth", None),
    PROF: (580, 630, 8500, 9400, "leading-uk-region", None),
    CREATIVE: (55, 65, 1100, 1500, "leading-uk-region", None),
    HOUSING: (220, 320, 3400, 3700, "uk-average", None),  # the page says "£320m to £220m"
    UTIL: (420, 470, 4400, 4900, "leading-uk-region", None),
}

FSP, LC, FDI, DCF, EGF, LAIF, TIF = ("future-skills-pathway", "location-coordination", "foreign-direct-investment",
                                     "direct-competitive-funding", "early-growth-fund",
                                     "land-assembly-infrastructure-fund", "transport-infrastructure-fund")
LEVERS = {
    EV: {FSP, LC, DCF}, HEALTH: {FSP, LC, FDI, EGF, LAIF}, AERO: {FSP, DCF, LC, FDI}, LOGI: {FSP, TIF, LAIF},
    PROF: {LC, FDI, EGF, TIF}, CREATIVE: {FSP, LC, DCF, EGF}, HOUSING: {FSP, LC, LAIF}, UTIL: {FSP, DCF, LAIF},
}
LEVER_REACH = {FSP: 7, LC: 6, DCF: 4, LAIF: 4, EGF: 3, FDI: 3, TIF: 2}

PLACES = {
    EV: {"sandwell", "walsall", "solihull", "birmingham", "stratford-on-avon", "coventry"},
    HEALTH: {"birmingham", "east-staffordshire", "rugby"},
    AERO: {"wolverhampton", "dudley", "nuneaton-and-bedworth"},
    LOGI: {"walsall", "cannock-chase", "tamworth", "solihull", "rugby", "north-warwickshire"},
    PROF: {"birmingham", "coventry", "wolverhampton"},
    CREATIVE: {"birmingham", "warwick"},
    HOUSING: {"wolverhampton", "dudley", "coventry", "wyre-forest"},
    UTIL: {"warwick", "coventry", "sandwell", "solihull"},
}
SHARED_PLACES = {"birmingham": 4, "coventry": 4, "solihull": 3, "wolverhampton": 3, "sandwell": 2, "walsall": 2,
                 "rugby": 2, "dudley": 2, "warwick": 2}
UNCODED_PLACES = ("black-country", "digbeth", "leamington", "hams-hall", "greater-south-east")
GSS = {
    "birmingham": "E08000025", "coventry": "E08000026", "dudley": "E08000027", "sandwell": "E08000028",
    "solihull": "E08000029", "walsall": "E08000030", "wolverhampton": "E08000031", "cannock-chase": "E07000192",
    "east-staffordshire": "E07000193", "tamworth": "E07000199", "north-warwickshire": "E07000218",
    "nuneaton-and-bedworth": "E07000219", "rugby": "E07000220", "stratford-on-avon": "E07000221",
    "warwick": "E07000222", "wyre-forest": "E07000239",
}

# entity IRI tail: {cluster: source lines of the statements that mention it}
SHARED_ENTITIES = {
    "organisation/wmg": {EV: {34, 42}, UTIL: {398}},
    "asset/east-midlands-airport": {AERO: {129}, LOGI: {185}},
    "programme/business-and-tourism-programme": {HEALTH: {94}, PROF: {241}},
    "event/commonwealth-games": {PROF: {241}, CREATIVE: {290, 298}},
    "programme/west-midlands-co-invest-fund": {PROF: {245}, CREATIVE: {300}},
    "organisation/west-midlands-combined-authority": {CREATIVE: {277}, HOUSING: {332}},
}

# cluster: bullets in drivers, places, leadership, strengths, actions, levers
SECTION_COUNTS = {
    EV: (3, 6, 2, 5, 4, 3),
    HEALTH: (4, 3, 2, 4, 3, 4),
    AERO: (3, 3, 1, 4, 3, 3),
    LOGI: (4, 6, 1, 5, 3, 3),
    PROF: (3, 3, 1, 3, 4, 3),
    CREATIVE: (3, 2, 3, 4, 4, 4),
    HOUSING: (3, 4, 2, 3, 3, 3),
    UTIL: (4, 4, 1, 4, 4, 3),
}
STATEMENTS = {c: sum(counts) for c, counts in SECTION_COUNTS.items()}
