"""Every command and the one handler that carries it out: the system's flow in one place."""
from service.handlers import (agencies, agency_changes, cascade, collectives, links, people, plans, reports,
                              targets, tasks)
from workflows import commands as c
from workflows import target_commands as tc

HANDLERS = {
    c.ImportPlan: plans.import_plan,
    c.CorrectDraft: plans.correct_draft,
    c.ActivatePlan: plans.activate_plan,
    c.SetPlanRetention: plans.set_retention,
    c.LinkPlan: cascade.link_plan,
    c.UnlinkPlan: cascade.unlink_plan,
    c.SetCollectiveQuorum: collectives.set_quorum,
    tc.CorrectTargetFigure: targets.correct_figure,
    tc.DraftReport: reports.draft_report,
    c.RegisterAgency: agencies.register_agency,
    c.AddAgencyAlias: agencies.add_alias,
    c.RenameAgency: agency_changes.rename_agency,
    c.MergeAgencies: agency_changes.merge_agencies,
    c.RetireAgency: agency_changes.retire_agency,
    c.AddPerson: people.add_person,
    c.UpdatePerson: people.update_person,
    c.ChangeMessageChoices: people.change_message_choices,
    c.OpenTaskLink: links.open_task_link,
    c.ReassignAgencyTasks: tasks.reassign_agency_tasks,
    **{cmd: tasks.handle_task_command for cmd in c.TASK_COMMANDS.values()},
}
