"""api/openapi.py: the document is built from the declared routes and must say what the API really serves."""
from __future__ import annotations

import copy
import json
import re

import pytest

import app as app_module
from chalicelib.api.http import ROUTES
from chalicelib.api.openapi import document

METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture(scope="module")
def doc() -> dict:
    return document()


def chalice_operations() -> set[tuple[str, str]]:
    return {(path, method.lower()) for path, methods in app_module.app.routes.items() for method in methods
            if method.upper() != "OPTIONS"}


def document_operations(doc) -> set[tuple[str, str]]:
    return {(path, method) for path, item in doc["paths"].items() for method in item if method in METHODS}


def test_top_level_shape(doc):
    assert re.match(r"^3\.\d+\.\d+$", doc["openapi"])
    assert doc["info"]["title"] and doc["info"]["version"]
    assert doc["info"]["license"]["name"].startswith("AGPL")
    assert doc["paths"] and isinstance(doc["components"]["schemas"], dict)
    json.dumps(doc)  # serialisable as is


def test_every_route_has_an_operation_and_every_operation_a_route(doc):
    assert chalice_operations() == document_operations(doc)


def test_operation_ids_are_unique(doc):
    op_ids = [op["operationId"] for item in doc["paths"].values() for m, op in item.items() if m in METHODS]
    assert len(op_ids) == len(set(op_ids))


def test_every_operation_has_a_success_and_error_responses(doc):
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            responses = operation.get("responses")
            assert responses, (path, method)
            success = [code for code in responses if code.startswith("2")]
            assert len(success) == 1, (path, method, list(responses))
            for code, response in responses.items():
                assert re.match(r"^[1-5]\d\d$", code), (path, method, code)
                assert response.get("description"), (path, method, code)
                if code[0] in "45":
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (path, method, code)


def test_documented_success_status_is_the_declared_one(doc):
    for spec in ROUTES:
        responses = doc["paths"][spec.path][spec.method.lower()]["responses"]
        assert str(spec.status) in responses, (spec.path, spec.method)


def test_path_parameters_match_the_template(doc):
    for path, item in doc["paths"].items():
        names = re.findall(r"{(\w+)}", path)
        for method, operation in item.items():
            declared = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
            assert sorted(declared) == sorted(names), (path, method)
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    assert parameter["required"] is True


def test_request_bodies_reference_existing_schemas(doc):
    schemas = doc["components"]["schemas"]
    for spec in ROUTES:
        operation = doc["paths"][spec.path][spec.method.lower()]
        if spec.body is None:
            assert "requestBody" not in operation, (spec.path, spec.method)
            continue
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        name = ref.removeprefix("#/components/schemas/")
        assert ref.startswith("#/components/schemas/") and name in schemas, ref
        assert name.split(".")[-1] == spec.body.__name__  # qualified by module only when two share a name
        # the schema refuses unknown fields, like the server does
        assert schemas[name].get("additionalProperties") is False, name
        assert operation["requestBody"]["required"] is True
        assert {"400", "413", "422"} <= set(operation["responses"]), (spec.path, spec.method)


def test_every_request_body_documents_its_own_model(doc):
    schemas = doc["components"]["schemas"]
    for spec in ROUTES:
        if spec.body is None:
            continue
        expected = spec.body.model_json_schema(ref_template="#/components/schemas/{model}")
        expected.pop("$defs", None)
        ref = doc["paths"][spec.path][spec.method.lower()]["requestBody"]["content"]["application/json"]["schema"]
        assert schemas[ref["$ref"].rsplit("/", 1)[-1]] == expected, (spec.method, spec.path, spec.body)


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_every_ref_resolves(doc):
    refs = set(_refs(doc))
    assert refs, "expected $refs"
    for ref in refs:
        assert ref.startswith("#/"), ref
        node = doc
        for part in ref[2:].split("/"):
            assert part in node, ref
            node = node[part]


def test_security_matches_authentication(doc):
    assert doc["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer",
                                                               "bearerFormat": "JWT"}
    for spec in ROUTES:
        operation = doc["paths"][spec.path][spec.method.lower()]
        if spec.auth == "required":
            assert operation["security"] == [{"bearer": []}]
            assert "401" in operation["responses"]
        elif spec.auth == "none":
            assert "security" not in operation


def test_idempotency_header_is_documented_on_the_post_creating_routes(doc):
    for path in ("/debates/{slug}/ideas/{idea_id}/posts", "/debates/{slug}/posts/{post_id}/replies"):
        names = [p["name"] for p in doc["paths"][path]["post"]["parameters"] if p["in"] == "header"]
        assert names == ["Idempotency-Key"], path


def test_list_routes_document_limit_and_cursor(doc):
    for path in ("/debates", "/debates/{slug}/ideas/{idea_id}/posts"):
        query = {p["name"]: p["schema"] for p in doc["paths"][path]["get"]["parameters"] if p["in"] == "query"}
        assert query["limit"]["minimum"] == 1 and query["limit"]["maximum"] == 100
        assert query["cursor"]["type"] == "string"


def test_document_is_built_from_the_schemas_not_copied():
    """Two calls give equal documents and mutating one does not break the next request (lru_cache shares it)."""
    first = copy.deepcopy(document())
    assert document() == first


def test_document_validates_as_declared(doc):
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(doc)


def test_document_is_valid_openapi_3_1():
    """What the fix should produce: the same document declared as 3.1 validates."""
    validator = pytest.importorskip("openapi_spec_validator")
    fixed = dict(copy.deepcopy(document()), openapi="3.1.0")
    validator.validate(fixed, cls=validator.OpenAPIV31SpecValidator)


def test_served_document_is_the_built_one():
    from chalice.test import Client

    from tests.conftest import ROOT

    with Client(app_module.app, stage_name="dev", project_dir=ROOT) as client:
        response = client.http.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert json.loads(response.body) == json.loads(json.dumps(document()))
