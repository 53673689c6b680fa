"""``/admin/tasks``: the scheduled tasks, when each ran and runs next, and how it went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from tortoise.transactions import in_transaction

from tangerang_live.admin.common import actor_of
from tangerang_live.audit import record_audit
from tangerang_live.auth import require_admin
from tangerang_live.contracts import Task
from tangerang_live.i18n import gettext as _
from tangerang_live.portal import localized, portal_of, render
from tangerang_live.responses import redirect
from tangerang_live.route_access import ADMINS, declare_access, sample_unknown_task
from tangerang_live.service_models import TaskState
from tangerang_live.tasks import HOST, declared_tasks


@dataclass(frozen=True)
class TaskRow:
    name: str
    plugin: str
    schedule: str
    description: str
    active: bool
    state: TaskState | None

    @property
    def running(self) -> bool:
        state = self.state
        return bool(state and state.locked_until and state.locked_until > datetime.now(UTC))


def schedule_text(task: Task) -> str:
    if task.every is not None:
        minutes = int(task.every.total_seconds() // 60)
        if minutes % 60 == 0:
            return _("every %(hours)s hour(s)", hours=minutes // 60)
        return _("every %(minutes)s minute(s)", minutes=minutes)
    assert task.at is not None
    return _("daily at %(time)s WIB", time=task.at.strftime("%H:%M"))


@require_admin
async def tasks_page(request: Request) -> Response:
    registry = portal_of(request).registry
    declared = await declared_tasks(registry, enabled_only=False)
    states = {s.name: s for s in await TaskState.filter(name__in=[d.name for d in declared])}
    rows = [
        TaskRow(
            name=d.name,
            plugin=d.plugin,
            schedule=schedule_text(d.task),
            description=localized(d.task.description) if d.task.description else "",
            active=d.plugin == HOST or registry.is_enabled(d.plugin),
            state=states.get(d.name),
        )
        for d in declared
    ]
    return await render(
        request,
        "admin/tasks.html",
        {"rows": rows, "queued": request.query_params.get("queued", "")},
    )


@require_admin
async def run_soon(request: Request) -> Response:
    """Make a task due now: the next runner to look (within seconds) runs it, once."""
    name = request.path_params["name"]
    declared = await declared_tasks(portal_of(request).registry, enabled_only=False)
    if name not in {d.name for d in declared}:
        raise HTTPException(404)
    async with in_transaction():
        await TaskState.update_or_create(defaults={"next_run_at": datetime.now(UTC)}, name=name)
        await record_audit("task.run_soon", target=name, **await actor_of(request))
    return redirect(request, f"/admin/tasks?queued={name}")


def routes() -> list[BaseRoute]:
    return [
        declare_access(Route("/admin/tasks", tasks_page, name="admin_tasks"), GET=ADMINS),
        declare_access(
            Route("/admin/tasks/{name}/run", run_soon, methods=["POST"], name="admin_task_run"),
            # The sample names no task: 404 even for an admin.
            POST=ADMINS.but(admin=404, sample=sample_unknown_task),
        ),
    ]
