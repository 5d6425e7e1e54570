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

# The plan's six cross-cutting interventions (issue 26). The page writes the second one two ways,
# "Location coordination" (lines 62, 306, 354) and "Location coordination and FDI" (lines 101, 151,
# 249): one lever, named as the plan names it, "Business location coordination and foreign direct
# investment" (WMCA, West Midlands Plan for Growth, Primary Clusters); its slug stays
# location-coordination.
FSP, LC, DCF, EGF, LAIF, TIF = ("future-skills-pathway", "location-coordination", "direct-competitive-funding",
                                "early-growth-fund", "land-assembly-infrastructure-fund",
                                "transport-infrastructure-fund")
LC_LABEL = "Business location coordination and foreign direct investment"
# Read off each profile's levers section: EV 60-64, health 100-105, aerospace 147-151, logistics 201-205,
# professional 249-253, creative 304-310, housing 352-356, utilities 404-408.
LEVERS = {
    EV: {FSP, LC, DCF}, HEALTH: {FSP, LC, EGF, LAIF}, AERO: {FSP, DCF, LC}, LOGI: {FSP, TIF, LAIF},
    PROF: {LC, EGF, TIF}, CREATIVE: {FSP, LC, DCF, EGF}, HOUSING: {FSP, LC, LAIF}, UTIL: {FSP, DCF, LAIF},
}
# Counted from LEVERS by hand: FSP in all but PROF (7); LC in all but LOGI and UTIL (6); DCF in EV, AERO,
# CREATIVE, UTIL (4); LAIF in HEALTH, LOGI, HOUSING, UTIL (4); EGF in HEALTH, PROF, CREATIVE (3); TIF in
# LOGI, PROF (2). 26 lever uses in all (3+4+3+3+3+4+3+3).
LEVER_REACH = {FSP: 7, LC: 6, DCF: 4, LAIF: 4, EGF: 3, TIF: 2}

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
# The Commonwealth Games are not shared: line 241 names the "Commonwealth Games Business and Tourism
# Programme", one name (the programme), and the event itself is named only at lines 290 and 298.
SHARED_ENTITIES = {
    # line 34 names the task force "West Midlands Automation WMG Electrification Task Force", one name
    "organisation/wmg": {EV: {42}, UTIL: {398}},
    "asset/east-midlands-airport": {AERO: {129}, LOGI: {185}},
    "programme/business-and-tourism-programme": {HEALTH: {94}, PROF: {241}},
    "programme/west-midlands-co-invest-fund": {PROF: {245}, CREATIVE: {300}},
    "organisation/west-midlands-combined-authority": {CREATIVE: {277}, HOUSING: {332}},
}
COMMONWEALTH_GAMES_LINES = {CREATIVE: {290, 298}}

# Who leads each cluster, read bullet by bullet from the leadership sections:
# entity IRI tail: the leadership lines that present it as leading or governing the cluster.
LEADERS = {
    EV: {"organisation/smmt": {32},  # "National bodies like SMMT": a list, no bullet of the section says who
         # the garbled "West Midlands Automation WMG Electrification Task Force" (quality note), one body
         "organisation/west-midlands-automation-wmg-electrification-task-force": {34}},
    HEALTH: {"organisation/medilink-midlands": {83},  # "Business leadership from bodies like ..."
             "organisation/west-midlands-health-tech-cluster-body": {83},
             "organisation/association-of-health-tech-businesses": {83}},
    AERO: {"organisation/midlands-aerospace-alliance": {125}},  # "Business leadership provided by ..."
    LOGI: {},  # 179: unnamed "West Midlands partners" lead, "working alongside" Logistics UK and the RHA
    PROF: {"organisation/west-midlands-growth-company": {226}},  # "..., working in conjunction with SuperTech"
    # 275 and 277 open with "Create Central"; 279: "Economic Growth Board supported Create Central's work"
    CREATIVE: {"organisation/create-central": {275, 277}},
    HOUSING: {},  # 330: "leadership is evolving"; 332: the WMCA "will ... support cluster leadership"
    UTIL: {"organisation/energy-capital": {382}},  # "Business leadership provided by Energy Capital"
}
# Named in a leadership bullet beside the leaders, but not leading: involved only.
LEADERSHIP_INVOLVED_ONLY = {
    HEALTH: {"organisation/midlands-innovation-health", "organisation/birmingham-health-partners",  # 84: "networks
             "organisation/west-midlands-academic-health-science-network"},  # like ...", beside 83's leadership
    LOGI: {"organisation/logistics-uk", "organisation/road-haulage-association"},  # 179: worked alongside
    PROF: {"organisation/supertech"},  # 226: "working in conjunction with SuperTech"
    CREATIVE: {"programme/creative-content-cluster-growth-programme",  # 277: delivered by Create Central
               "organisation/british-film-institute", "organisation/west-midlands-combined-authority",  # funders
               "organisation/bop",  # 277: "positive independent evaluation from BOP"
               "organisation/economic-growth-board",  # 279: "supported Create Central's work"
               "programme/long-term-cluster-plan"},  # 279: the plan Create Central worked on
    HOUSING: {"organisation/west-midlands-combined-authority"},  # 332: supports cluster leadership
}

# Every programme, plan or initiative the page names in lower case (bullets outside the levers
# sections), with the bullet's line and what it is: an entity IRI tail, or None for a kind or a
# proposal the page does not identify (listed in not_entities).
LOWER_CASE_PROGRAMMES = {
    "diagnostics and early intervention hubs": (72, None),
    "data-driven health strand": (94, None),
    "£1bn+ transport infrastructure programme": (239, "programme/transport-infrastructure-programme"),
    "city centre": (239, None),  # "city centre concentrations of clusters": not a programme at all
    "global network of ambassadors": (243, None),
    "creative content cluster growth programme": (277, "programme/creative-content-cluster-growth-programme"),
    "long-term cluster plan": (279, "programme/long-term-cluster-plan"),
    "10yr plan": (283, "programme/ten-year-plan"),
    # on page line 284, in the bullet that starts at line 283
    "3yr cluster development growth plan": (283, "programme/three-year-cluster-development-growth-plan"),
    "specialist skills bootcamp": (286, "programme/skills-bootcamp"),
    "regional zero carbon homes route map": (344, "programme/zero-carbon-homes-route-map"),
    "centre of excellence": (346, None),
    "intensive skills programmes": (346, None),
    "major investment plans": (366, None),
    "industrial symbiosis programmes": (392, None),
    "competitive business programmes": (398, None),
    "initiative to reuse waste carbon from aerospace to turn waste water and sewerage in to hydrogen":
        (398, "programme/waste-carbon-reuse-initiative"),
    "skills plan": (400, None),
    "project management": (400, None),  # a skill, caught by the word "project"
}

# Section boundaries the page does not show (no separator line, no change of bullet style):
# (cluster, section of the bullet after the boundary, its line, line of the bullet before it).
INFERRED_BOUNDARIES = {
    (HEALTH, "strengths", 86, 84), (HEALTH, "actions", 94, 92), (HEALTH, "levers", 100, 98),
    (LOGI, "places", 165, 163), (LOGI, "actions", 193, 191),
    (UTIL, "actions", 394, 392),
}
# Lever wordings that are not exactly the label of their one lever: (cluster, line).
# "Location coordination" (62, 306, 354) and "Location coordination and FDI" (101, 151, 249) are mapped to
# the lever labelled "Business location coordination and foreign direct investment".
MAPPED_LEVER_WORDINGS = {(EV, 62), (HEALTH, 101), (AERO, 149), (AERO, 151), (LOGI, 203), (PROF, 249), (PROF, 251),
                         (CREATIVE, 306), (HOUSING, 354)}

# Labels that are not a form the page gives (each carries a quality note saying where it comes from).
LABELS_NOT_ON_PAGE = {
    "place/stratford-on-avon",  # the page: "Stratford" (line 26)
    "place/nuneaton-and-bedworth",  # the page: "Nuneaton & Bedworth" (line 121)
    "organisation/west-midlands-combined-authority",  # the page: "WMCA" (lines 277, 332)
    "asset/birmingham-airport",  # the page: "large passenger (Birmingham) ... airports" (line 129)
    "lever/location-coordination",  # the plan's name; the page: "Location coordination (and FDI)"
    "benchmark/leading-uk-region", "benchmark/uk-average", "benchmark/accelerated-growth",  # short names of ours
}

# Every resource with a quality note (IRI tail).
QUALITY_NOTES = {
    "place/stratford-on-avon", "place/nuneaton-and-bedworth",  # names from the ONS register
    "organisation/west-midlands-combined-authority", "asset/birmingham-airport", "asset/urban-drone-airport",
    "programme/business-and-tourism-programme",  # line 94 gives only "Business and Tourism Programme"
    "programme/ten-year-plan", "programme/three-year-cluster-development-growth-plan",  # maybe the same as others
    "lever/location-coordination",  # the plan's name for the intervention
    "benchmark/leading-uk-region", "benchmark/uk-average", "benchmark/accelerated-growth",  # our labels
    "organisation/west-midlands-automation-wmg-electrification-task-force",  # line 34, garbled
    "organisation/manufacturing-technology-centre",  # typed as WMG beside it (line 42)
    "programme/life-sciences-opportunity-zone",  # a "status" (line 94)
    "programme/west-midlands-investment-prospectus", "programme/single-commissioning-framework",  # no class
    "source/cluster-growth-profiles",  # the page states no licence
    *(f"cluster/{c}" for c in PAGE_ORDER),  # where each short name (and EV's hidden label) comes from
    f"cluster/{EV}/lever-use/2", f"cluster/{CREATIVE}/lever-use/2", f"cluster/{HOUSING}/lever-use/2",  # 62, 306, 354
    f"cluster/{HEALTH}/leadership/2",  # 84: networks, not leading
    f"cluster/{CREATIVE}/leadership/3",  # 279: Create Central supported, not leading
    f"cluster/{HOUSING}/growth-opportunity",  # "£320m to £220m"
    f"cluster/{EV}/driver/3", f"cluster/{EV}/leadership/2",
    f"cluster/{HEALTH}/strength/1", f"cluster/{HEALTH}/action/1", f"cluster/{HEALTH}/lever-use/1",
    f"cluster/{HEALTH}/lever-use/2",
    f"cluster/{AERO}/lever-use/2", f"cluster/{AERO}/lever-use/3",
    f"cluster/{LOGI}/location/1", f"cluster/{LOGI}/leadership/1", f"cluster/{LOGI}/action/1",
    f"cluster/{LOGI}/action/3",  # line 197 reads like a strength
    f"cluster/{LOGI}/lever-use/2",
    f"cluster/{PROF}/driver/3", f"cluster/{PROF}/lever-use/1", f"cluster/{PROF}/lever-use/2",
    f"cluster/{UTIL}/driver/4", f"cluster/{UTIL}/action/1",
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

# Assets the page places (issue 26): asset IRI tail: (place or asset IRI tail, line of the bullet).
SITES = {
    "asset/british-volt-facility": ("place/hams-hall", 46),  # "Future British Volt facility at Hams Hall"
    "asset/west-midlands-gigafactory": ("asset/coventry-airport", 50),  # "West Midlands Gigafactory at Coventry Airport"
    "asset/rosalind-franklin-laboratory": ("place/leamington", 92),  # "Rosalind Franklin Laboratory in Leamington"
    "asset/creative-content-hub": ("place/digbeth", 265),  # "Creative Content Hub at The Bond, Digbeth"
    "asset/national-brownfield-institute": ("place/wolverhampton", 338),  # "National Brownfield Institute in Wolverhampton"
    "asset/screen-school": ("place/wolverhampton", 286),  # "Screen School opened in Wolverhampton"
}
# The only homepage kept: the WMCA's, the site the source page is published on (its address names it).
HOMEPAGES = {"organisation/west-midlands-combined-authority": "https://www.wmca.org.uk/"}
SOURCE_ADDRESS = ("https://www.wmca.org.uk/documents/strategies/plan-for-growth/west-midlands-plan-for-growth/"
                  "cluster-growth-profiles/")
