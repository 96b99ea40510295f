"""How bench/relevance_unseen.json was judged: the queries as people type them, the rules, the split.

    python bench/unseen_judging.py   # rewrites bench/relevance_unseen.json

Written before the query understanding was read in detail, and never changed to suit it: queries
the way social workers, intake workers and clients type into a search box — short and long,
misspelt, Spanish and Spanglish, needs told as situations, filters written in words ("in Redwood
City", "habla español", "open Saturday") and questions the directory cannot answer. Needs are
judged over cip_2013.json by the rules of everyday_judging.py (a record whose keywords file it
under the need, or whose name, services or description opening says it provides it, is grade 2;
grade 1 outside San Mateo County or for a related mention), with rules of its own for the needs
that set lacks; each new need's graded records were read. Filters written in words are hard
constraints of the judgement but are not given to the search as filters: the search must read
them from the text. A query with no good answer in the directory has no graded record; what a
search returns for it is counted, not scored. Needs, not queries, are split (fixed seed): the
held-out needs have no query in the tuning part and were never looked at while tuning.
"""

# ruff: noqa: E501  (the queries and rules are data: one entry a line, patterns kept whole)

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directory_data import shared_folder  # noqa: E402
from everyday_judging import RULES as EVERYDAY_RULES  # noqa: E402
from everyday_judging import city_of, grades  # noqa: E402

# Needs the everyday set does not have: (the directory's keywords for it, what says it provides
# it, a related mention, records read and excluded, records read and graded by hand).
NEW_RULES = {
 "reentry": ({"Re-Entry/Ex-Offender","Inmate/Ex-Offender","Inmate Support Services"},
   r"ex-offender|re-?entry (program|services|center)|formerly incarcerated|parolees?|released from (jail|prison|custody)|(after|upon) release|inmates? and (their )?(families|ex)|previously incarcerated",
   r"incarcerat|\bjail\b|\bprison\b|probationers?",
   {53,449,1309,998}, {412:1,414:1}),
 "senior_checkin": ({"Errand Running/Shopping Assistance"},
   r"friendly visit|telephone reassurance|calls isolated|daily telephone contact|companionship (to|for) (seniors|the elderly|older)|light duties and companionship|in-home support(ive)? services (to|for|including)|in-home support services|visits? (to )?(the )?(homebound|isolated|elderly|frail)",
   r"homebound|frail (elderly|older adults|seniors)|isolated seniors",
   {3,396}, {788:1,963:1}),
 "ged": ({"High School Completion/GED","GED Instruction"},
   r"\bGED\b|high school (diploma|equivalen\w*|completion)",
   r"adult (high )?school|adult education|alternative educational program",
   {190,339,658,770,1037,1609}, {1650:1}),
 "furniture": ({"Furniture/Appliances","Furniture"},
   r"furniture|mattress|household (items|goods)",
   r"thrift",
   {94}, {287:1}),
 "id_documents": ({"Identification Cards","Driver Licenses"},
   r"identification cards?|\bID cards?\b|birth certificates?|california id|driver'?s? licen|vital records",
   r"(?!)",
   set(), {}),
 "foreclosure": ({"Mortgage Delinquency and Default Resolution Counseling"},
   r"foreclos|mortgage (default|delinquen\w*|counsel\w*|payment|assistance)|loan modification|default counsel",
   r"mortgage|homeowners? (counsel|assist)",
   set(), {86:1}),
 "lgbtq": ({"Gay/Lesbian/Bisexual/Transgender Issues"},
   r"lesbian|\bgay\b|transgender|\bLGBT|bisexual|queer",
   r"(?!)",
   {426,505,689,701,730,744,759,777,800,890,1413,1481,1577}, {667:2,921:2,991:2,657:2,664:1,868:1,804:1}),
 "computer_classes": ({"Computer and Related Technology Classes"},
   r"computer (class\w*|training|lab|skills|instruction|literacy|center|courses?)|internet (class\w*|training)|technology (learning|classes)",
   r"public (access )?computers|computers? (for public|available)",
   set(), {869:1,1338:1}),
}
RULES = {**EVERYDAY_RULES, **NEW_RULES}

# (id, text, written filters (a judging constraint the search must read from the text), need).
# need None: the directory has no good answer.
QUERIES = [
 # food
 ("u01","fod bank",{},"food_pantry"),
 ("u02","comida para mi familia",{},"food_pantry"),
 ("u03","need food for my kids this week, no money till payday",{},"food_pantry"),
 ("u04","food pantry in Daly City",{"city":"Daly City"},"food_pantry"),
 ("u05","despensa de alimentos",{},"food_pantry"),
 ("u06","where to eat free tonight",{},"hot_meals"),
 ("u07","comidas calientes para personas mayores",{},"hot_meals"),
 ("u08","meals on wheels for my grandpa",{},"hot_meals"),
 ("u09","stamps for food how to apply",{},"food_stamps"),
 ("u10","estampillas de comida",{},"food_stamps"),
 ("u11","calfresh aplicar habla español",{"language":"Spanish"},"food_stamps"),
 # housing and bills
 ("u12","rentl help",{},"rent_help"),
 ("u13","ayuda con la renta",{},"rent_help"),
 ("u14","landlord says we have to leave, cant pay this month",{},"rent_help"),
 ("u15","my power is getting shut off",{},"utility_help"),
 ("u16","pg&e bill past due",{},"utility_help"),
 ("u17","no puedo pagar el gas y la luz",{},"utility_help"),
 ("u18","sleeping in my car with 2 kids",{},"shelter"),
 ("u19","homless sheltr",{},"shelter"),
 ("u20","donde puedo dormir esta noche",{},"shelter"),
 ("u21","shelter near East Palo Alto",{"city":"East Palo Alto"},"shelter"),
 ("u22","apartamentos de bajo costo",{},"affordable_housing"),
 ("u23","section 8 waiting list",{},"affordable_housing"),
 ("u24","cheap housing for seniors in Redwood City",{"city":"Redwood City"},"affordable_housing"),
 ("u25","behind on mortgage might lose house",{},"foreclosure"),
 ("u26","foreclosure help",{},"foreclosure"),
 ("u27","need a bed and furniture for new apartment",{},"furniture"),
 ("u28","muebles gratis",{},"furniture"),
 # health
 ("u29","dentista gratis",{},"dental"),
 ("u30","my tooth hurts really bad and no insurance",{},"dental"),
 ("u31","dentel clinic for kids",{},"dental"),
 ("u32","clinica gratis sin seguro",{},"medical_clinic"),
 ("u33","need to see a doctor but no insurance",{},"medical_clinic"),
 ("u34","free clinc in San Mateo",{"city":"San Mateo"},"medical_clinic"),
 ("u35","kid needs glasses",{},"vision_hearing"),
 ("u36","lentes para mi hijo",{},"vision_hearing"),
 ("u37","grandma cant hear well",{},"vision_hearing"),
 ("u38","medi cal application help",{},"health_insurance"),
 ("u39","aplicar para medi-cal",{},"health_insurance"),
 ("u40","my kids have no health insurance",{},"health_insurance"),
 ("u41","pregnent no insurance",{},"pregnancy"),
 ("u42","estoy embarazada y necesito ayuda",{},"pregnancy"),
 # mental health, substance use, crisis
 ("u43","feeling really depressed need someone to talk to",{},"counseling"),
 ("u44","terapia para mi hijo adolescente",{},"counseling"),
 ("u45","counceling",{},"counseling"),
 ("u46","my son is using drugs",{},"substance_abuse"),
 ("u47","rehab for alcohol habla español",{"language":"Spanish"},"substance_abuse"),
 ("u48","AA meetings",{},"substance_abuse"),
 ("u49","thinking about killing myself",{},"crisis_hotline"),
 ("u50","linea de crisis",{},"crisis_hotline"),
 ("u51","boyfriend threatens me and I am scared",{},"domestic_violence"),
 ("u52","mi esposo me pega",{},"domestic_violence"),
 ("u53","domestic violance shelter",{},"domestic_violence"),
 # legal, immigration, documents
 ("u54","need a lawyer cant afford one",{},"legal_aid"),
 ("u55","ayuda legal gratis",{},"legal_aid"),
 ("u56","green card help",{},"immigration"),
 ("u57","ciudadania clases",{},"immigration"),
 ("u58","papeles de inmigracion",{},"immigration"),
 ("u59","lost my ID need a new one",{},"id_documents"),
 ("u60","copy of birth certificate",{},"id_documents"),
 # work and school
 ("u61","just got out of jail need job",{},"reentry"),
 ("u62","programs for parolees",{},"reentry"),
 ("u63","mi hijo salio de la carcel",{},"reentry"),
 ("u64","looking for work",{},"jobs"),
 ("u65","necesito trabajo",{},"jobs"),
 ("u66","job traning in Redwood City",{"city":"Redwood City"},"jobs"),
 ("u67","clases de inglés",{},"esl"),
 ("u68","ESL classes open Saturday",{"open":"saturday"},"esl"),
 ("u69","aprender ingles gratis",{},"esl"),
 ("u70","get my GED",{},"ged"),
 ("u71","terminar la preparatoria",{},"ged"),
 ("u72","basic computer classes",{},"computer_classes"),
 ("u73","clases de computación",{},"computer_classes"),
 # children and families
 ("u74","daycare for my baby while I work",{},"child_care"),
 ("u75","guarderia",{},"child_care"),
 ("u76","preschool in East Palo Alto",{"city":"East Palo Alto"},"child_care"),
 ("u77","after school program for my 10 year old",{},"tutoring"),
 ("u78","ayuda con la tarea",{},"tutoring"),
 ("u79","clases para padres",{},"parenting_support"),
 # older adults, disability, transport, clothes, money
 ("u80","abuela needs someone to check on her",{},"senior_checkin"),
 ("u81","elderly mom lives alone needs a visitor",{},"senior_checkin"),
 ("u82","caregiver burnout need a break",{},"senior_care"),
 ("u83","cuidado para adultos mayores",{},"senior_care"),
 ("u84","son has autism",{},"disability"),
 ("u85","wheelchair user needs help at home",{},"disability"),
 ("u86","ride to dialysis",{},"transportation"),
 ("u87","no car, how do i get to my appointments",{},"transportation"),
 ("u88","winter coat for my kids",{},"clothing"),
 ("u89","ropa gratis in Redwood City",{"city":"Redwood City"},"clothing"),
 ("u90","free tax help open Saturday",{"open":"saturday"},"tax_help"),
 ("u91","taxes gratis",{},"tax_help"),
 ("u92","vet benefits",{},"veterans"),
 ("u93","gay teen support group",{},"lgbtq"),
 # nothing in the directory answers these
 ("u94","fix cracked iphone screen",{},None),
 ("u95","buy bitcoin",{},None),
 ("u96","rent a storage unit",{},None),
 ("u97","pawn shop",{},None),
 ("u98","cheap plane tickets to guadalajara",{},None),
 ("u99","best sushi restaurant",{},None),
 ("u100","buy a used car",{},None),
 ("u101","boletos de avion baratos",{},None),
]
SPEAKS = {"Spanish": ["Spanish"]}
# "open Saturday": the service's hours name Saturday, or every day of the week.
OPEN_ON = {"saturday": r"\bsat|sunday-saturday|7 days|seven days|daily|every day|24 hours"}

HELD_OUT_SEED = 23
HELD_OUT_SHARE = 0.35


def passes(record: dict, constraints: dict) -> bool:
    if "language" in constraints:
        spoken = {str(s).strip() for s in record.get("languages_spoken") or []}
        if not spoken & set(SPEAKS[constraints["language"]]):
            return False
    if "open" in constraints and not re.search(
        OPEN_ON[constraints["open"]], str(record.get("service_hours") or ""), re.I
    ):
        return False
    return "city" not in constraints or city_of(record) == constraints["city"].strip().lower()


def main() -> None:
    data = json.loads((shared_folder() / "data/ohana-san-mateo/cip_2013.json").read_text())
    records = [item[0] for item in data]
    needs = sorted({need for *_, need in QUERIES if need})
    chosen = random.Random(HELD_OUT_SEED).sample(needs, round(HELD_OUT_SHARE * len(needs)))
    held_out = set(chosen)
    judged = {need: grades(records, need, RULES) for need in needs}
    queries = []
    for number, (query_id, text, written, need) in enumerate(QUERIES):
        relevant = {
            str(position): grade
            for position, grade in sorted(judged[need].items())
            if passes(records[position], written)
        } if need else {}
        split = ("held-out" if need in held_out else "tuning") if need else (
            "held-out" if number % 2 else "tuning")
        queries.append({
            "id": query_id, "text": text, "filters": {}, "written_filters": written,
            "need": need, "split": split, "relevant": relevant,
        })
    out = {
        "dataset": "ohana-san-mateo/cip_2013.json",
        "id_rule": "0-based index in the outer list",
        "notes": {
            "how": " ".join(__doc__.split("\n\n", 2)[2].split()),
            "provenance": "written for this set by hand (bench/unseen_judging.py); no query "
                          "is taken from relevance_dev.json or relevance_everyday.json",
            "held_out_needs": sorted(held_out),
            "no_answer": "queries with need null: nothing in the directory provides it; "
                         "bench/relevance.py counts what each search returns for them",
        },
        "queries": queries,
    }
    path = Path(__file__).resolve().parent / "relevance_unseen.json"
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(queries)} queries over {len(needs)} needs ({len(held_out)} held out) → {path}")


if __name__ == "__main__":
    main()
