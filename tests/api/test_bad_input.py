"""Bad input on every route: malformed JSON, wrong shapes and types, unknown fields, over-long text, oversized
bodies, garbage ids, garbage tokens. Always a 4xx with {"error": {"code", "message"}}; never a 500.

These tests share one moto table per module (`world`, tests/api/conftest.py): every request here must be refused
before it changes anything, except in the sweep, which only asserts the status class and the error shape.
"""
from __future__ import annotations

import json
import re

import pytest

import app as app_module
from chalicelib.api.http import MAX_BODY_BYTES, ROUTES
from tests.api.support import assert_error, error_fields

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
BODY_ROUTES = [spec for spec in ROUTES if spec.body is not None]

# A valid body per schema, and for each: a wrong-type body and an over-long body with the field they break.
# Schemas not listed here (added later) are covered by the generic cases built from their JSON schema.
KNOWN = {
    "EmailLinkInput": ({"email": "x@example.org"}, ("email", 12), ("email", "a" * 250 + "@example.org")),
    "SessionInput": ({"token": "x" * 20}, ("token", ["x"]), ("token", "x" * 4001)),
    "ProfilePatch": ({"display_name": "Marie"}, ("display_name", True), ("display_name", "x" * 61)),
    "DebateInput": ({"slug": "nouveau-debat", "languages": ["fr"], "default_language": "fr",
                     "title": {"fr": "Titre"}}, ("languages", "fr"), ("title", {"fr": "x" * 201})),
    "DebatePatch": ({"status": "open"}, ("premoderation", "yes"), ("description", {"fr": "x" * 5001})),
    "MemberInvite": ({"email": "x@example.org", "roles": ["moderator"]}, ("roles", "moderator"),
                     ("email", "x" * 255)),
    "MemberRoles": ({"roles": ["moderator"]}, ("roles", {"moderator": True}),
                    ("roles", ["participant", "harvester", "moderator", "organiser", "participant"])),
    "IdeaInput": ({"title": {"fr": "Titre"}}, ("title", "Titre"), ("title", {"fr": "x" * 201})),
    "IdeaPatch": ({"title": {"fr": "Titre"}}, ("description", ["x"]), ("description", {"fr": "x" * 5001})),
    "IdeaMove": ({"parent_id": None, "position": 0}, ("position", "0"), ("parent_id", "x" * 33)),
    "PostInput": ({"body": "Texte"}, ("statement", "true"), ("body", "x" * 10001)),
    "ReplyInput": ({"body": "Texte"}, ("body", 42), ("body", "x" * 10001)),
    "PostEdit": ({"body": "Texte"}, ("body", None), ("body", "x" * 10001)),
    "Moderation": ({"state": "published"}, ("state", 1), ("reason", "x" * 501)),
    "StanceInput": ({"value": "agree"}, ("value", True), ("value", "agree" * 100)),
}


def _first_schema(prop: dict, defs: dict) -> dict:
    if "$ref" in prop:
        return defs[prop["$ref"].rsplit("/", 1)[-1]]
    for option in prop.get("anyOf", []):
        if option.get("type") != "null":
            return _first_schema(option, defs)
    return prop


def generic_cases(model) -> tuple[dict, tuple | None, tuple | None]:
    """(a body with an unknown field only, wrong-type case, over-long case) derived from the JSON schema."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    wrong = long = None
    for name, prop in schema.get("properties", {}).items():
        resolved = _first_schema(prop, defs)
        kind = resolved.get("type")
        if wrong is None and kind:
            wrong = (name, {"string": 12345, "integer": "x", "number": "x", "boolean": "x", "array": "x",
                            "object": ["x"]}.get(kind, {"x": [1]}))
        if long is None and kind == "string" and "maxLength" in resolved:
            long = (name, "x" * (resolved["maxLength"] + 1))
        elif long is None and kind == "object" and "maxLength" in resolved.get("additionalProperties", {}):
            long = (name, {"fr": "x" * (resolved["additionalProperties"]["maxLength"] + 1)})
    return {}, wrong, long


def is_known(spec) -> bool:
    return spec.body.__module__ == "chalicelib.api.schemas" and spec.body.__name__ in KNOWN


def cases_for(spec):
    if is_known(spec):
        return KNOWN[spec.body.__name__]
    return generic_cases(spec.body)


def fill(path: str, world, variant: str = "valid") -> str:
    valid = {"slug": "climat-2027", "idea_id": world["idea"]["id"], "post_id": world["post"]["id"],
             "user_id": world["participant"].user_id, "kind": "like", "number": "1"}
    garbage = {
        "ids": lambda name: "zz",
        "long": lambda name: "a" * 300,
        "dots": lambda name: "06h3r4hcsew7agsw.06h3r4hcsew7agsx.zz",
        "unicode": lambda name: "%C3%A9t%C3%A9%00",
    }

    def value(match):
        name = match.group(1)
        if variant == "valid":
            return valid.get(name, "06h3r4hcsew7agsw")
        if name == "slug" and variant != "long":  # keep a real debate so deeper code runs
            return "climat-2027"
        return garbage[variant](name)

    return re.sub(r"{(\w+)}", value, path)


def route_id(spec) -> str:
    return f"{spec.method} {spec.path}"


def check_error_shape(status, data, context):
    assert status < 500, (context, status, data)
    if status >= 400:
        assert isinstance(data, dict) and isinstance(data.get("error"), dict), (context, status, data)
        assert SNAKE.match(str(data["error"].get("code"))), (context, data)
        assert isinstance(data["error"].get("message"), str) and data["error"]["message"], (context, data)


# --- every body route -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("spec", BODY_ROUTES, ids=route_id)
def test_malformed_json_is_400(world, spec):
    api, path = world["api"], fill(spec.path, world)
    for raw in ("{", '{"a":', "{'single': 'quotes'}", "nul", '{"a": 1} trailing', "{\"a\": 1,}",
                b"\xff\xfe\x00{"):
        status, data = api.call(spec.method, path, raw=raw, who=world["organiser"])
        assert_error(status, data, 400, "invalid_json")
    assert_error(*api.call(spec.method, path, raw="", who=world["organiser"]), 400, "invalid_json")
    assert_error(*api.call(spec.method, path, who=world["organiser"]), 400, "invalid_json")  # no body at all


@pytest.mark.parametrize("spec", BODY_ROUTES, ids=route_id)
def test_a_body_that_is_not_an_object_is_422(world, spec):
    api, path = world["api"], fill(spec.path, world)
    for raw in ("[]", "[{}]", '"text"', "42", "null", "true"):
        status, data = api.call(spec.method, path, raw=raw, who=world["organiser"])
        assert_error(status, data, 422, "validation_failed")
        assert error_fields(data) == ["body"], raw


@pytest.mark.parametrize("spec", BODY_ROUTES, ids=route_id)
def test_unknown_fields_are_422_and_named(world, spec):
    api, path = world["api"], fill(spec.path, world)
    valid, _, _ = cases_for(spec)
    status, data = api.call(spec.method, path, {**valid, "zz_unknown": 1}, who=world["organiser"])
    assert_error(status, data, 422, "validation_failed")
    assert "zz_unknown" in error_fields(data)
    if is_known(spec):
        assert error_fields(data) == ["zz_unknown"]
        assert "zz_unknown" in data["error"]["message"]


@pytest.mark.parametrize("spec", BODY_ROUTES, ids=route_id)
def test_wrong_types_are_422_and_named(world, spec):
    api, path = world["api"], fill(spec.path, world)
    valid, wrong, _ = cases_for(spec)
    assert wrong is not None
    field, value = wrong
    status, data = api.call(spec.method, path, {**valid, field: value}, who=world["organiser"])
    assert_error(status, data, 422, "validation_failed")
    assert any(f == field or f.startswith(field + ".") for f in error_fields(data)), data


@pytest.mark.parametrize("spec", BODY_ROUTES, ids=route_id)
def test_over_long_text_is_422(world, spec):
    api, path = world["api"], fill(spec.path, world)
    valid, _, long = cases_for(spec)
    if long is None:
        pytest.skip(f"{spec.body.__name__} has no bounded text field")
    field, value = long
    status, data = api.call(spec.method, path, {**valid, field: value}, who=world["organiser"])
    assert_error(status, data, 422, "validation_failed")
    assert any(f == field or f.startswith(field + ".") for f in error_fields(data)), data


# zero-width, format, no-break and ideographic spaces, a Hangul filler, the blank Braille pattern, variation selectors
INVISIBLE = "\u200b\u200d\u2060\ufeff\u00a0\u3000\u202e\u3164\u2800\ufe0f\U000e0100"


@pytest.mark.parametrize("path, field, body", [
    ("/debates/climat-2027/ideas", "title.fr", {"title": {"fr": INVISIBLE}}),
    ("/debates/climat-2027/ideas/{idea_id}/posts", "body", {"body": INVISIBLE}),
    ("/debates/climat-2027/posts/{post_id}/replies", "body", {"body": "\u200b"}),
    ("/me", "display_name", {"display_name": "\u3164"}),
    ("/debates", "title.fr", {"slug": "invisible", "languages": ["fr"], "default_language": "fr",
                              "title": {"fr": "\u2060"}}),
])
def test_text_made_only_of_invisible_characters_is_422(world, path, field, body):
    """Zero-width and format characters are not stripped as spaces are: without this check a title of them was
    accepted and shown as nothing."""
    api = world["api"]
    path = path.format(idea_id=world["idea"]["id"], post_id=world["post"]["id"])
    send = api.patch if path == "/me" else api.post
    error = assert_error(*send(path, body, who=world["organiser"]), 422, "validation_failed")
    assert field in error_fields({"error": error}) and "visible" in error["message"], error
    name = {"title": {"fr": "Un titre \u200bvisible"}}  # invisible characters inside visible text are fine
    if path.endswith("/ideas"):
        assert api.post(path, name, who=world["organiser"])[0] == 201


@pytest.mark.parametrize("title", [
    "?", "\U0001FABF", "\U0001FA77", "\U00031350", "\u06dd", "\u0600\u0661", "中文", "עברית\u200f", "مرحبا",
    "e\u0301", "\U0001F469\u200d\U0001F4BB", "\U0001F1EB\U0001F1F7", "#\ufe0f\u20e3",
])
def test_visible_text_of_any_script_or_unicode_version_is_accepted(world, title):
    """Emoji newer than this Python's Unicode tables (unassigned here), marks shown by format characters (U+06DD),
    CJK, right-to-left scripts, combining marks, emoji sequences: all show something."""
    status, idea = world["api"].post("/debates/climat-2027/ideas", {"title": {"fr": title}}, who=world["organiser"])
    assert status == 201, idea


def test_a_post_whose_rendering_shows_nothing_is_422(world):
    """The source has visible characters, the rendered text none (an entity for a zero-width space)."""
    path = f"/debates/climat-2027/ideas/{world['idea']['id']}/posts"
    for body in ("&#8203;", "&zwnj;", "&ZeroWidthSpace;", "&#x3164;", "[](https://example.org)"):
        error = assert_error(*world["api"].post(path, {"body": body}, who=world["organiser"]), 422)
        assert error_fields({"error": error}) == ["body"], (body, error)


@pytest.mark.parametrize("spec", BODY_ROUTES, ids=route_id)
def test_bodies_over_64_kb_are_413(world, spec):
    api, path = world["api"], fill(spec.path, world)
    for who in (None, world["organiser"]):
        raw = json.dumps({"body": "x" * MAX_BODY_BYTES})
        assert_error(*api.call(spec.method, path, raw=raw, who=who), 413, "payload_too_large")
        assert_error(*api.call(spec.method, path, raw="{" * (MAX_BODY_BYTES + 1), who=who), 413,
                     "payload_too_large")


def test_the_64_kb_limit_is_exact(world):
    api, path = world["api"], f"/debates/climat-2027/ideas/{world['idea']['id']}/posts"
    head = '{"body": "x"'
    at_limit = head + " " * (MAX_BODY_BYTES - len(head) - 1) + "}"
    assert len(at_limit.encode()) == MAX_BODY_BYTES
    status, data = api.post(path, raw=at_limit)
    assert_error(status, data, 401, "unauthorized")  # read and parsed; only then refused for want of a sign-in
    assert_error(*api.post(path, raw=at_limit + " "), 413, "payload_too_large")


def test_odd_but_valid_json_values_are_422_not_500(world):
    api = world["api"]
    idea = world["idea"]["id"]
    post = world["post"]["id"]
    cases = [
        (f"/debates/climat-2027/ideas/{idea}/move", '{"parent_id": null, "position": NaN}', "position"),
        (f"/debates/climat-2027/ideas/{idea}/move", '{"parent_id": null, "position": 1e999}', "position"),
        (f"/debates/climat-2027/ideas/{idea}/move", '{"parent_id": null, "position": 123456789012345678901234567890}',
         "position"),
        (f"/debates/climat-2027/ideas/{idea}/posts", '{"body": "\\ud800"}', "body"),
        (f"/debates/climat-2027/posts/{post}/stance", '{"value": "agree", "value": 7}', "value"),
        ("/debates", '{"slug": "x-y-z", "languages": ["fr"], "default_language": "fr", "title": {"fr": "\\udfff"}}',
         "title.fr"),
    ]
    for path, raw, field in cases:
        status, data = api.post(path, raw=raw, who=world["organiser"]) if not path.endswith("stance") else \
            api.put(path, raw=raw, who=world["organiser"])
        assert_error(status, data, 422, "validation_failed")
        assert field in error_fields(data), (raw, data)


def test_deeply_nested_json_is_400_not_500(world):
    status, data = world["api"].post(f"/debates/climat-2027/ideas/{world['idea']['id']}/posts", raw="[" * 60000,
                                     who=world["organiser"])
    assert_error(status, data, 400, "invalid_json")


def test_unsupported_media_type_and_method_have_the_error_shape(world):
    api = world["api"]
    status, data = api.call("POST", "/debates", raw="<debate/>", who=world["organiser"],
                            headers={"Content-Type": "application/xml"})
    assert_error(status, data, 415)
    status, data = api.call("DELETE", "/debates", who=world["organiser"])
    assert_error(status, data, 405)
    status, data = api.call("POST", "/debates/climat-2027/ideas", raw='{"title": {"fr": "T"}}', who=None,
                            headers={"Content-Type": "text/plain"})
    assert_error(status, data, 401)  # text/plain JSON is accepted and parsed (simple CORS requests)


# --- the sweep: every route, garbage everywhere ---------------------------------------------------------------------

GARBAGE_BODIES = [None, "", "{", "[1, 2]", "null", '"text"', '{"zz_unknown": {"deep": [1]}}',
                  '{"title": 5, "body": [], "value": {}, "roles": "x", "email": 7, "position": "x", "token": 1,'
                  ' "display_name": null, "state": false, "slug": ["a"], "version": "1", "decision": 0}',
                  '{"body": "\\u0000\\u202e", "title": {"zz": "x"}, "email": "@", "roles": ["god"]}']
QUERIES = ["", "?limit=abc", "?limit=0&cursor=%%%", "?cursor=eyJ4Ijp7IlMiOiIxIn19", "?zz=1", "?limit=1"]
AUTH = {(spec.path, spec.method): spec.auth for spec in ROUTES}
BODY = {(spec.path, spec.method): spec.body is not None for spec in ROUTES}
OPERATIONS = sorted((path, method) for path, methods in app_module.app.routes.items() for method in methods
                    if method != "OPTIONS")


@pytest.mark.parametrize("path, method", OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_sweep_never_500(world, path, method):
    """Every caller with real ids; then garbage ids as an organiser (the caller who gets deepest)."""
    api = world["api"]
    callers = {"anonymous": {}, "bad token": {"Authorization": "Bearer not.a.token"},
               "participant": world["participant"].headers, "organiser": world["organiser"].headers}
    has_body = BODY.get((path, method), method in ("POST", "PUT", "PATCH"))
    for variant in ("valid", "ids", "long", "dots", "unicode"):
        target = fill(path, world, variant)
        for caller, headers in callers.items():
            if variant != "valid" and caller != "organiser":
                continue
            if method == "GET":
                bodies = [None]
            elif has_body:
                bodies = GARBAGE_BODIES if (variant, caller) == ("valid", "organiser") else [None, GARBAGE_BODIES[-2]]
            else:
                bodies = [None, "{"]
            queries = QUERIES if method == "GET" and variant == "valid" else [""]
            for body in bodies:
                for query in queries:
                    status, data = api.call(method, target + query, raw=body, headers=headers) \
                        if body is not None else api.call(method, target + query, headers=headers)
                    check_error_shape(status, data, (method, target + query, caller, body))
                    if caller == "bad token" and AUTH.get((path, method)) == "required":
                        # a malformed token is refused (or the body before it), never served
                        assert status >= 400, (method, target, status)
