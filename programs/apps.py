from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programmes and funding")

    def ready(self) -> None:
        from accounts.privacy import register_eraser, register_exporter, register_models
        from programs.privacy import erase_user, export_user

        register_exporter("programs", export_user)
        register_eraser("programs", erase_user)
        register_models(
            "programs",
            [
                "programs.FundingWindow",
                "programs.ExpressionOfInterest",
                "programs.PolicyNotice",
                "programs.NoticeRevision",
                "programs.NoticeAttachment",
                "programs.TrainingProgramme",
                "programs.Enrolment",
                "programs.NoticeRead",
            ],
        )
