"""Deployment settings, read once from the environment (the Chalice stage sets them)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Settings:
    stage: str
    table_name: str
    region: str
    dynamodb_endpoint: str | None
    web_url: str
    api_url: str
    cors_origin: str
    # Where the sign-in links and notifications go on the local stage.
    outbox_dir: str | None
    mail_sender: str
    # Own HS256 signing key: a local file (local stage) or an SSM SecureString parameter (AWS).
    jwt_secret_file: str | None
    jwt_secret_parameter: str | None
    token_ttl_seconds: int
    signin_ttl_seconds: int
    # External OpenID Connect provider (Cognito, FranceConnect...), verified against its JWKS.
    oidc_issuer: str | None
    oidc_audience: str | None
    oidc_jwks_url: str | None
    # Sign-in emails allowed per network address and per email address, per minute and per hour.
    signin_ip_per_minute: int = 20
    signin_ip_per_hour: int = 200
    signin_email_per_minute: int = 5
    signin_email_per_hour: int = 20

    @property
    def is_local(self) -> bool:
        return self.stage == "local"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, default)
    return value if value not in ("",) else default


@lru_cache(maxsize=1)
def settings() -> Settings:
    web_url = _env("PALABRE_WEB_URL", "http://127.0.0.1:8080")
    return Settings(
        stage=_env("PALABRE_STAGE", "local"),
        table_name=_env("PALABRE_TABLE", "palabre"),
        region=_env("AWS_DEFAULT_REGION", _env("AWS_REGION", "eu-west-3")),
        dynamodb_endpoint=_env("AWS_ENDPOINT_URL_DYNAMODB"),
        web_url=web_url.rstrip("/"),
        api_url=_env("PALABRE_API_URL", "http://127.0.0.1:8000").rstrip("/"),
        cors_origin=_env("PALABRE_CORS_ORIGIN", web_url.rstrip("/")),
        outbox_dir=_env("PALABRE_OUTBOX_DIR"),
        mail_sender=_env("PALABRE_MAIL_SENDER", "Palabre <no-reply@palabre.invalid>"),
        jwt_secret_file=_env("PALABRE_JWT_SECRET_FILE"),
        jwt_secret_parameter=_env("PALABRE_JWT_SECRET_PARAMETER"),
        token_ttl_seconds=int(_env("PALABRE_TOKEN_TTL", "43200")),
        signin_ttl_seconds=int(_env("PALABRE_SIGNIN_TTL", "900")),
        oidc_issuer=_env("PALABRE_OIDC_ISSUER"),
        oidc_audience=_env("PALABRE_OIDC_AUDIENCE"),
        oidc_jwks_url=_env("PALABRE_OIDC_JWKS_URL"),
        signin_ip_per_minute=int(_env("PALABRE_SIGNIN_IP_PER_MINUTE", "20")),
        signin_ip_per_hour=int(_env("PALABRE_SIGNIN_IP_PER_HOUR", "200")),
        signin_email_per_minute=int(_env("PALABRE_SIGNIN_EMAIL_PER_MINUTE", "5")),
        signin_email_per_hour=int(_env("PALABRE_SIGNIN_EMAIL_PER_HOUR", "20")),
    )
