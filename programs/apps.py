from __future__ import annotations

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programmes and funding"

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
            ],
        )
