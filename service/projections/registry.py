"""The read models dondoc keeps, in the order they are fed."""
from __future__ import annotations

from service.projections.agencies import AgenciesProjection
from service.projections.base import Projection
from service.projections.people import PeopleProjection
from service.projections.plan_links import PlanLinksProjection
from service.projections.plan_sources import PlanSourcesProjection
from service.projections.plans import PlansProjection
from service.projections.targets import TargetsProjection
from service.projections.tasks import TasksProjection
from service.scheduler.projection import ScheduleProjection


def all_projections() -> list[Projection]:
    return [AgenciesProjection(), PlansProjection(), PlanSourcesProjection(), TasksProjection(),
            PeopleProjection(), ScheduleProjection(), TargetsProjection(), PlanLinksProjection()]
