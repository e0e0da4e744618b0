"""Readable, translated names of the audit log's action codes.

The log stores stable codes (`forum.post.hide`); staff read "Post hidden" / "投稿を非表示" /
"पोस्ट छिपाई गई". A code without a label (a new action) is shown as the code itself.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "org.verify": _("Organisation verified"),
    "org.reject": _("Organisation verification rejected"),
    "org.resubmit": _("Organisation resubmitted for verification"),
    "org.member_join": _("Member joined the organisation"),
    "org.member_remove": _("Member removed from the organisation"),
    "org.role_change": _("Member's role changed"),
    "user.delete": _("Account deleted"),
    "forum.post.hide": _("Post hidden"),
    "forum.post.auto_hide": _("Post hidden after flags"),
    "forum.post.restore": _("Post restored"),
    "forum.post.approve": _("Post approved"),
    "forum.post.edit": _("Post edited by a moderator"),
    "forum.thread.lock": _("Thread locked"),
    "forum.thread.unlock": _("Thread unlocked"),
    "forum.thread.pin": _("Thread pinned"),
    "forum.thread.unpin": _("Thread unpinned"),
    "forum.thread.move": _("Thread moved to another board"),
    "forum.user.silence": _("Person silenced"),
    "forum.user.suspend": _("Person suspended"),
    "forum.user.block": _("Person blocked"),
    "forum.user.reinstate": _("Silence or suspension lifted"),
    "partnerships.message_hide": _("Reported partner message hidden"),
    "partnerships.report_dismiss": _("Reports of a partner message dismissed"),
    "policynotice.publish": _("Policy notice published"),
    "policynotice.amend": _("Policy notice amended"),
    "policynotice.withdraw": _("Policy notice withdrawn"),
    "fundingwindow.publish": _("Funding window published"),
    "fundingwindow.withdraw": _("Funding window withdrawn"),
    "trainingprogramme.publish": _("Training programme published"),
    "trainingprogramme.withdraw": _("Training programme withdrawn"),
    "interest.contacted": _("Expression of interest answered: contacted"),
    "interest.declined": _("Expression of interest declined"),
    "interest.withdrawn": _("Expression of interest withdrawn"),
    "enrolment.complete": _("Training marked as completed"),
    "introduction.accept": _("Introduction accepted"),
    "introduction.decline": _("Introduction declined"),
    "matchruns.request": _("Match run requested"),
    "digest.preview": _("Digest previewed"),
}


def action_label(code: str) -> str:
    """The action's name in the reader's language, or the code when it has no label yet."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code
