"""chalicelib/cli/moto_transactions.py: the embedded DynamoDB's transactions no longer copy the table, and a
cancelled transaction still leaves nothing behind. Run in a child process: the patch is process-wide and the
test suite's moto must stay as shipped."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.conftest import ROOT

SCRIPT = textwrap.dedent("""
    import time
    from moto import mock_aws
    from chalicelib.cli import moto_transactions

    moto_transactions.install()
    moto_transactions.install()  # twice is once
    with mock_aws():
        from chalicelib.storage.models import Counter, Mark, create_table
        from chalicelib.storage.transactions import ConditionFailed, transaction

        create_table()
        with Mark.batch_write() as batch:
            for i in range(300):
                batch.save(Mark(f"D#x#M#{i}", "X#p#stance", value="agree", at="t"))
        Mark("a", "keep", value="old", at="t").save()
        try:
            with transaction() as tx:
                tx.put("changed", Mark("a", "keep", value="new", at="t"))
                tx.put("created", Mark("a", "new", value="v", at="t"))
                tx.update("counter", Counter("a", "COUNT#0"), [Counter.type.set(Counter), Counter.posts.add(5)])
                tx.check("missing", Mark, "a", "nowhere", Mark.pk.exists())
        except ConditionFailed as failure:
            assert failure.failed == {"missing"}, failure.failed
        else:
            raise AssertionError("the transaction should have been cancelled")
        assert Mark.get("a", "keep").value == "old"
        assert [m.sk for m in Mark.query("a")] == ["keep"]
        assert list(Counter.query("a")) == []
        started = time.monotonic()
        for n in range(5):
            with transaction() as tx:
                tx.put("one", Mark("b", f"{n}", value="v", at="t"))
                tx.update("counter", Counter("b", "COUNT#0"), [Counter.type.set(Counter), Counter.posts.add(1)])
        assert Counter.get("b", "COUNT#0").posts == 5
        print(f"ok {(time.monotonic() - started) / 5:.3f}")
""")


def test_cancelled_transactions_leave_nothing_and_commit_the_rest():
    env = {**os.environ, "PYTHONPATH": ROOT, "PALABRE_TABLE": "moto-transactions"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("ok"), result.stdout
