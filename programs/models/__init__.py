"""Models of the programs app: policy notices, funding windows, training programmes."""

from __future__ import annotations

from programs.models.common import Jurisdiction, Publishable, Status
from programs.models.funding import (
    ExpressionOfInterest,
    FundingWindow,
    Instrument,
    InterestStatus,
)
from programs.models.notices import (
    REVISED_FIELDS,
    NoticeAttachment,
    NoticeKind,
    NoticeRead,
    NoticeRevision,
    NoticeVisitorDay,
    PolicyNotice,
)
from programs.models.training import (
    ACTIVE_ENROLMENT,
    Enrolment,
    EnrolmentStatus,
    Mode,
    Topic,
    TrainingProgramme,
    TrainingSession,
)

__all__ = [
    "ACTIVE_ENROLMENT",
    "REVISED_FIELDS",
    "Enrolment",
    "EnrolmentStatus",
    "ExpressionOfInterest",
    "FundingWindow",
    "Instrument",
    "InterestStatus",
    "Jurisdiction",
    "Mode",
    "NoticeAttachment",
    "NoticeKind",
    "NoticeRead",
    "NoticeRevision",
    "NoticeVisitorDay",
    "PolicyNotice",
    "Publishable",
    "Status",
    "Topic",
    "TrainingProgramme",
    "TrainingSession",
]
