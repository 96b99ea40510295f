"""How bench/relevance_everyday.json was judged: the rules per need, the queries, the split.

    python bench/everyday_judging.py   # rewrites bench/relevance_everyday.json

Written before any tuning of the ranking, and never changed to suit it. Each need is judged over
cip_2013.json by reading: a record that the directory's own keywords file under the need, or whose
name, services or description opening says it provides it, is grade 2 (grade 1 when it lies outside
San Mateo County and serves only its own area); a related mention is grade 1; records read and
found wrong by the patterns are listed per need (excluded, or given the grade read). A query's
filters are hard constraints: a record that fails them is not relevant. Needs, not queries, are
split: the held-out needs (drawn once with a fixed seed) have no query in the tuning part.
"""

# ruff: noqa: E501  (the judging rules are data: one need per entry, patterns kept whole)

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directory_data import shared_folder  # noqa: E402

# Cities of San Mateo County (and records without a city: county-wide services).
SAN_MATEO = {
    "atherton", "belmont", "brisbane", "burlingame", "colma", "daly city", "east palo alto",
    "foster city", "half moon bay", "hillsborough", "menlo park", "millbrae", "pacifica",
    "portola valley", "redwood city", "san bruno", "san carlos", "san mateo",
    "south san francisco", "woodside", "el granada", "moss beach", "montara", "pescadero",
    "la honda", "loma mar", "princeton", "redwood shores", "emerald hills", "north fair oaks",
    "broadmoor", "ladera", "san gregorio", "none", "", "princeton-by-the-sea", "menlo oaks",
}
# need: (the directory's keywords for it, what says it provides it, a related mention,
#        records read and excluded, records read and graded by hand)
RULES = {
 "food_pantry": ({"Food Pantries","Food Boxes/Food Vouchers","Emergency Food","Brown Bag Food Programs","Food Banks/Food Distribution Warehouses","Food"},
   r"food pantr|food bank|\bgroceries\b|food box|brown bag|emergency food|food closet|food distribution|food voucher",
   r"\bWIC\b|food program",
   {1389,1541,1168,664}, {220:1,613:1,153:1,160:1,953:1,974:1}),
 "hot_meals": ({"Meal Sites/Home-delivered Mea","Meal Sites/Home-delivered Meal","Meal Sites/Home-delivered Meals","Congregate Meals/Nutrition Sites","Food Served/Soup Kitchens","Soup Kitchens","Home Delivered Meals"},
   r"hot meals?\b|free meals?|soup kitchen|dining room|congregate meal|noon meal|lunch program|hot lunch|meals on wheels|serves? (a )?(hot )?(meal|lunch|dinner|breakfast)",
   r"nutrition program|meals? (are|is) served",
   {186,279,568,584,1326,1327,537,307,353,475,731,1453,195,222,766,1331,424}, {236:1,298:1,299:1,629:1,937:1}),
 "rent_help": ({"Housing Expense Assistance","Temporary Financial Assistance","Rental Deposit Assistance"},
   r"\brent(al)? (assistance|subsid\w*|deposit)|rental and utilit|with (first|back|delinquent) (and last )?(month'?s? )?rent|back rent|eviction prevention|homelessness prevention|assistance with rent|help with rent|rent assistance",
   r"emergency financial assistance",
   {229,463,27,35,96,292,315,409,513,595,751,873,899,953,968,981,995,999,1336,1406,1621,1091,186,423,1325}, {229:1,463:1,1642:1,111:1,114:1,116:1,872:1,887:2}),
 "utility_help": ({"Utility Assistance","Utilities","Weatherization"},
   r"utility (assistance|bill|payment)|utilit(y|ies) (shut|assistance)|pg&e (assistance|bill)|energy assistance|project reach|\bREACH\b|\bliheap\b|weatheriz|help pay (utility|energy)|utility-payment|care program",
   r"shut-?off",
   {185,195,222,279,766,1331,538,747,1105,1031,58,235,292,381,407,408,459,682,769,788,924,927,944,958,965,971,987,1007,1131,1369,1457,1461,1541,1622}, {198:1,1308:1,887:2}),
 "shelter": ({"Homeless Shelter","Shelter/Refuge","Emergency Shelter","Homeless Motel Vouchers","Transitional Housing/Shelter","Homeless Families","Homeless People"},
   r"\bshelters?\b(?! (buildings|grants?))|homeless (help|shelter|services|families|people|adults)|motel voucher|transitional housing|emergency housing",
   r"homeless",
   {341,619,640,670,699,1349,40,41,129,257,406,1391,1392,1533,1308,65,620,661,945,957,1086,1150,193,1522,537,85,144,96,715,907,952,1394,1404,1642,982,996,1378,990,865,1661}, {385:1,109:1,943:1,1395:1,24:1,1634:1}),
 "affordable_housing": ({"Low Income/Subsidized Private Rental Housing","Low Income/Subsidized Rental Housing","Senior and Disabled Housing","Family Housing/Shared Housing","Older Adult/Disability Related Supportive Housing","Subsidized","Housing"},
   r"affordable housing|low[- ]income (housing|apartment|rental|persons)|subsidized housing|public housing|section 8|housing authority|home ?sharing|shared housing|housing (search|locat|placement|referral|counsel)",
   r"apartments",
   {341,385,3,982,666,640,1030,1609,488}, {529:1,1667:2,1131:1,936:1}),
 "dental": ({"Dental","Dental Care"},
   r"\bdental (care|clinic|services|exam|health|treatment|coverage)|\bdentist(s|ry)?\b|\bteeth\b|\boral health|orthodont|\bdental\b",
   r"(?!)",
   {154,160,499,6,1561,1618,1620}, {1561:1,1618:1,170:1,120:2,363:1,652:1,637:1,769:1}),
 "medical_clinic": ({"Community Clinics","Outpatient Care","Medical Assistance","Veteran Outpatient Clinics"},
   r"free (medical )?clinic|community (health )?clinic|health center\b|primary (health )?care|urgent care|medical (clinic|care|services)|family health|mobile clinic",
   r"\bclinic\b",
   {1475,904,830,1451,636,642,982,1305,1616,1617,1574,498,386,452,337,1119,766,374,823,1393,1534,932,6}, {}),
 "counseling": ({"Individual/Group Counseling","Individual Counseling","Family Counseling","Group Counseling","Conjoint Counseling","Outpatient Mental Health Facilities","Marriage Counseling","Geriatric Counseling","Adolescent/Youth Counseling"},
   r"psychotherap|\btherapist|mental health (services|counseling|treatment|clinic|center)|(individual|family|group|couples|marriage|personal) (and (family|group) )?counseling|counseling (services|center)|psycholog",
   r"(?!)",
   set(), {}),
 "substance_abuse": ({"ALCOHOLISM SERVICES","DRUG ABUSE SERVICES","Detoxification","Residential Alcoholism Treatment Facilities","Residential Drug Abuse Treatment Facilities","Substance Abuse Treatment Programs","Comprehensive Outpatient Substance Abuse Treatment","Comprehensive Outpatient Alcoholism Treatment","Comprehensive Outpatient Drug Abuse Treatment","Alcoholism Counseling","Drug Abuse Counseling","Substance Abuse Counseling","Substance Abuse Day Treatment","Inpatient Substance Abuse Treatment Facilities","Drug-Free Treatment"},
   r"substance abuse (treatment|program|services|counseling)|alcohol and (other )?drug|drug (treatment|rehab|abuse treatment)|\bdetox|addiction|alcoholics anonymous|narcotics anonymous|sober living|recovery (home|program|residence)|chemical dependency",
   r"alcohol|substance abuse|\bdrugs?\b",
   set(), {}),
 "domestic_violence": ({"Spouse/Domestic Partner Abuse Counseling","Domestic Violence Issues","Crisis/Abuse Intervention/Hot","Sexual Assault Treatment"},
   r"domestic violence|battered|family violence|intimate partner|abusive relationship|relationship abuse|restraining order",
   r"sexual assault|\brape\b",
   set(), {}),
 "legal_aid": ({"General Legal Aid","Legal Representation","Lawyer Referral Services","Defense Representation","Landlord/Tenant Assistance","Landlord/Tenant","Immigration/Naturalization Legal Services"},
   r"legal (aid|assistance|services|advice|help|representation|clinic|counsel)|free legal|lawyers?\b|attorneys?\b|law (center|clinic|project)|legal cent",
   r"tenant|eviction|\bcourts?\b",
   {6}, {}),
 "immigration": ({"Immigration/Naturalization","Immigration/Naturalization Legal Services","Citizenship Education"},
   r"immigra|citizenship|naturaliz|green card|refugee|\bDACA\b|deportation|asylum",
   r"newcomer",
   set(), {}),
 "jobs": ({"EMPLOYMENT/TRAINING SERVICES","Job Information/Placement/Referral","Job Training","Job Counseling/Testing","Job Search/Placement","Job Development","Job Finding Assistance","Vocational","Vocational Rehabilitation","Youth Employment","Prejob Guidance","Training and Employment Programs","Career Counseling"},
   r"job (training|search|placement|seekers?|readiness|counseling|club|listings|skills|development)|employment (services|training|assistance|counseling|program|development)|vocational|career (center|counseling|services)|one-stop|workforce",
   r"\bjobs?\b",
   set(), {}),
 "esl": ({"English as a Second Language","English Language","Literacy","Literacy Programs"},
   r"english as a second language|\bESL\b|english (classes|conversation|language (classes|instruction|tutor))|learn (to speak )?english|literacy",
   r"adult school|tutor",
   set(), {}),
 "child_care": ({"Day Care","Child Care Providers","Child Care Subsidies","Child Care Centers","Preschool","Preschools","Extended Day Care","Child Care Provider Licensing"},
   r"child ?care|day ?care (center|program|for children)|preschool|head start|infant (care|center)|nursery school|child development center",
   r"\btoddler",
   {}, {}),
 "senior_care": ({"Adult Day Care","Adult Day Health Care","Adult Day Programs","In-Home Supportive","Home Health Care","Respite Care","Respite/Emergency Caretaker","Home Nursing","Companion","Attendant Registries","In Home Assistance","Senior Out-Of-Home Care Place"},
   r"adult day|in-home (support|care|services|supportive)|home (health )?care|caregivers?|respite|alzheimer|dementia|homemaker|companion",
   r"(?!)",
   set(), {}),
 "disability": ({"HANDICAP SERVICES","DEVELOPMENTAL DISABILITIES SERVICES","Developmental Disabilities","Disabilities Issues","Centers for Independent Living","Physical Disabilities","Learning Disabilities","Children and Youth with Disabilities","Autism","Day Treatment for Adults with Developmental Disabilities","Sheltered Employment"},
   r"disabilit|handicap|developmental(ly)? (disab|delay)|autism|independent living|special needs|wheelchair",
   r"(?!)",
   set(), {}),
 "transportation": ({"TRANSPORTATION SERVICES","Para-Transit","Medical Appointments Transportation","Escort","Local Bus Services","Public Transit","Public Transit Authorities"},
   r"transportation (to|for|services|assistance|program|is provided)|paratransit|para-transit|redi-?wheels|bus (pass|tokens|tickets)|rides? (to|for)|provides? transportation|drivers? (for|to)",
   r"transportation",
   set(), {}),
 "clothing": ({"Clothing","Clothing/Personal Items","Work Clothing","Work Clothing Donation Programs","Thrift Shops","Clothing Vouchers"},
   r"\bclothing\b|\bclothes\b|thrift|\bshoes\b|\bcoats?\b",
   r"(?!)",
   {499,904}, {}),
 "health_insurance": ({"Medicaid","Medicare"},
   r"(apply|applying|enroll\w*|sign up|application|applications|eligibility) (for |in |with )?(medi-?cal|health insurance|health coverage|medicare)|health insurance (counsel\w*|program|enrollment|assistance)|\bHICAP\b|healthy kids|healthy families|children'?s health initiative|insurance counsel\w*|medi-?cal (eligibility|application|enrollment)|covered california|health coverage",
   r"(?!)",
   set(), {}),

 "food_stamps": ({"Food Stamps/SNAP","TANF","General Relief"},
   r"food stamps?|calfresh|cal fresh|\bSNAP\b|\bWIC\b|women, infants|supplemental nutrition|calworks|general assistance|public assistance|welfare",
   r"benefits",
   set(), {}),
 "tax_help": (set(),
   r"tax (prep\w*|returns?|assist\w*|filing|aide|counsel\w*|help)|income tax|\bVITA\b|earned income|\bEITC\b",
   r"\btax",
   {538}, {}),
 "tutoring": ({"Pupil Support/Tutoring","Homework Help Programs","Mentoring Programs"},
   r"tutor|homework|after.?school|mentor",
   r"(?!)",
   set(), {}),
 "pregnancy": ({"Expectant/New Parent Assistance","Prenatal Care","Pregnancy Counseling","Pregnancy Testing","Maternity Homes","Mother/Infant Care","Pregnant Teens","School Based Teen Parent/Pregnant Teen Programs"},
   r"pregnan|prenatal|perinatal|maternity|expectant|postpartum|breastfeed|childbirth",
   r"newborn|\bbirth\b",
   set(), {}),
 "crisis_hotline": ({"Crisis Intervention/Hotlines","Crisis/Abuse Intervention/Hot","Telephone Crisis Intervention","Crisis Intervention"},
   r"suicide|crisis (line|hotline|intervention|center|counsel\w*)|hotline|help ?line|24-hour (crisis|line|hotline)|warm ?line",
   r"(?!)",
   set(), {}),
 "veterans": ({"Veterans","Veteran Outpatient Clinics"},
   r"veteran|\bmilitary\b|\bVFW\b|american legion|armed forces",
   r"(?!)",
   set(), {}),
 "vision_hearing": ({"Optometric","Eye Screening","Hearing Impairments","Deafness","Blindness"},
   r"eye (exam|care|screening)|eyeglasses|\bglasses\b|vision (screen\w*|care|exam|services|coverage)|optometr|hearing (aids?|test\w*|screen\w*|loss|impair\w*)|audiolog|low vision|\bblind\b|\bdeaf\b",
   r"(?!)",
   set(), {}),
 "parenting_support": ({"Parent Groups","Parenting Education","Family Support","Parents","Expectant/New Parent Assistance"},
   r"parenting|parent (education|groups?|support|training)|family resource center|new parents|family support",
   r"(?!)",
   set(), {}),
}

# (id, text, filters, need). Written from the needs vocabulary, the taxonomy and how people ask.
QUERIES = [
 ("e01","food bank",{},"food_pantry"),
 ("e02","free groceries for my family",{},"food_pantry"),
 ("e03","comida",{},"food_pantry"),
 ("e04","where can I get food, we ran out",{"city":"Redwood City"},"food_pantry"),
 ("e05","hot meals",{},"hot_meals"),
 ("e06","soup kitchen",{},"hot_meals"),
 ("e07","lunch for seniors",{"language":"Chinese"},"hot_meals"),
 ("e08","help paying rent",{},"rent_help"),
 ("e09","behind on rent, facing eviction",{},"rent_help"),
 ("e10","renta",{"language":"español"},"rent_help"),
 ("e11","help with electric bill",{},"utility_help"),
 ("e12","ayuda con la luz",{},"utility_help"),
 ("e13","PG&E shut off notice",{},"utility_help"),
 ("e14","homeless shelter",{},"shelter"),
 ("e15","place to sleep tonight",{},"shelter"),
 ("e16","albergue para familias",{},"shelter"),
 ("e17","low income apartments",{},"affordable_housing"),
 ("e18","vivienda",{},"affordable_housing"),
 ("e19","senior housing",{"city":"San Mateo"},"affordable_housing"),
 ("e20","dentist no insurance",{},"dental"),
 ("e21","dentista",{"language":"Spanish"},"dental"),
 ("e22","tooth pain need dental care",{},"dental"),
 ("e23","free clinic",{},"medical_clinic"),
 ("e24","doctor for uninsured",{},"medical_clinic"),
 ("e25","clinica medica",{"language":"es"},"medical_clinic"),
 ("e26","counseling for depression",{},"counseling"),
 ("e27","therapist for my son",{},"counseling"),
 ("e28","consejería familiar",{"language":"Spanish"},"counseling"),
 ("e29","alcohol treatment",{},"substance_abuse"),
 ("e30","drug rehab",{},"substance_abuse"),
 ("e31","detox",{},"substance_abuse"),
 ("e32","domestic violence",{},"domestic_violence"),
 ("e33","my husband hits me",{},"domestic_violence"),
 ("e34","violencia doméstica",{},"domestic_violence"),
 ("e35","free lawyer",{},"legal_aid"),
 ("e36","legal help with landlord",{},"legal_aid"),
 ("e37","abogado gratis",{},"legal_aid"),
 ("e38","citizenship classes",{},"immigration"),
 ("e39","immigration help",{"language":"Spanish"},"immigration"),
 ("e40","inmigración",{},"immigration"),
 ("e41","job training",{},"jobs"),
 ("e42","help finding a job",{"city":"San Mateo"},"jobs"),
 ("e43","trabajo",{},"jobs"),
 ("e44","English classes",{},"esl"),
 ("e45","clases de inglés",{},"esl"),
 ("e46","learn to read",{},"esl"),
 ("e47","daycare",{},"child_care"),
 ("e48","childcare subsidy",{},"child_care"),
 ("e49","cuidado de niños",{},"child_care"),
 ("e50","adult day care for my mother with dementia",{},"senior_care"),
 ("e51","in home care elderly",{},"senior_care"),
 ("e52","respite for caregivers",{},"senior_care"),
 ("e53","developmental disabilities",{},"disability"),
 ("e54","services for disabled adults",{},"disability"),
 ("e55","ride to doctor appointment",{},"transportation"),
 ("e56","transporte",{},"transportation"),
 ("e57","clothes for job interview",{},"clothing"),
 ("e58","ropa",{},"clothing"),
 ("e59","sign up for medi-cal",{},"health_insurance"),
 ("e60","health insurance for kids",{},"health_insurance"),
 ("e61","seguro médico",{},"health_insurance"),
 ("e62","food stamps",{},"food_stamps"),
 ("e63","apply for calfresh",{},"food_stamps"),
 ("e64","free tax preparation",{},"tax_help"),
 ("e65","help filing taxes",{},"tax_help"),
 ("e66","tutoring",{},"tutoring"),
 ("e67","homework help after school",{},"tutoring"),
 ("e68","pregnant and need help",{},"pregnancy"),
 ("e69","prenatal care",{"language":"Spanish"},"pregnancy"),
 ("e70","embarazada",{},"pregnancy"),
 ("e71","suicide hotline",{},"crisis_hotline"),
 ("e72","someone to talk to in a crisis",{},"crisis_hotline"),
 ("e73","veterans services",{},"veterans"),
 ("e74","help for vets",{},"veterans"),
 ("e75","eye exam glasses",{},"vision_hearing"),
 ("e76","hearing aids",{},"vision_hearing"),
 ("e77","parenting classes",{},"parenting_support"),
 ("e78","support for new parents",{"language":"Filipino (Tagalog)"},"parenting_support"),
 ("e79","mental health counseling",{"language":"Cantonese"},"counseling"),
 ("e80","foodbank",{},"food_pantry"),
]
# What each written language accepts among the records' languages_spoken entries (judging rule).
SPEAKS = {"Chinese":["Chinese","Chinese (Mandarin)","Chinese (Cantonese)","Chinese (Taiwanese)"],
          "español":["Spanish"],"Spanish":["Spanish"],"es":["Spanish"],
          "Filipino (Tagalog)":["Filipino (Tagalog)","Tagalog"],
          "Cantonese":["Chinese (Cantonese)","Chinese"]}

HELD_OUT_SEED = 15
HELD_OUT_NEEDS = 11


def city_of(record: dict) -> str:
    city = record.get("city")
    city = city[0] if isinstance(city, list) and city else city
    return str(city).strip().lower()


def grades(records: list[dict], need: str, rules: dict | None = None) -> dict[int, int]:
    """Each record's grade for ``need`` under ``rules`` (this set's own by default)."""
    keywords, strong, related, excluded, by_hand = (rules or RULES)[need]
    provides, mentions = re.compile(strong, re.I), re.compile(related, re.I)
    found = {}
    for position, record in enumerate(records):
        tags = {k.strip() for k in record.get("keywords") or []}
        name = f"{record.get('name') or ''} {record.get('agency') or ''}"
        services = str(record.get("services_provided") or "")
        description = str(record.get("description") or "")
        core = bool(tags & keywords) or bool(
            provides.search(f"{name} | {services} | {description[:400]}")
        )
        related_only = bool(mentions.search(f"{name} | {services} | {' '.join(tags)}")) or bool(
            provides.search(description)
        )
        grade = (2 if city_of(record) in SAN_MATEO else 1) if core else int(related_only)
        grade = 0 if position in excluded else by_hand.get(position, grade)
        if grade:
            found[position] = grade
    return found


def passes(record: dict, filters: dict) -> bool:
    if "language" in filters:
        spoken = {str(s).strip() for s in record.get("languages_spoken") or []}
        if not spoken & set(SPEAKS[filters["language"]]):
            return False
    return "city" not in filters or city_of(record) == filters["city"].strip().lower()


def main() -> None:
    data = json.loads((shared_folder() / "data/ohana-san-mateo/cip_2013.json").read_text())
    records = [item[0] for item in data]
    needs = sorted({need for *_, need in QUERIES})
    held_out = set(random.Random(HELD_OUT_SEED).sample(needs, HELD_OUT_NEEDS))
    judged = {need: grades(records, need) for need in needs}
    queries = []
    for query_id, text, filters, need in QUERIES:
        relevant = {
            str(position): grade
            for position, grade in sorted(judged[need].items())
            if passes(records[position], filters)
        }
        queries.append({
            "id": query_id, "text": text, "filters": filters, "need": need,
            "split": "held-out" if need in held_out else "tuning", "relevant": relevant,
        })
    out = {
        "dataset": "ohana-san-mateo/cip_2013.json",
        "id_rule": "0-based index in the outer list",
        "notes": {"how": __doc__.split("\n\n", 2)[1].replace("\n", " ")},
        "queries": queries,
    }
    path = Path(__file__).resolve().parent / "relevance_everyday.json"
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(queries)} queries over {len(needs)} needs ({len(held_out)} held out) → {path}")


if __name__ == "__main__":
    main()
