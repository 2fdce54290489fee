"""The OpenAPI 3 document, built from the routes as they are declared (so it cannot drift from them)."""
from __future__ import annotations

import re
from functools import lru_cache

from chalicelib.api.http import ROUTES

_ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "details": {"type": "object"}},
    }},
}
_STATUS_TEXT = {200: "OK", 201: "Created", 202: "Accepted", 400: "Malformed request", 401: "Not signed in",
                403: "Not allowed", 404: "Not found", 409: "Conflict with the current state",
                413: "Body too large", 422: "Invalid input", 429: "Too many requests",
                503: "Busy; retry later"}


def _component_name(model: type, names: dict[str, type]) -> str:
    """The class name, qualified by its module when two request bodies share a name."""
    name = model.__name__
    if names.setdefault(name, model) is not model:
        name = f"{model.__module__.rsplit('.', 1)[-1]}.{model.__name__}"
        names[name] = model
    return name


@lru_cache(maxsize=1)
def _success_schema(media_type: str) -> dict:
    if media_type == "application/json":
        return {"type": "object"}
    if media_type.startswith("text/") or media_type.endswith("+xml"):
        return {"type": "string"}
    return {"type": "string", "contentMediaType": media_type}


def document() -> dict:
    paths: dict[str, dict] = {}
    schemas: dict[str, dict] = {"Error": _ERROR_SCHEMA}
    names: dict[str, type] = {}
    for spec in ROUTES:
        operation: dict = {"operationId": spec.view_name, "summary": spec.summary, "tags": [spec.tag]}
        parameters = [{"name": name, "in": "path", "required": True,
                       "schema": {"type": "string", "minLength": 1, "maxLength": 100}}
                      for name in re.findall(r"{(\w+)}", spec.path)]
        parameters += [{"name": name, "in": "query", "required": False,
                        "schema": {k: v for k, v in schema.items()}} for name, schema in spec.query.items()]
        if spec.idempotent:
            parameters.append({"name": "Idempotency-Key", "in": "header", "required": False,
                               "description": "a retry with the same key returns the first result",
                               "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$"}})
        if parameters:
            operation["parameters"] = parameters
        if spec.body is not None:
            name = _component_name(spec.body, names)
            body_schema = spec.body.model_json_schema(ref_template="#/components/schemas/{model}")
            for def_name, definition in body_schema.pop("$defs", {}).items():
                schemas[def_name] = definition
            schemas[name] = body_schema
            operation["requestBody"] = {"required": True, "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/{name}"}}}}
        responses = {str(spec.status): {"description": _STATUS_TEXT.get(spec.status, "OK"),
                                        "content": {spec.produces: {"schema": _success_schema(spec.produces)}}}}
        codes = set(spec.errors) | {503}
        if spec.query:
            codes |= {422}  # a query parameter out of its bounds (api/http._parse_query)
        if spec.body is not None:
            codes |= {400, 413, 422}
        if spec.auth != "none":
            codes |= {401}
        if spec.rate_limited:
            codes |= {429}
        for code in sorted(codes):
            responses[str(code)] = {"description": _STATUS_TEXT.get(code, "Error"), "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        operation["responses"] = responses
        if spec.auth == "required":
            operation["security"] = [{"bearer": []}]
        elif spec.auth == "optional":
            operation["security"] = [{}, {"bearer": []}]
        paths.setdefault(spec.path, {})[spec.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "Palabre API", "version": "1.0.0",
                 "description": "Large online public consultations: debates, ideas, posts, reactions, stances.",
                 "license": {"name": "AGPL-3.0-or-later", "url": "https://www.gnu.org/licenses/agpl-3.0.html"}},
        "paths": paths,
        "components": {"schemas": schemas,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
    }
