"""Outgoing email: SES on AWS; on the local stage, a file per message in the outbox folder, printed too."""
from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass

from chalicelib.config import settings


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    text: str


def send(message: Message) -> None:
    s = settings()
    if s.outbox_dir:
        os.makedirs(s.outbox_dir, exist_ok=True)
        name = f"{int(time.time() * 1000)}-{uuid.uuid4().hex[:8]}.json"
        path = os.path.join(s.outbox_dir, name)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"to": message.to, "from": s.mail_sender, "subject": message.subject, "text": message.text},
                      handle, ensure_ascii=False, indent=2)
        print(f"\n[palabre outbox] To: {message.to}\n  {message.subject}\n  {message.text}\n", flush=True)
        return
    import boto3

    boto3.client("ses", region_name=s.region).send_email(
        Source=s.mail_sender,
        Destination={"ToAddresses": [message.to]},
        Message={"Subject": {"Data": message.subject, "Charset": "UTF-8"},
                 "Body": {"Text": {"Data": message.text, "Charset": "UTF-8"}}},
    )
