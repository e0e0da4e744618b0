"""Viewsets of the matchmaking API: thin wrappers over selectors and services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.http import api_user
from forum.api.pagination import PortalPagination
from forum.cache import cached_many
from forum.csvexport import CSVRenderer
from forum.i18n import current_language
from matchmaking import selectors, services
from matchmaking.api.serializers import (
    DeclineSerializer,
    IntroductionSerializer,
    MatchSerializer,
    ProfileSerializer,
    ShortlistNoteSerializer,
    ShortlistSerializer,
)
from matchmaking.models import Introduction, PartnerProfile, ShortlistEntry
from matchmaking.permissions import check_can_use_matchmaking
from matchmaking.runs.models import Match
from matchmaking.selectors import DirectoryFilters
from programs.selectors import completed_topics_by_organisation
from taxonomy.models import PartnershipType, Sector

FILTER_PARAMS = [
    OpenApiParameter("q", str, description="Full-text search (English, 日本語, हिन्दी)."),
    *[
        OpenApiParameter(name, str, many=True, description=f"Filter by {name} (repeatable).")
        for name in selectors.FACET_FIELDS
    ],
    OpenApiParameter("sort", str, enum=list(selectors.SORTS)),
]


class ProfileViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Partner profiles visible to you; create or update your own organisation's profile.

    `?format=csv` exports the filtered list (contact columns empty unless introduced).
    """

    serializer_class = ProfileSerializer
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]

    def get_queryset(self) -> QuerySet[PartnerProfile]:
        filters = DirectoryFilters.from_querydict(self.request.query_params)
        if self.action == "list":
            qs = selectors.directory(self.request.user, filters)
        else:
            qs = selectors.visible_profiles(self.request.user).order_by("id")
        return selectors.with_listing_data(qs)

    @property
    def paginator(self):
        if (
            getattr(self.request, "accepted_renderer", None)
            and self.request.accepted_renderer.format == "csv"
        ):
            return None
        return super().paginator

    def _serialize(self, items, *, many: bool):

        profiles = items if many else [items]
        org_ids = [p.organisation_id for p in profiles]
        unlocked = selectors.unlocked_org_ids(selectors.viewer_org_id(self.request.user), org_ids)
        context = {
            **self.get_serializer_context(),
            "unlocked": unlocked,
            "training": completed_topics_by_organisation(org_ids) if org_ids else {},
        }
        return ProfileSerializer(items, many=many, context=context).data

    @extend_schema(parameters=FILTER_PARAMS)
    def list(self, request: Request, *args, **kwargs) -> Response:
        if isinstance(self.paginator, PortalPagination):
            # The directory's cached total, as the HTML directory pages with it.
            filters = DirectoryFilters.from_querydict(request.query_params)
            total = selectors.directory_total(request.user, filters)
            ids = selectors.directory(request.user, filters).values_list(
                *selectors.LISTING_KEY_FIELDS, "organisation_id"
            )
            page = self.paginator.paginate_counted(ids, request, self, count=total)
            return self.get_paginated_response(self._cached_items(page))
        return Response(self._serialize(list(self.get_queryset()), many=True))

    def _cached_items(self, rows: Sequence[tuple]) -> Sequence[dict]:
        """The page's items, each serialized once per profile and language and then cached
        like the directory's cards (`selectors.listing_cache_keys`). What depends on the
        reader or on other apps is added per request and never cached: the contact (only
        for unlocked organisations, read in one query) and the completed training."""
        org_of = {pk: org for pk, *_, org in rows}
        viewer = selectors.viewer_org_id(self.request.user)
        unlocked = selectors.unlocked_org_ids(viewer, list(org_of.values()))
        training = completed_topics_by_organisation(list(org_of.values())) if rows else {}
        context = {**self.get_serializer_context(), "unlocked": set(), "training": {}}

        def build(missing: Sequence[int]) -> dict[int, dict]:
            profiles = selectors.with_listing_data(PartnerProfile.objects.filter(pk__in=missing))
            data = ProfileSerializer(profiles, many=True, context=context).data
            return {item["id"]: dict(item) for item in data}

        keys = selectors.listing_cache_keys("api-profile", rows, current_language())
        found = cached_many(keys, build, timeout=settings.DIRECTORY_FACETS_CACHE_SECONDS)
        contacts = {
            p.pk: selectors.contact_for(p, unlocked)
            for p in PartnerProfile.objects.filter(
                pk__in=[pk for pk, org in org_of.items() if org in unlocked]
            ).only("organisation_id", "contact_name", "contact_email", "contact_phone")
        }
        return [
            {
                **found[pk],
                "contact": contacts.get(pk),
                "completed_training": training.get(org_of[pk], []),
            }
            for pk in org_of
            if pk in found
        ]

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return Response(self._serialize(self.get_object(), many=False))

    def create(self, request: Request, *args, **kwargs) -> Response:
        organisation = check_can_use_matchmaking(request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = services.profile_save(
            organisation=organisation, by_user=request.user, data=serializer.validated_data
        )
        return Response(
            self._serialize(self._fresh(profile), many=False), status=status.HTTP_201_CREATED
        )

    def update(self, request: Request, *args, **kwargs) -> Response:
        profile = self.get_object()
        serializer = self.get_serializer(
            profile, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        profile = services.profile_save(
            organisation=profile.organisation, by_user=request.user, data=serializer.validated_data
        )
        return Response(self._serialize(self._fresh(profile), many=False))

    def _fresh(self, profile: PartnerProfile) -> PartnerProfile:
        return selectors.with_listing_data(PartnerProfile.objects.filter(pk=profile.pk)).get()


class MatchViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your organisation's current match suggestions, best first, with reasons."""

    serializer_class = MatchSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):

        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Match.objects.none()
        organisation = check_can_use_matchmaking(self.request.user)
        profile = selectors.profile_of(organisation)
        if profile is None:
            return Match.objects.none()
        params = self.request.query_params
        sector = Sector.objects.filter(slug=params.get("sector") or "").first()
        partnership_type = PartnershipType.objects.filter(
            slug=params.get("partnership_type") or ""
        ).first()
        return selectors.with_partner_listing_data(
            selectors.my_matches(
                organisation, profile, sector=sector, partnership_type=partnership_type
            )
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("sector", str, description="Sector slug."),
            OpenApiParameter("partnership_type", str, description="Partnership type slug."),
        ]
    )
    def list(self, request: Request, *args, **kwargs) -> Response:
        # PortalPagination has a page size, so it always pages (never None).
        page = cast(list[Match], self.paginate_queryset(self.get_queryset()))
        unlocked = selectors.unlocked_org_ids(
            api_user(request).organisation_id,  # IsAuthenticated let only people in
            [m.partner.organisation_id for m in page],
        )
        context = {
            **self.get_serializer_context(),
            "unlocked": unlocked,
            "language": current_language(),
        }
        return self.get_paginated_response(MatchSerializer(page, many=True, context=context).data)


class IntroductionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Introduction requests your organisation sent or received; request, accept, decline."""

    serializer_class = IntroductionSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Introduction]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Introduction.objects.none()
        organisation = check_can_use_matchmaking(self.request.user)
        qs = selectors.introductions_for(organisation)
        direction = self.request.query_params.get("direction")
        if direction == "sent":
            qs = qs.filter(from_organisation=organisation)
        elif direction == "received":
            qs = qs.filter(to_organisation=organisation)
        return qs

    @extend_schema(parameters=[OpenApiParameter("direction", str, enum=["sent", "received"])])
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = serializer.validated_data["profile"]
        if not selectors.visible_profiles(request.user).filter(pk=profile.pk).exists():
            raise Http404
        introduction = services.introduction_request(
            by_user=request.user,
            profile=profile,
            partnership_type=serializer.validated_data["partnership_type"],
            message=serializer.validated_data["message"],
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=introduction.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses=IntroductionSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        introduction = services.introduction_accept(
            introduction=self.get_object(), by_user=request.user
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=introduction.pk)).data)

    @extend_schema(request=DeclineSerializer, responses=IntroductionSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        serializer = DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        introduction = services.introduction_decline(
            introduction=self.get_object(),
            by_user=request.user,
            reason=serializer.validated_data.get("reason", ""),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=introduction.pk)).data)

    @extend_schema(request=None, responses=IntroductionSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """The sender takes back a request that is still waiting for an answer."""
        introduction = services.introduction_withdraw(
            introduction=self.get_object(), by_user=request.user
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=introduction.pk)).data)


class ShortlistViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your organisation's shortlist with its private notes (only your organisation sees them).

    PATCH changes only the note."""

    serializer_class = ShortlistSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[ShortlistEntry]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return ShortlistEntry.objects.none()
        return selectors.shortlist(check_can_use_matchmaking(self.request.user)).order_by(
            "-created_at", "-id"
        )

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = serializer.validated_data["profile"]
        if not selectors.visible_profiles(request.user).filter(pk=profile.pk).exists():
            raise Http404
        entry = services.shortlist_add(
            by_user=request.user, profile=profile, note=serializer.validated_data.get("note", "")
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=entry.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=ShortlistNoteSerializer, responses=ShortlistSerializer)
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        entry = self.get_object()
        serializer = ShortlistNoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.shortlist_note_update(
            by_user=request.user, entry_id=entry.pk, note=serializer.validated_data["note"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=entry.pk)).data)

    def destroy(self, request: Request, *args, **kwargs) -> Response:
        entry = self.get_object()
        services.shortlist_remove(by_user=request.user, entry_id=entry.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
