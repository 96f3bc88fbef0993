"""The words the extraction rules look for: cue words of each metric, distractor contexts,
units and conversions."""

from __future__ import annotations

import re

CUMULATIVE = ("cumulative_entries", "cumulative_departures", "call_ups", "cumulative_exits")
NATIONAL_METRICS = ("cumulative_departures", "call_ups")


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


CASUALTY = _re(
    r"\b(?:killed|wounded|dead|deaths?|died|casualt\w+|injur\w+|losses|captured|"
    r"prisoners?|missing\s+in\s+action|lost\s+(?:as\s+many\s+as|up\s+to|some|about)?)\b"
)
PROTEST = _re(r"\b(?:protest\w*|rall(?:y|ies)|demonstrat\w+|detain\w*|arrest\w*|detention\w*)\b")
BORDER_LENGTH = _re(  # "1,340 km of border with Russia", "the frontier is around 1,340 km"
    r"^\s*-?\s*(?:long\s+|-long\s+)?(?:of\s+)?(?:land\s+|shared\s+|common\s+)?"
    r"(?:border|frontier|boundary)|\bborder\b.{0,60}\blong\w*\b|\blength\b"
    r"|\b(?:border|frontier|boundary)\s+(?:is|runs|stretches|measures|spans)\b"
)
DISTANCE = _re(
    r"^\s*(?:\w+\s+){0,2}(?:east|west|north|south|from|away|outside|inside|beyond|above|"
    r"below|high|deep|wide)\b|^\s*of\s+(?:the\s+)?(?:road|highway|track)"
)
# A figure the speaker calls false, a capacity, a refusal or an application is no observation.
DENIED = _re(
    r"\b(?:false|fake|not\s+(?:correct|true)|untrue|(?:does|do|did)\s+not\s+correspond|"
    r"exaggerat\w*|dismiss\w*|denied|deny|denies|rejected|rumou?rs?|no\s+such\s+figure|"
    r"misinformation|disinformation|(?:reports?|claims?|rumou?rs?)\s+on\s+social\s+media|viral\s+posts?|nothing\s+like\s+that|absurd|nonsense|baseless|groundless|"
    r"unfounded|fabricat\w+|implausible|inaccurate|incorrect|(?:was|were|is|are)\s+(?:wrong|incomplete)|"
    r"should\s+not\s+be\s+(?:used|presented|cited|quoted)|ignore\s+the|"
    r"no\s+(?:[\w-]+\s+){0,3}?(?:body|bodies|source|sources|data|evidence|figures?|one|agency|"
    r"authority|authorities|statistics|estimates?)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:supports?|confirms?|backs?\s+up))\b"
    # "no official body supports", not "no end in sight as traffic backs up"
)
NOT_FLOW = _re(
    r"\b(?:asylum|international\s+protection|(?<!-)visas?(?!\s+(?:ban|holders?|rules|regime))|not\s+(?:be\s+)?(?:allow\w*|permit\w*|admit\w*)|turned\s+back|turning\s+back|turn\s+back|refus\w+|denied\s+entry|"
    r"applied|applications?|accounts|entrepreneurs|identification\s+numbers|deport\w*|capacity|"
    r"able\s+to\s+(?:process|handle)|designed\s+(?:for|to)|built\s+(?:for|to)|throughput|"
    r"(?:residence|work)\s+permits?|net\s+(?:inflow|outflow|migration|balance)|difference\s+between|from\s+other\s+regions|prepared\s+to\s+handle|can\s+(?:process|handle)|"
    r"normally|in\s+normal\s+operation|(?<!since\s)before\s+the\s+(?:\w+\s+)?pandemic|"
    r"pre-pandemic|"
    r"before\s+covid|a\s+year|per\s+year|annually|buses|coaches|minibuses|last\s+year|"
    r"the\s+previous\s+year|a\s+year\s+(?:ago|earlier)|"
    r"in\s+(?:19|20)\d\d|planned|trucks|lorries|hauliers?|haulage|truckers?|cargo|freight|meals|distributed|on\s+duty|(?:average|median|mean)\s+age|"
    r"aged|years?\s+old|older\s+than|younger\s+than|(?:over|under)\s+the\s+age\s+of|survey|poll|tickets?|sent\s+home|in\s+error|wants?\s+to|wanted\s+to|"
    r"wish(?:es|ed)?\s+to|hop(?:e|es|ed|ing)\s+to|intend\w*\s+to|tried\s+to|trying\s+to|"
    r"attempt\w*|summons(?:es)?|"
    r"at\s+(?:the|our)\s+(?:help\s+)?(?:desk|shelter|hall|centre|center|hotline)(?!\s+of\b))\b"
)
OF_SIZE = _re(
    r"\b(?:city|town|country|nation|village|region|republic|population|man|woman|person)\s+of\s+"
    r"(?:some|about|around|roughly|nearly|almost|over|more\s+than)?\s*$"
)
QUEUE = _re(
    r"\b(?:queu\w*|lines?|lanes?|lined|jam\w*|tailbacks?|tail|backed\s+up|backlog|waiting|waited|stuck|"
    r"accumulation|(?:cars|vehicles)\s+to\s+go|"
    r"traffic|column|convoy|stretch\w*|snak\w+|gridlock\w*|await\w*|congestion|"
    r"ahead\s+of\s+(?:us|them|me|him|her))\b"
    r"|\bon\s+the\s+approach(?:es)?\s+road\b"
    r"|\b(?:before|in\s+front\s+of|at\s+the\s+approach\s+to|on\s+the\s+approaches\s+to|"
    r"in\s+the\s+direction\s+of)\s+the\s+(?:[\w-]+\s+){0,2}(?:checkpoint|crossing|mapp|barrier|"
    r"gate|booths?)\b"
)
WAIT = _re(
    r"\b(?:wait\w*|queu\w*|took|take[sn]?|spent|spend|spends|spending|stuck|delay\w*|"
    r"(?:get|got|getting|made\s+it)\s+through|"
    r"to\s+cross|in\s+(?:a\s+|the\s+)?line|stood|standing|been\s+(?:here|there|stuck)|time\s+(?:required|needed)|to\s+pass|processing\s+time|"
    r"crossing\s+time|start\s+to\s+finish|door[\s-]+to[\s-]+door|from\s+(?:joining|the\s+(?:back|tail|end))|"
    r"to\s+the\s+(?:\w+\s+)?(?:stamp|booth|barrier|gate|passport\s+control))\b"
)
VEHICLES_CROSSED = _re(
    r"\b(?:cross(?:ed|ing)|pass(?:ed|ing)|cleared|went\s+through|processed|handled|entered|formali[sz]ed|"
    r"completed\s+(?:customs|border)\s+formalities|"
    r"let\s+through|from\s+(?:RU|RF|Russia))\b"
)
CALLUP = _re(
    r"\b(?:drafted|called\s+up|calling\s+up|call\s+up|call-?ups?|mobili[sz]ed|joined\s+the\s+"
    r"(?:army|armed\s+forces|military)|"
    r"conscripted|summons(?:es)?|call-up\s+papers|enlisted|draftees)\b"
)
PLAN_BEFORE = _re(
    r"\b(?:order\w*|decree\w*|calling\s+up|call\s+up|target\w*|plans?|would|will|"
    r"aim\w*|called\s+for|seeks?|sought|goal|quota|call-up\s+of|short\s+of)\b[^.;]{0,30}$"
)
# "200,000 had been called up, on the way to the target": the figure itself is done
DONE_AFTER = _re(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:(?:have|has|had)\s+(?:already\s+|now\s+)?been|were|was)\s+"
    r"(?:called\s+up|mobili[sz]ed|drafted|conscripted|enlisted)\b"
)
# A figure dated only "before the order": a level of ordinary times, not of the exodus
BASELINE = _re(
    r"(?<!since\s)\bbefore\s+(?:the\s+|this\s+|putin's\s+)?(?:partial\s+)?(?:mobili[sz]ation|order|decree|"
    r"announcement|call-?up|war)\b|\busual(?:ly)?\b|\bordinar(?:y|ily)\b|\btypical(?:ly)?\b|"
    r"(?<!since\s)\bbefore\s+(?:the\s+)?(?:\w+\s+)?(?:pandemic|covid)|\bpre-(?:pandemic|war|covid)\b"
)
# What happened to the people after they were counted: "9,000 men ... had been sent home"
UNDONE_AFTER = _re(
    r"\b(?:sent\s+(?:back\s+)?home|turned\s+(?:back|away)|refused|deport\w*|denied\s+entry|"
    r"demobili[sz]ed|sent\s+back|(?:been|were|was)\s+(?:returned|released)(?:\s+home)?|"
    r"moved\s+on|moving\s+on|travel\w*\s+on(?:ward)?|gone\s+on|went\s+on\s+to)\b"
)
# "of whom 18,720 were men": a part of the count before it
PART_OF = _re(r"\b(?:of\s+whom|of\s+which|among\s+whom|among\s+them)\s+(?:\w+\s+)?$")
DONE = _re(r"\b(?:completed|fulfilled|accomplished|finished|achieved|carried\s+out)\b")
PLAN_AFTER = _re(
    r"^\s*(?:[\w-]+\s+)?(?:announced|ordered|planned|sought|targeted)\b|"
    r"^[^.;]{0,60}\b(?:initially\s+called\s+for|(?:to|would|will)\s+be\s+(?:called|drafted|"
    r"mobili[sz]ed)|target|planned|(?:said\s+)?(?:it|they|he)\s+(?:needed|wanted|required))\b"
)
ENTRY = _re(
    r"\b(?:enter\w*|entr(?:y|ies)|entrances?|arriv\w+|crossed|cross(?:ing|es)?\s+into|came|come|"
    r"(?:has|have|had)\s+received|"
    r"coming|fled\s+(?:to|into|there)|(?:persons|people|travellers|citizens)\s+into\s+(?-i:[A-Z])\w*|flee\w*\s+(?:to|into)|visitors|"
    r"reach\w*\s+(?:the\s+(?:border|country|checkpoint|crossing|frontier)|(?-i:[A-Z]))|"
    r"went\s+through|let\s+through|let\s+in|passed(?:\s+through)?|admitted|border\s+crossings|entrants|processed|"
    r"t[oa]ke?n?\s+in|took\s+in|used\s+the\s+(?:\w+\s+)?(?:crossing|checkpoint|post)|"
    r"travel\w*\s+(?:in)?to\s+(?!russia)(?-i:[A-Z])\w*)\b"
)
DEPART = _re(
    r"\b(?:left|leave|leaving|fled|flee\w*|depart\w*|exodus|emigrat\w+|out\s+of\s+russia)\b"
)
EXIT = _re(
    r"\b(?:exit(?:ed|s|ing)?|(?:went|going|gone|crossed|crossing|headed|heading|travelled|traveled|"
    r"travelling)\s+(?:back\s+)?the\s+other\s+way|"
    r"crossed\s+back|(?:gone|went|go|headed|heading|going|"
    r"returned|returning|travel\w*|come|came)\s+back|back\s+(?:to|into)\s+russia|"
    r"(?:into|to|for)\s+(?:russia|the\s+russian\s+federation)|left\s+(?:\w+\s+){0,3}again|"
    r"departures?\s+from|(?:in\s+)?the\s+(?:opposite|other)\s+direction|(?:returned|went|gone|headed)\s+home|"
    r"(?:re-?)?entered\s+(?:the\s+)?russia(?:n\s+federation)?|"
    r"(?:left|departed|leaving)\s+(?:the\s+territory\s+of\s+)?the\s+(?:republic|kingdom)|"
    r"in\s+the\s+direction\s+of\s+exit(?!\s+from\s+(?:the\s+)?russia)|"
    r"(?:was|were|has\s+been|had\s+been)\s+left\s+by|travel\w*\s+out\s+of|"
    r"(?:travel\w*|drove|went|headed)\s+(?:out\s+)?(?:back\s+)?towards?\s+russia)\b"
)
ABROAD = _re(r"\b(?:russia|the\s+country|abroad|their\s+homeland)\b")
# "fled to neighbouring countries": a count over no one country, so a departure from Russia
ELSEWHERE = _re(
    r"\b(?:to|for|into)\s+(?:the\s+)?(?:\w+\s+)?(?:neighbou?ring|other|foreign|several|various)\s+"
    r"(?:countries|states)\b|\babroad\b"
)
RATE = _re(
    r"\b(?:per\s+day|a\s+day|daily|each\s+day|every\s+day|per\s+24\s+hours|a\s+24-hour|"
    r"on\s+average|an\s+average|a\s+single\s+day|day-on-day|in\s+one\s+day)\b|/day"
)
COMPARE = _re(r"^\W*(?:this\s+compares|compared|up\s+from|down\s+from|against|versus|vs\.?)\b")
SAY = _re(
    r"\b(?:said|says|say|told(?:\s+(?:reporters|us|journalists|\w+))?|tells|reported|"
    r"reports|announced|announces|estimated|estimates|counted|counts|added|stated|"
    r"confirmed|wrote|writes|noted|put\s+the\s+figure|posted|tweeted)\b"
)
CITED = _re(r"\b(?:according\s+to|citing|quoting|cited\s+by)\s+([^,;.]+)")
PRONOUN = _re(r"^(?:he|she|they|it|we|i|the\s+(?:minister|ministry|agency|official|service))$")
AGENT = _re(
    r"\b(?:officials?|officers?|police|ministry|minister|government|guard|authorities|"
    r"service|office|agency|outlet|group|drivers?|witnesses|head|spokes\w+|media|source|"
    r"bloggers?|volunteers?|monitors?|reporters?|correspondents?|observers?|journalists?)\b"
)
HERE = _re(
    r"\b(?:here|through\s+it|the\s+(?:same|said|this)\s+(?:crossing|checkpoint|post|port|station)|"
    r"(?:his|her|their|our|my)\s+(?:post|checkpoint|crossing)|"
    r"(?:head|chief|commander)\s+of\s+the\s+(?:checkpoint|post|crossing|port)|"
    r"the\s+said\s+checkpoint|"
    r"(?:through|at|via)\s+the\s+(?:checkpoint|crossing(?:\s+point)?|station))\b"
)
CLAUSE_SPLIT = _re(
    r";|\s[—–-]\s|,\s+(?:and|but|while|whereas)\s+|,?\s+(?=(?:up|down)\s+from\b)"
    r"|,?\s+(?=compared\s+(?:with|to)\b)|,\s+(?=against\b)"
)
COMPARISON = _re(
    r"\b(?P<q>nearly|almost|more\s+than|roughly|about)?\s*(?P<verb>doubled|tripled|"
    r"trebled|quadrupled|halved)\b"
)
FACTORS = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 0.5}
UNIT_WORDS: dict[str, str] = {}
for _unit, _words in {
    "km": "km kms kilometre kilometres kilometer kilometers",
    "mile": "mile miles mi",
    "metre": "m metre metres meter meters",
    "hour": "hour hours hr hrs h",
    "minute": "minute minutes min mins",
    "day": "day days",
    "week": "week weeks",
    "month": "month months",
    "year": "year years year-old years-old",
    "percent": "percent % pc",
    "vehicle": "car cars vehicle vehicles automobiles trucks lorries buses minibuses vans "
    "auto-transport",
    "thing": "children",
    "money": "dollars euros euro roubles rubles rouble ruble rub lari tenge drams manat tögrög "
    "tugrik usd eur kroner krone kronor nok zloty",
    "person": "people persons women russians citizens men travellers travelers visitors arrivals "
    "entries departures exits entrants returnees newcomers "
    "nationals reservists draftees recruits soldiers troops individuals migrants refugees "
    "tourists crossings passengers foreigners",
}.items():
    UNIT_WORDS.update(dict.fromkeys(_words.split(), _unit))
SKIP_ADJ = set(
    "russian more additional other new foreign young military-age fighting-age calendar working "
    "passenger private extra ethnic male border-crossing russian-registered light motor "
    "heavy".split()
)
FUNCTION = set(
    "of in at on to a an the had have has were was is are per daily since by and or "
    "but into from that this who which with as over for each every alone more than "
    "so far already".split()
)
TO_KM = {"km": 1.0, "mile": 1.609344}
TO_HOURS = {"minute": 1 / 60, "hour": 1.0, "day": 24.0, "week": 168.0}
VEHICLE_WORDS = _re(r"\b(?:vehicles?|cars?|auto-?transport|automobiles|buses|trucks)\b")
CROSSING_ONLY = ("queue_vehicles", "daily_vehicles", "queue_km", "wait_hours")

# Structure of a figure's clause (rules.py)
FIGURE_OF = _re(
    r"\b(?:figure|number|count|tally|total)\b[^.;]{0,50}?\b(?:at|was|is|of|stood\s+at|reached|became|"
    r"passed|constitutes|to|hit|exceeded)\s*(?:~|some|about|around|roughly|nearly|almost|over|"
    r"more\s+than|just\s+over|upwards\s+of)?\s*$"
)

# "On Wednesday evening it counted 5,600": a count whose subject is the last sentence's
COUNTED = _re(
    r"\b[a-z][\w-]*\s+(?:now\s+|also\s+)?(?:counted|counts|"
    r"recorded|records|registered|registers|logged|logs|reported|reports)\s*"
    r"(?:~|some|about|around|roughly|nearly|almost|over|more\s+than|just\s+over)?\s*$"
    r"|\b(?:we|they)\s+had\s*$"  # "On the 21st itself we had 643."
)

DURATION_BEFORE = _re(
    r"\b(?:within|over|during|after|past|last|next|first|in\s+the\s+(?:past|last|first))\s+"
    r"(?:the\s+)?$"
)

DAILY_SUBJECT = _re(
    r"\b(?:daily|per-day|average)\s+(?:number|count|figure|total|tally|arrivals|entries|flow|"
    r"influx|rate)\b"
)

SUBJECT_OF = _re(r"\b(?:number|count|figure|total|tally)\s+of\s+((?:[\w-]+\s+){0,2}[\w-]+)\b")

PROJECTED = _re(
    r"\b(?:expects?|expected|expecting|forecasts?|predicts?|predicted|anticipates?|anticipated|"
    r"projects?|projected|prepar\w+\s+for|brac\w+\s+for|plans?\s+for|fears?)\s+"
    r"(?:that\s+)?(?:\w+\s+){0,2}$|"
    r"\b(?:could|may|might|would|will|(?:is|are)\s+(?:expected|likely|set|projected)\s+to)\s+"
    r"(?:\w+\s+)?(?:reach|hit|top|exceed|rise\s+to|grow\s+to|climb\s+to|go(?:\s+up\s+to)?|be)\s*$"
)  # "may go up to 10,000": "up to" may be the figure's own bound

BARE_LEFT = _re(
    r"(?:have\s+|had\s+)?(?:also\s+|already\s+|since\s+)?(?:left|departed|exited)\b"
    r"(?!\s+(?:the\s+)?(?:russia|russian))"
)

LEFT_RUSSIA = _re(
    r"\b(?:left|departed|leaving|exited)\s+(?:the\s+)?(?:russia|russian\s+federation)\b"
)

# "a petition against the call-up", "before the mobilisation": the call-up is not the figure's
OBJECT_OF = _re(
    r"\b(?:against|before|after|since|during|despite|about|over|on)\s+(?:the\s+|this\s+|a\s+)?$"
)

SUBORDINATE = _re(r"\b(?:as|because|while|although|though|whereas)\s")

# A relative clause between commas ("Georgia, whose count is published daily, put ...") describes
# its noun, not the figure after it: its words are no cue of the figure's.
RELATIVE = _re(r",\s+(?:who|whose|which|where|when)\b[^,]*,")

# "a blogger counted roughly 2,500", "they said around 2k", "put the number of vehicles at
# 2,500": a source's estimate of the thing the last sentence counted
ESTIMATE = _re(
    r"\b(?:said|says|say|reckon(?:s|ed)?|estimated?|guess(?:ed)?|counted|"
    r"put\s+(?:it|the\s+(?:number|count|figure|total|line|queue)(?:\s+of\s+[\w\s]{1,30}?)?)\s+at)"
    r"\s*(?:~|some|about|around|roughly|nearly|almost|over|more\s+than|just\s+over|maybe|"
    r"perhaps)?\s*$"
)
# "Yesterday it was up to 600", "puts it at 3,500 vehicles", "a lower count of 2,500 cars": the
# figure restates the thing the last sentence counted
REFERS_BACK = _re(
    r"(?:\b(?:it|they)\s+(?:was|is|were|are|had\s+been|has\s+been|stood\s+at|reached|"
    r"(?:went|rose|climbed|jumped|fell|dropped)(?=\s+(?:back\s+|down\s+|up\s+)?to\b))"
    r"(?:\s+(?:back|down|up)\s+to)?(?:\s+(?:close\s+to|about|around|nearly|almost))?|"
    r"\bputs?\s+it\s+at|\bthere\s+(?:were|was|are|is)|"
    r"\bput\s+the\s+(?:figure|number|count)\s+(?:\w+,?\s+)?at|"
    r"\b(?:lower|higher|different|smaller|larger)\s+(?:count|figure|number)\s+of)\s*$"
)
# "From St Petersburg to Vaalimaa it is 200 km": a distance between two named places
FROM_TO_PLACES = re.compile(r"\b[Ff]rom\s+(?:[A-Z][\w.'-]*\s+){1,3}to\s+(?:the\s+)?[A-Z]")

# ", many of them transiting onward to Turkey": an aside after a figure, not its place
ASIDE_AFTER = re.compile(
    r",\s+(?:the\s+[\w ]{1,30}?\s+(?:said|added|reported)|(?:many|most|some|half)\s+of\s+them)\b",
    re.IGNORECASE,
)

# Any verb at all (rules.py, reader.py): "At the checkpoint X - about 340 units." has none
VERB_WORDS = r"is|are|was|were|has|have|had|be|been|\w+ed|\w+ing|\w+s\s+(?:at|to)"
VERB = re.compile(rf"\b(?:{VERB_WORDS})\b")
