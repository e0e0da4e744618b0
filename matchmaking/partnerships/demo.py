"""Demo data: the demo Japanese SME asked a sample Indian MSME (Pune EV Drives, with one
sample member) for an introduction, it was accepted, and the conversation has a few messages,
a proposed meeting (three slots inside the IST–JST overlap, picked by the same suggestion code
the form uses) and one deal-room document behind the forum's standard NDA.

The two demo MSMEs themselves stay without an introduction: requesting one is what visitors
try first. Idempotent: each piece is added only when missing. Everything goes through the
services, so the demo is what the portal would have made itself.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, OrgRole, User
from matchmaking.models import Introduction, IntroductionStatus, PartnerProfile
from matchmaking.partnerships import hours, selectors
from matchmaking.partnerships.models import Conversation, DealDocument, Meeting, Message
from matchmaking.partnerships.services.conversations import conversation_open, message_post
from matchmaking.partnerships.services.deals import document_share
from matchmaking.partnerships.services.meetings import meeting_propose
from matchmaking.services.introductions import introduction_accept, introduction_request
from taxonomy.models import PartnershipType

JAPAN = "sme.japan@demo.ijsme.example"
PARTNER_ORG = "pune-ev-drives"  # a sample organisation of matchmaking.demo
INDIA = "priya.kulkarni@pune-ev-drives.example"

MESSAGES = [
    (
        JAPAN,
        "Namaste, Kulkarni-san. Thank you for accepting. We would like to understand your "
        "**motor housing machining** for a three-wheeler programme in Thailand.",
    ),
    (
        INDIA,
        "Konnichiwa, Sato-san! Happy to talk. We machine motor housings and shafts in Pune "
        "and would like to try your carbide inserts on our aluminium lines.",
    ),
    (
        JAPAN,
        "Very good. I have proposed three times for a first call: all between 13:00 and "
        "18:00 JST, which is 09:30–14:30 IST for you. I also shared our insert geometry "
        "drawings in the deal room, behind the standard NDA.",
    ),
]

# A one-page PDF, enough for the deal room's content check and for any viewer to open.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 64>>stream\nBT /F1 18 Tf 72 760 Td (Insert geometry drawings, rev. C) Tj ET\n"
    b"endstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _accepted_introduction(india: User, japan: User) -> Introduction | None:
    pair = [india.organisation_id, japan.organisation_id]
    accepted = Introduction.objects.filter(
        status=IntroductionStatus.ACCEPTED,
        from_organisation_id__in=pair,
        to_organisation_id__in=pair,
    ).first()
    if accepted is not None:
        return accepted
    profile = PartnerProfile.objects.filter(organisation=india.organisation).first()
    pending = Introduction.objects.filter(
        status=IntroductionStatus.PENDING,
        from_organisation_id__in=pair,
        to_organisation_id__in=pair,
    ).first()
    if pending is None:
        if (
            profile is None
            or not PartnerProfile.objects.filter(organisation=japan.organisation).exists()
        ):
            return None
        pending = introduction_request(
            by_user=japan,
            profile=profile,
            partnership_type=PartnershipType.objects.get(slug="technology-transfer"),
            message="We make carbide cutting tools in Osaka and look for a machining partner "
            "in India for a two-wheeler programme.",
        )
    answerer = india if pending.to_organisation_id == india.organisation_id else japan
    return introduction_accept(introduction=pending, by_user=answerer)


def _messages(conversation: Conversation, people: dict[str, User]) -> int:
    if Message.objects.filter(conversation=conversation).exists():
        return 0
    for email, body in MESSAGES:
        message_post(conversation=conversation, by_user=people[email], body=body)
    return len(MESSAGES)


def _meeting(conversation: Conversation, japan: User) -> int:
    if Meeting.objects.filter(conversation=conversation).exists():
        return 0
    starts = hours.suggest_slots(
        selectors.sides_for(conversation),
        45,
        after=timezone.now() + timedelta(days=2),
        count=3,
        days=30,
        per_day=1,
    )
    meeting_propose(
        conversation=conversation,
        by_user=japan,
        title="First call: motor housings for the Thailand programme",
        starts=starts,
        duration_minutes=45,
        mode="online",
        url="https://meet.example/osaka-ludhiana",
        note="Agenda: capacity, certifications, sample lot.",
    )
    return 1


def _document(conversation: Conversation, japan: User) -> int:
    if DealDocument.objects.filter(conversation=conversation).exists():
        return 0
    document_share(
        conversation=conversation,
        by_user=japan,
        title="Insert geometry drawings, rev. C",
        description="Carbide insert geometries for the aluminium machining trial (1 page).",
        upload=SimpleUploadedFile("insert-geometry-rev-c.pdf", DEMO_PDF, "application/pdf"),
    )
    return 1


def _sample_member() -> User | None:
    """The sample partner's one member: no password, so nobody signs in as them."""
    existing = User.objects.filter(email=INDIA).first()
    if existing is not None:
        return existing
    organisation = Organisation.objects.filter(slug=PARTNER_ORG).first()
    if organisation is None:
        return None
    return User.objects.create_user(
        INDIA,
        None,
        full_name="Priya Kulkarni",
        organisation=organisation,
        org_role=OrgRole.OWNER,
        language="hi",
        timezone="Asia/Kolkata",
    )


@transaction.atomic
def seed(stdout=None) -> int:
    _sample_member()
    people = {u.email: u for u in User.objects.filter(email__in=[INDIA, JAPAN])}
    if len(people) != 2:
        return 0
    introduction = _accepted_introduction(people[INDIA], people[JAPAN])
    if introduction is None:
        return 0
    conversation = conversation_open(introduction=introduction)
    added = (
        _messages(conversation, people)
        + _meeting(conversation, people[JAPAN])
        + _document(conversation, people[JAPAN])
    )
    if stdout is not None:
        stdout.write(f"partnerships: {added} demo messages, meetings and documents added")
    return added
