"""`/api/v1/match-runs/`: admins (staff with MFA) list, read and start match runs."""

from __future__ import annotations

from rest_framework import mixins, permissions, serializers, viewsets

from accounts.http import api_user
from accounts.models import User
from accounts.permissions import check_can_moderate
from accounts.services import audit_record
from forum.api.routers import PortalRouter
from matchmaking.runs import selectors, services
from matchmaking.runs.models import MatchRun, RunKind


class IsModerator(permissions.BasePermission):
    """Raises check_can_moderate's PermissionDenied, so the API says why (MFA, not staff);
    an anonymous caller gets DRF's 401 with `WWW-Authenticate`, as everywhere else."""

    def has_permission(self, request, view) -> bool:
        if not request.user.is_authenticated:
            return False
        check_can_moderate(request.user)
        return True


class MatchRunSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    is_current = serializers.SerializerMethodField()
    requested_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="email", read_only=True
    )

    class Meta:
        model = MatchRun
        fields = [
            "id",
            "kind",
            "status",
            "profile",
            "done",
            "total",
            "percent",
            "is_current",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "compute_seconds",
            "store_seconds",
            "pairs_scored",
            "matches_stored",
            "attempts",
            "error",
        ]
        read_only_fields = [f for f in fields if f not in ("kind", "profile")]

    def get_is_current(self, run: MatchRun) -> bool:
        return bool(getattr(run, "is_current", None))

    def validate(self, attrs: dict) -> dict:
        if attrs.get("kind") == RunKind.INCREMENTAL and not attrs.get("profile"):
            raise serializers.ValidationError({"profile": "An incremental run needs a profile."})
        if attrs.get("kind") == RunKind.FULL and attrs.get("profile"):
            raise serializers.ValidationError({"profile": "A full run takes no profile."})
        return attrs


class MatchRunViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Match runs, newest first. POST {"kind": "full"} or {"kind": "incremental", "profile": id}."""

    serializer_class = MatchRunSerializer
    permission_classes = [IsModerator]

    def get_queryset(self):
        return selectors.match_runs()

    def perform_create(self, serializer: serializers.BaseSerializer[MatchRun]) -> None:
        data = serializer.validated_data
        profile = data.get("profile")
        moderator = api_user(self.request)  # IsModerator let only signed-in staff in
        run = services.match_run_request(
            kind=data["kind"],
            requested_by=moderator,
            profile_id=profile.pk if profile else None,
        )
        audit_record(actor=moderator, action="matchruns.request", target=run)
        serializer.instance = selectors.match_runs().get(pk=run.pk)


router = PortalRouter()
router.include_root_view = False  # forum.api.root lists every resource
router.register("match-runs", MatchRunViewSet, basename="match-run")
urlpatterns = router.urls
