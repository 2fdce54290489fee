def test_post_reply_react_stance(api, cast):
    p = cast["participant"]
    idea = cast["idea"]["id"]
    status, post = api.post(f"/debates/climat-2027/ideas/{idea}/posts", {"body": "Plus de **trains**", "statement": True}, who=p)
    assert status == 201, post
    status, reply = api.post(f"/debates/climat-2027/posts/{post['id']}/replies", {"body": "Oui"}, who=cast["other"])
    assert status == 201, reply
    status, got = api.put(f"/debates/climat-2027/posts/{post['id']}/reactions/like", who=cast["other"])
    assert status == 200, got
    status, got = api.put(f"/debates/climat-2027/posts/{post['id']}/stance", {"value": "agree"}, who=cast["other"])
    assert status == 200, got
    assert got["stances"]["agree"] == 1 and got["reactions"]["like"] == 1 and got["mine"]["stance"] == "agree"
    status, thread = api.get(f"/debates/climat-2027/posts/{post['id']}/thread", who=p)
    assert [x["id"] for x in thread["items"]] == [post["id"], reply["id"]]
    status, debate = api.get("/debates/climat-2027")
    assert debate["counts"] == {"posts": 2, "participants": 2, "stances": 1, "extracts": 0}


def test_a_request_s_log_keys_end_with_it(api, caplog):
    """The local server answers in threads beside the summarizer, and a warm container serves the next request with
    the same logger: a log line written after a request must not carry that request's path."""
    import json
    import logging
    import threading

    from chalicelib.api.http import logger

    assert api.get("/health/db")[0] == 200
    assert "path" not in logger.get_current_keys() and "path" not in logger.thread_safe_get_current_keys()
    lines = []

    class Capture(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Capture()
    handler.setFormatter(logger.registered_formatter)
    logger.addHandler(handler)
    try:
        worker = threading.Thread(target=lambda: logger.warning("summary written"))
        worker.start()
        worker.join()
    finally:
        logger.removeHandler(handler)
    assert lines and "path" not in json.loads(lines[-1])
