"""Transactions of the embedded DynamoDB in time that does not grow with the table.

moto 5.2.5 backs up the whole table (copy.deepcopy) for every item of every TransactWriteItems, so that it can roll
back a cancelled transaction: with an imported consultation (about 16,000 items) one three-item transaction took
4.5 s on the 2-core machine, and every post, stance and ballot of the local stack waited for it. The embedded
server serves one request at a time (embedded_db.py), so the same guarantee is kept here by noting the items a
transaction names before it runs and putting them back if it is cancelled; the table itself is no longer copied.
Only the embedded server (`palabre run`, benchmarks) uses this; tests under moto's mock_aws do not."""
from __future__ import annotations

import copy
import threading

_installed = False
_lock = threading.Lock()


class _TablesNotCopied:
    """Stands in for the `copy` module inside moto's transact_write_items: the 'backup' is the table itself."""

    @staticmethod
    def deepcopy(value, memo=None):
        return value


def install() -> None:
    global _installed
    with _lock:
        if _installed:
            return
        import moto.dynamodb.models as models
        from moto.dynamodb.models import DynamoDBBackend

        original = DynamoDBBackend.transact_write_items

        def transact_write_items(self, transact_items):
            journal = []
            for entry in transact_items:
                try:
                    _, operation = next(iter(entry.items()))
                    table = self.get_table(operation["TableName"])
                    if "Item" in operation:
                        key = {table.hash_key_attr: operation["Item"][table.hash_key_attr]}
                        if table.range_key_attr is not None:
                            key[table.range_key_attr] = operation["Item"][table.range_key_attr]
                    else:
                        key = operation["Key"]
                    hash_value, range_value = self.get_keys_value(table, key)
                except Exception:  # noqa: BLE001 - malformed: moto's own code reports it
                    continue
                journal.append((table, hash_value, range_value,
                                copy.deepcopy(table.get_item(hash_value, range_value))))
            module_copy, models.copy = models.copy, _TablesNotCopied
            try:
                return original(self, transact_items)
            except Exception:
                for table, hash_value, range_value, before in reversed(journal):
                    if range_value is None:
                        if before is None:
                            table.items.pop(hash_value, None)
                        else:
                            table.items[hash_value] = before
                    elif before is None:
                        table.items[hash_value].pop(range_value, None)
                        if not table.items[hash_value]:
                            table.items.pop(hash_value, None)
                    else:
                        table.items[hash_value][range_value] = before
                raise
            finally:
                models.copy = module_copy

        DynamoDBBackend.transact_write_items = transact_write_items
        _installed = True
