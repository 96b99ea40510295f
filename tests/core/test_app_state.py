"""The app's one state object: values built once, even when one is built from another."""

import threading

from carebridge.app_state import app_state


def test_a_cached_value_is_built_once_when_threads_ask_together(app):
    built = []
    barrier = threading.Barrier(4)

    def ask():
        barrier.wait()
        app_state(app).cached("answer", lambda: built.append(1) or 42)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert built == [1]


def test_a_cached_value_may_be_built_from_another_cached_value(app):
    state = app_state(app)
    result = []

    def outer():
        return state.cached("inner", lambda: 1) + 1

    worker = threading.Thread(target=lambda: result.append(state.cached("outer", outer)))
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "building one value from another deadlocked"
    assert result == [2]
