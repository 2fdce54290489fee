"""Where the summarizer keeps the arrays too large for a DynamoDB item (the stance matrix, id maps, memberships,
word frequencies): S3 on AWS (`PALABRE_STATE_BUCKET`, keys `summaries/{slug}/{generation}/{name}`), a local folder
otherwise (`PALABRE_STATE_DIR`, `.local/state/` on the local stage).

Objects are written under a new generation name each run and the SummaryState item names the generation it
belongs to, so the item and its objects always agree: a run that dies before committing its item leaves only
unreferenced objects, which the next run deletes with their generation."""
from __future__ import annotations

import os
import shutil
from typing import Protocol


class StateStore(Protocol):
    def put(self, slug: str, generation: str, name: str, data: bytes) -> None: ...

    def get(self, slug: str, generation: str, name: str) -> bytes | None: ...

    def delete_generation(self, slug: str, generation: str, names: list[str]) -> None: ...


def _key(slug: str, generation: str, name: str) -> str:
    return f"summaries/{slug}/{generation}/{name}"


class LocalStore:
    def __init__(self, root: str):
        self.root = root

    def _path(self, slug: str, generation: str, name: str) -> str:
        return os.path.join(self.root, *_key(slug, generation, name).split("/"))

    def put(self, slug: str, generation: str, name: str, data: bytes) -> None:
        path = self._path(slug, generation, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        temporary = path + ".part"
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)

    def get(self, slug: str, generation: str, name: str) -> bytes | None:
        try:
            with open(self._path(slug, generation, name), "rb") as handle:
                return handle.read()
        except FileNotFoundError:
            return None

    def delete_generation(self, slug: str, generation: str, names: list[str]) -> None:
        shutil.rmtree(os.path.dirname(self._path(slug, generation, "x")), ignore_errors=True)


class S3Store:
    def __init__(self, bucket: str):
        import boto3

        self.bucket = bucket
        self.client = boto3.client("s3")

    def put(self, slug: str, generation: str, name: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=_key(slug, generation, name), Body=data,
                               ContentType="application/octet-stream")

    def get(self, slug: str, generation: str, name: str) -> bytes | None:
        from botocore.exceptions import ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=_key(slug, generation, name))["Body"].read()
        except ClientError as error:
            # without s3:ListBucket, S3 answers a missing key with AccessDenied rather than NoSuchKey
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "AccessDenied"):
                return None
            raise

    def delete_generation(self, slug: str, generation: str, names: list[str]) -> None:
        for name in names:  # named objects only: the function's role has no s3:ListBucket
            self.client.delete_object(Bucket=self.bucket, Key=_key(slug, generation, name))


class StateStoreMissing(RuntimeError):
    pass


def state_store() -> StateStore:
    bucket = os.environ.get("PALABRE_STATE_BUCKET")
    if bucket:
        return S3Store(bucket)
    folder = os.environ.get("PALABRE_STATE_DIR")
    if folder:
        return LocalStore(folder)
    from chalicelib.config import settings

    if settings().is_local:
        return LocalStore(os.path.join(os.getcwd(), ".local", "state"))
    raise StateStoreMissing("set PALABRE_STATE_BUCKET (or PALABRE_STATE_DIR) for the summarizer's state")
