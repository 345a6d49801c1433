"""Every command and the one handler that carries it out: the system's flow in one place."""
from service.handlers import agencies, plans
from workflows import commands as c

HANDLERS = {
    c.ImportPlan: plans.import_plan,
    c.CorrectDraft: plans.correct_draft,
    c.ActivatePlan: plans.activate_plan,
    c.RegisterAgency: agencies.register_agency,
    c.AddAgencyAlias: agencies.add_alias,
}
