"""The programs this engine reports, each mapped to PolicyEngine US variables (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass, field

from carebridge.plugin_api import N_, Reason


@dataclass(frozen=True)
class Program:
    """How to read one program off a simulation.

    ``amount`` is the variable holding its value, defined per ``computed`` (month or year) on
    people or a group; ``period`` is how the value is reported. Eligibility is ``eligible`` (a
    boolean variable), else any of ``eligible_amounts`` (or ``amount``) above zero. ``checks``
    are boolean variables whose failure explains a refusal in words.
    """

    id: str
    name: str  # marked with N_: kept as a message, said in the reader's language
    amount: str
    computed: str
    period: str
    eligible: str | None = None
    eligible_amounts: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    names_by_state: dict[str, str] = field(default_factory=dict)
    checks: tuple[tuple[str, str], ...] = ()
    note: str = ""

    def name_in(self, state: str) -> Reason:
        """The name people in ``state`` know it by, said in the reader's language."""
        return Reason(self.names_by_state.get(state, self.name))

    def applies_in(self, state: str) -> bool:
        return not self.states or state in self.states


PROGRAMS: tuple[Program, ...] = (
    Program("snap", N_("SNAP (food stamps)"), "snap", "month", "month",
            eligible="is_snap_eligible",
            names_by_state={"CA": N_("CalFresh (SNAP)")},
            checks=(("meets_snap_gross_income_test", N_("Gross income is over SNAP's limit.")),
                    ("meets_snap_net_income_test",
                     N_("Income after SNAP's deductions is over its limit.")),
                    ("meets_snap_asset_test", N_("Savings are over SNAP's limit.")))),
    Program("wic", N_("WIC (food for pregnant women, infants and children under 5)"), "wic",
            "month", "month", eligible="is_wic_eligible",
            checks=(("is_wic_categorically_eligible",
                     N_("No one is pregnant, recently pregnant, an infant or a child under 5.")),)),
    Program("medicaid", N_("Medicaid"), "medicaid", "year", "year",
            eligible="is_medicaid_eligible",
            names_by_state={"CA": N_("Medi-Cal (Medicaid)")},
            note=N_("The value is the average yearly cost of the coverage, not cash.")),
    Program("chip", N_("CHIP (health coverage for children and pregnancy)"), "chip", "year",
            "year", eligible="is_chip_eligible",
            note=N_("The value is the average yearly cost of the coverage, not cash.")),
    Program("tanf", N_("TANF cash assistance"), "tanf", "year", "month",
            names_by_state={"CA": N_("CalWORKs (TANF cash aid)")}),
    Program("ssi", N_("SSI (Supplemental Security Income)"), "ssi", "month", "month"),
    Program("eitc", N_("Earned Income Tax Credit (federal)"), "eitc", "year", "year"),
    Program("ctc", N_("Child Tax Credit (federal)"), "ctc_value", "year", "year"),
    Program("lifeline", N_("Lifeline (phone or internet discount)"), "lifeline", "year",
            "month", eligible="is_lifeline_eligible",
            note=N_("The discount applies to a phone or internet bill.")),
    Program("school_meals", N_("Free or reduced-price school meals"),
            "school_meal_net_subsidy", "year", "year",
            eligible_amounts=("free_school_meals", "reduced_price_school_meals")),
    Program("ca_eitc", N_("CalEITC (California Earned Income Tax Credit)"), "ca_eitc", "year",
            "year", states=("CA",)),
    Program("ca_yctc", N_("Young Child Tax Credit (California)"), "ca_yctc", "year", "year",
            states=("CA",)),
    Program("ca_care", N_("CARE (California utility discount)"), "ca_care", "year", "year",
            eligible="ca_care_eligible", states=("CA",),
            note=N_("The discount is on gas and electricity bills.")),
)

# Answers we send to PolicyEngine for each category the household form offers; an unknown
# (or unshared) status is screened both ways and, where that changes the answer, reported.
IMMIGRATION = {
    "citizen": ("CITIZEN",),
    "permanent_resident": ("LEGAL_PERMANENT_RESIDENT",),
    "refugee_or_asylee": ("REFUGEE",),
    "other_lawful": ("TPS", "PAROLED_ONE_YEAR"),
    "none_of_these": ("UNDOCUMENTED",),
    None: ("CITIZEN", "UNDOCUMENTED"),
    "prefer_not_to_say": ("CITIZEN", "UNDOCUMENTED"),
}
# Monthly amounts tried for an unknown expense: none, and a high one.
EXPENSE_BRACKETS = {"rent": (0, 3000), "utilities": (0, 400), "child_care": (0, 1500),
                    "medical": (0, 500)}
INCOME_VARIABLES = {"employment": "employment_income",
                    "self_employment": "self_employment_income",
                    "social_security": "social_security",
                    "unemployment": "unemployment_compensation",
                    "child_support": "child_support_received",
                    "other": "miscellaneous_income"}
TAKE_UP = ("takes_up_snap_if_eligible", "takes_up_tanf_if_eligible", "takes_up_eitc")
PERSON_TAKE_UP = ("takes_up_medicaid_if_eligible", "takes_up_chip_if_eligible",
                  "takes_up_ssi_if_eligible", "takes_up_wic_if_eligible")
