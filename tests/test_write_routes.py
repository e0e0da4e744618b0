"""Every write route of the portal, enumerated from the URLconf, in a permission matrix.

Each route must be classified below as a write (and then it is tried by an anonymous visitor
and by a staff member whose session did not pass MFA) or as read-only; a route added to the
URLconf and classified nowhere fails `test_it_classifies_every_route`. Every write, HTML or
API, must also be a row of an app's permission matrix (`<app>/tests/test_matrix.py`, on
tests/matrix.py: owner, other organisation, anonymous, unverified, silenced, suspended, staff
without this session's second factor), or `test_every_write_is_in_an_app_matrix` fails.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.factories import make_user

SKIPPED_PREFIXES = ("admin/", "accounts/", "api/schema/", "api/docs/", "static/", "media/")

# HTML routes that change something on POST (name → URL with placeholder ids).
HTML_WRITES = {
    "account_preferences", "account_token_create", "account_token_revoke", "account_export",
    "account_delete", "onboarding", "organisation_edit", "invitation_create", "invitation_revoke",
    "member_role", "member_remove", "invitation_accept", "verification_decide",
    "programs:programme_create", "programs:programme_edit", "programs:programme_publish",
    "programs:programme_withdraw", "programs:session_add", "programs:enrol",
    "programs:enrolment_cancel", "programs:enrolment_complete", "programs:notice_create",
    "programs:notice_edit", "programs:notice_publish", "programs:notice_withdraw",
    "programs:notice_attach", "programs:window_create", "programs:window_edit",
    "programs:window_publish", "programs:window_withdraw", "programs:interest_send",
    "programs:interest_withdraw", "programs:interest_mark", "digests:preferences",
    "digests:unsubscribe", "matchruns:request", "matchmaking:profile_edit",
    "matchmaking:shortlist_note", "matchmaking:shortlist_remove", "matchmaking:introduction_accept",
    "matchmaking:introduction_decline", "matchmaking:shortlist_add",
    "matchmaking:introduction_request", "matchmaking:not_interested",
    "discussions:thread_create", "discussions:thread_reply", "discussions:thread_subscribe",
    "discussions:thread_solve", "discussions:post_edit", "discussions:post_flag",
    "discussions:moderation_post", "discussions:moderation_thread", "discussions:moderation_person",
    "set_language",
    "notifications:read", "notifications:read_all", "notifications:preferences",
    "savedsearches:create", "savedsearches:rename", "savedsearches:delete", "savedsearches:mute",
    "matchmaking:introduction_withdraw", "partnerships:conversation",
    "partnerships:conversation_block", "partnerships:outcome", "partnerships:message_report",
    "partnerships:meeting_new", "partnerships:meeting_accept", "partnerships:meeting_counter",
    "partnerships:meeting_reschedule", "partnerships:meeting_keep_time",
    "partnerships:meeting_cancel",
    "partnerships:meeting_record", "partnerships:working_hours", "partnerships:calendar",
    "partnerships:document_new", "partnerships:nda_accept", "partnerships:document_revoke",
    "discussions:moderation_flagged",
}  # fmt: skip
HTML_READS = {
    "home", "healthz", "healthz-live", "metrics", "account_home", "account_organisation", "verification_queue", "audit_log",
    "organisation_detail", "programs:programme_list", "programs:mine", "programs:programme_detail",
    "programs:notice_list", "programs:notice_detail", "programs:attachment_download",
    "programs:window_list", "programs:window_detail", "programs:window_interests",
    "digests:run_list", "digests:run_detail", "digests:preview", "matchruns:list",
    "matchmaking:directory", "matchmaking:matches", "matchmaking:shortlist",
    "matchmaking:introductions", "matchmaking:profile", "discussions:index",
    "discussions:notices", "discussions:board", "discussions:thread",
    "discussions:moderation_queue",
    "notifications:list", "savedsearches:list", "home:staff_dashboard", "home:msme_dashboard",
    "home:notice_dashboard", "home:window_dashboard", "partnerships:conversations",
    "partnerships:unread", "partnerships:attachment", "partnerships:meeting",
    "partnerships:meeting_ics", "partnerships:calendar_feed", "partnerships:document",
    "partnerships:document_file", "partnerships:document_nda", "partnerships:reports",
    "partnerships:outcomes_csv",
    "discussions:followed", "discussions:thread_unread", "home:window_pool",
}  # fmt: skip
# Staff-only writes: a staff member whose session did not pass MFA must be refused.
STAFF_WRITES = {
    "verification_decide", "matchruns:request", "discussions:moderation_post",
    "discussions:moderation_thread", "discussions:moderation_person",
    "discussions:moderation_flagged",
}  # fmt: skip
PUBLIC_WRITES = {"set_language", "digests:unsubscribe"}  # anyone may, by design


def _routes(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), f"{namespace}{pattern.name}", pattern.callback


def html_routes() -> dict[str, str]:
    return {
        name: route
        for route, name, _ in _routes(get_resolver().url_patterns)
        if not route.startswith(("api/", *SKIPPED_PREFIXES))
    }


def api_write_operations() -> list[tuple[str, str]]:
    """(method, path) of every API operation that writes, from the routers' viewsets."""
    return sorted({(method, _fill(route)) for method, route, _name in _api_writes()})


def api_write_routes() -> set[tuple[str, str]]:
    """(method, route name) of every API operation that writes."""
    return {(method, name) for method, _route, name in _api_writes()}


def _api_writes():
    for route, name, callback in _routes(get_resolver().url_patterns):
        if not route.startswith("api/v1/") or "format" in route:
            continue
        actions = getattr(callback, "actions", None)
        if actions is None:
            view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
            methods = [m for m in ("post", "put", "patch", "delete") if hasattr(view_class, m)]
        else:
            methods = [m for m in actions if m in ("post", "put", "patch", "delete")]
        for method in methods:
            yield method, route, name


def _fill(route: str) -> str:
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", "999999", route.lstrip("^"))
    path = re.sub(r"<(?:\w+:)?(\w+)>", "999999", path)
    return "/" + path.replace("^", "").replace("$", "")


def test_it_classifies_every_route():
    names = set(html_routes())
    unclassified = names - HTML_WRITES - HTML_READS
    assert not unclassified, f"classify these routes (and add writes to a matrix): {unclassified}"
    assert not (HTML_WRITES | HTML_READS) - names, "classified routes that no longer exist"
    assert STAFF_WRITES <= HTML_WRITES and PUBLIC_WRITES <= HTML_WRITES


def test_it_finds_the_api_writes():
    operations = api_write_operations()
    assert ("post", "/api/v1/forum/threads/999999/lock/") in operations
    assert ("patch", "/api/v1/profiles/999999/") in operations
    assert len(operations) > 40


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(HTML_WRITES - PUBLIC_WRITES))
def test_it_refuses_every_html_write_to_anonymous_visitors(client, name):
    url = "/" + _fill(html_routes()[name]).lstrip("/")
    response = client.post(url, {"body": "x", "action": "hide", "reason": "r"})
    assert response.status_code in (302, 403, 404, 405), (url, response.status_code)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"], (url, response["Location"])


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), api_write_operations())
def test_it_refuses_every_api_write_to_anonymous_callers(client, method, path):
    response = getattr(client, method)(path, {}, content_type="application/json")
    assert response.status_code in (401, 403, 405), (method, path, response.status_code)


@pytest.fixture
def password_only_staff(client, db):
    """Staff with MFA turned on, in a session that did not pass it."""
    staff = make_user("staff@example.com", None, mfa=True, is_staff=True)
    client.force_login(staff)
    return staff


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(STAFF_WRITES))
def test_it_refuses_staff_writes_without_this_sessions_second_factor(
    client, password_only_staff, name
):
    url = "/" + _fill(html_routes()[name]).lstrip("/")
    response = client.post(url, {"decision": "approve", "action": "hide", "reason": "r"})
    assert response.status_code == 403, (url, response.status_code)


STAFF_API_WRITES = [
    op
    for op in api_write_operations()
    if "/moderation/" in op[1]
    or op[1].startswith("/api/v1/match-runs/")
    or re.search(r"/(lock|unlock|pin|unpin|move|approve|hide|restore|moderator-edit)/$", op[1])
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), STAFF_API_WRITES)
def test_it_refuses_staff_api_writes_without_this_sessions_second_factor(
    client, password_only_staff, method, path
):
    response = getattr(client, method)(path, {"reason": "r"}, content_type="application/json")
    assert response.status_code == 403, (method, path, response.status_code)


APPS = ("accounts", "programs", "matchmaking", "forum", "digests", "taxonomy")


def matrix_modules() -> list:
    """Every app's permission matrix: the `tests/test_matrix.py` modules under the apps."""
    root = Path(__file__).resolve().parent.parent
    paths = sorted(p for app in APPS for p in (root / app).glob("**/tests/test_matrix.py"))
    names = [".".join(p.relative_to(root).with_suffix("").parts) for p in paths]
    return [importlib.import_module(name) for name in names]


def test_every_write_is_in_an_app_matrix():
    modules = matrix_modules()
    assert len(modules) >= 8, [m.__name__ for m in modules]
    covered = set().union(*(module.COVERED for module in modules))
    writes = {("post", name) for name in HTML_WRITES} | api_write_routes()
    missing = sorted(writes - covered)
    assert not missing, f"write routes that no app's test_matrix.py tries: {missing}"
    assert not covered - writes, "matrix rows for routes that are not classified as writes"


def test_every_staff_write_has_the_no_mfa_column():
    staff_routes = {("post", name) for name in STAFF_WRITES} | {
        (method, resolve(path).view_name) for method, path in STAFF_API_WRITES
    }
    rows = [row for module in matrix_modules() for row in module.WRITES]
    for row in rows:
        if row.route in staff_routes:
            assert row.staff_only and "no_mfa" in row.expect, row.name
    assert staff_routes <= {row.route for row in rows}


def test_read_only_pages_take_no_form():
    """A route classified as read-only has no POST branch (it would be a write no matrix tries)."""
    callbacks = {name: callback for _route, name, callback in _routes(get_resolver().url_patterns)}
    posting = []
    for name in sorted(HTML_READS):
        try:
            source = inspect.getsource(inspect.unwrap(callbacks[name]))
        except (OSError, TypeError):  # a class-based or library view: nothing to read
            continue
        if "request.POST" in source or 'method == "POST"' in source:
            posting.append(name)
    assert not posting, posting
