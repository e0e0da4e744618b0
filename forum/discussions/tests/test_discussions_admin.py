"""Admins manage boards in Django admin; other forum models are read-only there."""

from __future__ import annotations

from forum.discussions.models import Board


def test_it_lets_admins_add_a_board(mfa_login, client, admin_user):
    mfa_login(client, admin_user)
    response = client.post(
        "/admin/discussions/board/add/",
        {
            "slug": "textiles",
            "position": 3,
            "is_public": "on",
            "name_en": "Textiles",
            "name_ja": "繊維",
            "name_hi": "वस्त्र",
            "description_en": "Fibres and garments",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert Board.objects.get(slug="textiles").name_hi == "वस्त्र"


def test_it_lists_forum_models_in_admin(mfa_login, client, admin_user, bob_post):
    mfa_login(client, admin_user)
    for model in ("board", "thread", "post", "flag", "moderationnotice"):
        assert client.get(f"/admin/discussions/{model}/").status_code == 200


def test_it_keeps_posts_read_only_in_admin(mfa_login, client, admin_user, bob_post):
    mfa_login(client, admin_user)
    response = client.post(f"/admin/discussions/post/{bob_post.pk}/change/", {"body": "x"})
    assert response.status_code == 403
