"""Small helpers shared by the API tests (plain functions; fixtures live in tests/conftest.py and tests/helpers.py)."""
from __future__ import annotations

import re

SLUG = "climat-2027"
BASE = f"/debates/{SLUG}"
_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def assert_error(status, data, expected_status: int, code: str | None = None) -> dict:
    """The contract's error shape: {"error": {"code": snake_case, "message": "a sentence", "details"?: {...}}}."""
    assert status == expected_status, (status, data)
    assert isinstance(data, dict) and set(data) == {"error"}, data
    error = data["error"]
    assert isinstance(error.get("code"), str) and _SNAKE.match(error["code"]), error
    assert isinstance(error.get("message"), str) and error["message"].strip(), error
    assert set(error) <= {"code", "message", "details"}, error
    if code is not None:
        assert error["code"] == code, error
    return error


def error_fields(data) -> list[str]:
    return [f["field"] for f in data["error"].get("details", {}).get("fields", [])]


def new_post(api, who, idea_id: str, body: str = "Plus de **trains** de nuit", *, slug: str = SLUG,
             statement: bool = False, headers=None, expect: int = 201) -> dict:
    payload = {"body": body}
    if statement:
        payload["statement"] = True
    status, post = api.post(f"/debates/{slug}/ideas/{idea_id}/posts", payload, who=who, headers=headers)
    assert status == expect, post
    return post


def new_reply(api, who, post_id: str, body: str = "Je suis d'accord", *, slug: str = SLUG, headers=None,
              expect: int = 201) -> dict:
    status, post = api.post(f"/debates/{slug}/posts/{post_id}/replies", {"body": body}, who=who, headers=headers)
    assert status == expect, post
    return post


def get_post(api, post_id: str, who=None, slug: str = SLUG) -> dict:
    status, post = api.get(f"/debates/{slug}/posts/{post_id}", who=who)
    assert status == 200, post
    return post


COUNT_KEYS = ("posts", "participants", "stances")


def core_counts(counts: dict) -> dict:
    """The documented counters (other features may add more keys)."""
    assert set(COUNT_KEYS) <= set(counts), counts
    return {key: counts[key] for key in COUNT_KEYS}


def debate_counts(api, who=None, slug: str = SLUG) -> dict:
    status, debate = api.get(f"/debates/{slug}", who=who)
    assert status == 200, debate
    return core_counts(debate["counts"])


def idea_post_count(api, idea_id: str, who=None, slug: str = SLUG) -> int:
    status, ideas = api.get(f"/debates/{slug}/ideas", who=who)
    assert status == 200, ideas
    return next(i for i in ideas["items"] if i["id"] == idea_id)["counts"]["posts"]


def listing_ids(api, idea_id: str, who=None, slug: str = SLUG, limit: int = 100) -> list[str]:
    status, page = api.get(f"/debates/{slug}/ideas/{idea_id}/posts?limit={limit}", who=who)
    assert status == 200, page
    return [p["id"] for p in page["items"]]


def listing(api, idea_id: str, who=None, slug: str = SLUG) -> dict:
    status, page = api.get(f"/debates/{slug}/ideas/{idea_id}/posts?limit=100", who=who)
    assert status == 200, page
    return {p["id"]: p for p in page["items"]}


def thread(api, post_id: str, who=None, slug: str = SLUG) -> list[dict]:
    status, data = api.get(f"/debates/{slug}/posts/{post_id}/thread", who=who)
    assert status == 200, data
    return data["items"]


def moderate(api, who, post_id: str, state: str, slug: str = SLUG, expect: int = 200) -> dict:
    status, post = api.post(f"/debates/{slug}/posts/{post_id}/moderation", {"state": state}, who=who)
    assert status == expect, post
    return post


def patch_debate(api, who, patch: dict, slug: str = SLUG) -> dict:
    status, debate = api.patch(f"/debates/{slug}", patch, who=who)
    assert status == 200, debate
    return debate
