"""The one way a route is declared: it parses and bounds the input, resolves the caller, turns every failure
into a JSON error, and records what the OpenAPI document says about the route."""
from __future__ import annotations

import base64
import functools
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from aws_lambda_powertools import Logger
from chalice import Blueprint, CORSConfig, Response
from pydantic import BaseModel, ValidationError
from pynamodb.exceptions import PynamoDBException

from chalicelib.config import settings
from chalicelib.errors import ApiError, BadRequest, NotFound, PayloadTooLarge, TooBusy, Unauthorized, Unprocessable

logger = Logger(service="palabre")
IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")
MAX_PATH_PARAMETER = 100
MAX_BODY_BYTES = 64 * 1024
_THROTTLED = {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"}

CORS = CORSConfig(allow_origin=settings().cors_origin,
                  allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
                  expose_headers=["Retry-After"], max_age=600)


@dataclass
class RouteSpec:
    path: str
    method: str
    summary: str
    tag: str
    body: type[BaseModel] | None
    query: dict[str, dict]
    auth: str  # none | optional | required
    status: int
    errors: tuple[int, ...]
    idempotent: bool = False
    view_name: str = ""
    produces: str = "application/json"  # the media type of a successful answer

    @property
    def rate_limited(self) -> bool:
        """Writes in a debate may meet its write limits (services/access.py decides which count)."""
        return self.method != "GET" and self.path.startswith("/debates/{slug}/") and self.auth == "required"


ROUTES: list[RouteSpec] = []


@dataclass
class Call:
    """What a view receives: path parameters, the parsed body and query, the caller."""
    params: dict[str, str]
    body: Any
    query: dict[str, Any]
    headers: dict[str, str]
    source_ip: str | None
    _caller: Any = field(default=None, repr=False)
    _caller_loaded: bool = False

    @property
    def caller(self):
        """The signed-in user, or None. 401 if a token is sent but is not valid."""
        if not self._caller_loaded:
            from chalicelib.services.identity import caller_from_header

            caller = caller_from_header(self.headers.get("authorization"))
            self._caller = replace(caller, source_ip=self.source_ip) if caller else None
            self._caller_loaded = True
        return self._caller

    def require_caller(self):
        caller = self.caller
        if caller is None:
            raise Unauthorized("Sign in to do this.", code="unauthorized")
        return caller

    @property
    def idempotency_key(self) -> str | None:
        key = self.headers.get("idempotency-key")
        if key is None:
            return None
        if not IDEMPOTENCY_KEY.fullmatch(key):
            raise BadRequest("Idempotency-Key must be 8 to 64 letters, digits, '-' or '_'.",
                             code="invalid_idempotency_key")
        return key


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body=json.dumps(body, ensure_ascii=False, separators=(",", ":")), status_code=status,
                    headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})})


def error_response(error: ApiError) -> Response:
    return json_response(error.body(), error.status, error.headers)


def _validation_details(error: ValidationError) -> dict[str, Any]:
    fields = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "body"
        kind = item["type"]
        if kind == "extra_forbidden":
            message = "is not a known field"
        elif kind == "missing":
            message = "is required"
        else:
            message = item["msg"].removeprefix("Value error, ")
        fields.append({"field": where, "message": message})
    return {"fields": fields}


def _parse_body(spec: RouteSpec, raw: bytes | None) -> Any:
    if spec.body is None:
        return None
    if raw is not None and len(raw) > MAX_BODY_BYTES:
        raise PayloadTooLarge(f"The request body is larger than {MAX_BODY_BYTES // 1024} KB.")
    if not raw:
        raise BadRequest("A JSON body is required.", code="invalid_json")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        detail = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise BadRequest(f"The body is not valid JSON: {detail}", code="invalid_json") from None
    if not isinstance(data, dict):
        raise Unprocessable("The body must be a JSON object.", details={"fields": [
            {"field": "body", "message": "must be an object"}]})
    try:
        return spec.body.model_validate(data)
    except ValidationError as error:
        details = _validation_details(error)
        first = details["fields"][0]
        raise Unprocessable(f"{first['field']}: {first['message']}", details=details) from error


def _parse_query(spec: RouteSpec, raw: dict[str, str] | None) -> dict[str, Any]:
    raw = dict(raw or {})
    unknown = set(raw) - set(spec.query)
    if unknown:
        raise Unprocessable(f"Unknown query parameter: {sorted(unknown)[0]}",
                            details={"fields": [{"field": name, "message": "is not a known parameter"}
                                                for name in sorted(unknown)]})
    parsed: dict[str, Any] = {}
    for name, schema in spec.query.items():
        value = raw.get(name)
        if value is None:
            parsed[name] = schema.get("default")
            continue
        if schema.get("type") == "integer":
            try:
                number = int(value)
            except ValueError:
                raise Unprocessable(f"{name} must be a whole number.",
                                    details={"fields": [{"field": name, "message": "must be a whole number"}]})
            low, high = schema.get("minimum", 0), schema.get("maximum", 10**9)
            if not low <= number <= high:
                raise Unprocessable(f"{name} must be between {low} and {high}.",
                                    details={"fields": [{"field": name, "message": f"between {low} and {high}"}]})
            parsed[name] = number
        else:
            if len(value) > schema.get("maxLength", 2000):
                raise Unprocessable(f"{name} is too long.", details={"fields": [{"field": name,
                                                                                  "message": "is too long"}]})
            if "enum" in schema and value not in schema["enum"]:
                allowed = " or ".join(schema["enum"])
                raise Unprocessable(f"{name} must be {allowed}.", details={"fields": [{"field": name,
                                                                                       "message": allowed}]})
            parsed[name] = value
    return parsed


def _handle(spec: RouteSpec, view: Callable[[Call], Any], request, params: dict[str, str]) -> Response:
    try:
        headers = {k.lower(): v for k, v in (request.headers or {}).items()}
        call = Call(params=params, body=_parse_body(spec, request.raw_body),
                    query=_parse_query(spec, request.query_params), headers=headers,
                    source_ip=(request.context or {}).get("identity", {}).get("sourceIp"))
        if any(len(value) > MAX_PATH_PARAMETER for value in params.values()):
            raise NotFound("Nothing has this address.")
        if spec.auth == "required":
            call.require_caller()
        elif spec.auth == "optional" and "authorization" in headers:
            call.caller  # a token that is sent is always checked, even where signing in is optional
        result = view(call)
        if isinstance(result, Response):
            return result
        return json_response(result, spec.status)
    except ApiError as error:
        return error_response(error)
    except PynamoDBException as error:
        from chalicelib.storage.transactions import error_code

        if error_code(error) in _THROTTLED or error_code(error) is None:
            return error_response(TooBusy("The service is busy; please retry in a moment."))
        logger.exception("storage error")
        return json_response({"error": {"code": "internal_error", "message": "Something went wrong on our side."}},
                             500)
    except Exception:  # the last line of defence: log it, never leak internals
        logger.exception("unhandled error")
        return json_response({"error": {"code": "internal_error", "message": "Something went wrong on our side."}},
                             500)


def endpoint(bp: Blueprint, path: str, method: str, *, summary: str, tag: str, body: type[BaseModel] | None = None,
             query: dict[str, dict] | None = None, auth: str = "optional", status: int = 200,
             errors: tuple[int, ...] = (), idempotent: bool = False, produces: str = "application/json"):
    """idempotent: the route honours an Idempotency-Key header (a retry returns the first result).
    produces: the media type of a successful answer, when it is not JSON (errors are always JSON)."""
    def decorate(view: Callable[[Call], Any]):
        spec = RouteSpec(path, method, summary, tag, body, query or {}, auth, status, errors, idempotent,
                         view.__name__, produces)
        ROUTES.append(spec)

        @functools.wraps(view)
        def chalice_view(**params: str) -> Response:
            return _handle(spec, view, bp.current_request, params)

        bp.route(path, methods=[method], cors=CORS,
                 content_types=["application/json", "text/plain", "application/x-www-form-urlencoded"])(chalice_view)
        return view

    return decorate


LIMIT_QUERY = {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
CURSOR_QUERY = {"type": "string", "maxLength": 1000}


def encode_cursor(key: dict | None) -> str | None:
    if not key:
        return None
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, partition_attribute: str, expected_partition: str,
                  sort_prefix: str = "") -> dict | None:
    """A cursor is only accepted for the partition it came from, so it cannot point into another debate, and only
    as a whole key of that list (the table's key, and the index's on an index; no empty value; its sort key inside
    the list's `sort_prefix`): DynamoDB refuses anything else."""
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if key[partition_attribute]["S"] != expected_partition:
            raise ValueError("cursor of another list")
        if set(key) != ({"pk", "sk", "gsi1pk", "gsi1sk"} if partition_attribute == "gsi1pk" else {"pk", "sk"}):
            raise ValueError("not a whole key of this list")
        for value in key.values():
            if set(value) != {"S"} or not isinstance(value["S"], str) or not 0 < len(value["S"]) <= 1024:
                raise ValueError("bad key shape")
        if not key["sk"]["S"].startswith(sort_prefix):
            raise ValueError("a key outside this list")
        return key
    except (ValueError, KeyError, TypeError) as error:
        raise BadRequest("This cursor is not valid for this list; start again without it.",
                         code="invalid_cursor") from error
