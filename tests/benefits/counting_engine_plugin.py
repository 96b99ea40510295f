"""A background benefit engine for the tests: cash aid under $1,000 a month, counting its runs."""

from carebridge.benefits.results import EstimatedValue, ProgramResult
from carebridge.errors import InvalidInput
from carebridge.plugins import hookimpl


class CountingEngine:
    id = "counting"
    name = "Counting engine"
    background = True
    runs = 0
    version = "v1"

    def rules_version(self, context):
        return self.version

    def screen(self, household, context):
        CountingEngine.runs += 1
        if household.state == "WY":
            raise InvalidInput("Wyoming is not modelled.")
        income = context.facts.values.get("monthly_income")
        if income is None:
            status, value = "unknown", None
        elif income < 1000:
            status, value = "likely_eligible", EstimatedValue(250, "month")
        else:
            status, value = "likely_ineligible", None
        missing = context.facts.unknown.get("monthly_income", ())
        return [ProgramResult(id="cash", name="Cash aid", status=status, engine=self.id,
                              rules_version=self.version, missing=missing,
                              estimated_value=value)]


@hookimpl
def register_benefit_engines():
    return [CountingEngine()]
