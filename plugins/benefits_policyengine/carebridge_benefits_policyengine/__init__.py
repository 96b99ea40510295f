"""Carebridge plugin: federal and state benefits screening on PolicyEngine US (AGPL-3.0)."""

from carebridge.plugin_api import hookimpl


@hookimpl
def register_benefit_engines():
    # The engine object is cheap; PolicyEngine itself is imported only in a job worker.
    from carebridge_benefits_policyengine.engine import PolicyEngineUS

    return [PolicyEngineUS()]
