"""Abuse controls: per-user and per-network-address limits on writes, and on sign-in emails.

Subjects are keyed hashes (HMAC with the platform's signing key) of a user id, an email or an address: the
counters hold no personal data, cannot be reversed by hashing every IPv4 address, and expire within two hours."""
from __future__ import annotations

import hashlib
import hmac

from chalicelib.auth.keys import signing_key
from chalicelib.domain import clock
from chalicelib.config import settings
from chalicelib.domain.rate_limits import Limits, WriteLimits, window_at
from chalicelib.errors import TooManyRequests
from chalicelib.storage import rate_limits_repo


def _subject(kind: str, value: str) -> str:
    digest = hmac.new(signing_key(), f"rate|{kind}|{value}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"{kind}#{digest}"


def _consume(scope: str | None, checks: list[tuple[str, str, Limits]], what: str) -> None:
    window = window_at(clock.now())
    counted: list[str] = []
    for kind, value, limits in checks:
        subject = _subject(kind, value)
        try:
            full = rate_limits_repo.consume(scope, subject, limits, window)
        except Exception:  # e.g. the address's counter throttled (503): the refused request counts nowhere
            _give_back(scope, counted, window)
            raise
        if not full:
            counted.append(subject)
        else:
            _give_back(scope, counted, window)  # e.g. the person had room but the network address had none
            wait = window.retry_after(full)
            per = "minute" if full == "minute" else "hour"
            raise TooManyRequests(f"Too many {what} in a short time: at most {getattr(limits, f'per_{per}')} per "
                                  f"{per}{' from one network' if kind == 'IP' else ''}. Retry in {wait} s.",
                                  retry_after=wait, details={"limit": getattr(limits, f"per_{per}"),
                                                             "window": per, "scope": kind.lower()})


def _give_back(scope: str | None, subjects: list[str], window) -> None:
    for subject in subjects:
        try:
            rate_limits_repo.give_back(scope, subject, window)
        except Exception:  # best effort: at worst one request too many is counted, for this window only
            from chalicelib.api.http import logger

            logger.exception("write limit count not given back")


def consume_write(slug: str, limits: WriteLimits, user_id: str, source_ip: str | None, *,
                  ballot: bool = False) -> None:
    """ballot: counted in the ballots' own allowance (WriteLimits.ballots), apart from other contributions."""
    if ballot:
        limits, user_id, source_ip = limits.ballots, f"ballot|{user_id}", source_ip and f"ballot|{source_ip}"
    checks = [("U", user_id, limits.user)]
    if source_ip:
        checks.append(("IP", source_ip, limits.ip))
    _consume(slug, checks, "ballots" if ballot else "contributions")


def consume_signin(email: str, source_ip: str | None) -> None:
    s = settings()
    checks = [("EMAIL", email.strip().lower(), Limits(s.signin_email_per_minute, s.signin_email_per_hour))]
    if source_ip:
        checks.append(("IP", source_ip, Limits(s.signin_ip_per_minute, s.signin_ip_per_hour)))
    _consume(None, checks, "sign-in emails")
