"""The words citizens read for states and actions, in the request's language."""

from __future__ import annotations

from tangerang_live import gettext as _

from laksa.workflow import COLOUR, Action, Status


def status_label(status: Status | str) -> str:
    labels = {
        Status.RECEIVED: _("Received"),
        Status.VERIFIED: _("Verified"),
        Status.DISPATCHED: _("Sent to department"),
        Status.IN_PROGRESS: _("In progress"),
        Status.RESOLVED: _("Resolved"),
        Status.REJECTED: _("Rejected"),
        Status.REOPENED: _("Reopened"),
        Status.CLOSED: _("Closed"),
    }
    return labels[Status(status)]


def colour_label(status: Status | str) -> str:
    """The colour's meaning as LAKSA users know it: menunggu, proses, selesai."""
    labels = {
        "red": _("Waiting"),
        "yellow": _("In process"),
        "green": _("Done"),
        "grey": _("Not followed up"),
    }
    return labels[COLOUR[Status(status)]]


def action_label(action: Action | str) -> str:
    labels = {
        Action.VERIFY: _("Verify"),
        Action.REJECT: _("Reject"),
        Action.DISPATCH: _("Dispatch"),
        Action.REROUTE: _("Re-route"),
        Action.START: _("Take and start work"),
        Action.RESOLVE: _("Resolve"),
        Action.REOPEN: _("Reopen"),
        Action.CLOSE: _("Close"),
    }
    return labels[Action(action)]
