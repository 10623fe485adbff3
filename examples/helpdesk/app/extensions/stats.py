"""A hand-written endpoint: how many tickets the signed-in user may see, by status.

`app.core.extensions` includes this module's `router` in the app; the counts use the
spec's read access (`app.access.ticket.read_filter`), so nobody learns of tickets
they may not read.
"""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter
from pydantic import BaseModel
from sqlmodel import select

from app.access import ticket as ticket_access
from app.api.deps import CurrentUser, SessionDep
from app.api.errors import COMMON_RESPONSES
from app.models.ticket import Ticket, TicketStatus

router = APIRouter(prefix="/api/stats", tags=["Statistics"], responses=COMMON_RESPONSES)


class TicketCounts(BaseModel):
    total: int
    by_status: dict[TicketStatus, int]


@router.get("/tickets", operation_id="ticket_counts")
def ticket_counts(session: SessionDep, user: CurrentUser) -> TicketCounts:
    """The tickets the user may read, counted by status (every status listed)."""
    query = (
        select(Ticket.status, sa.func.count())
        .where(ticket_access.read_filter(user))
        .group_by(Ticket.status)
    )
    counts = {status: 0 for status in TicketStatus} | dict(session.exec(query).all())
    return TicketCounts(total=sum(counts.values()), by_status=counts)
