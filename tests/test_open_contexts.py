"""The English word "Open" is three things here: a button, a flag's status and a
conversation's status. Message contexts keep their ja/hi wordings apart (one catalogue entry
would otherwise win for all three)."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from forum.discussions.models import FlagStatus
from matchmaking.partnerships.models import ConversationStatus


@pytest.mark.parametrize(
    ("language", "button", "flag", "conversation"),
    [("ja", "開く", "未対応", "進行中"), ("hi", "खोलें", "खुला", "चालू")],
)
def test_each_open_has_its_own_wording(language, button, flag, conversation) -> None:
    with translation.override(language):
        assert gettext("Open") == button
        assert str(FlagStatus.OPEN.label) == flag
        assert str(ConversationStatus.OPEN.label) == conversation
    with translation.override("en"):
        assert {
            gettext("Open"),
            str(FlagStatus.OPEN.label),
            str(ConversationStatus.OPEN.label),
        } == {"Open"}
