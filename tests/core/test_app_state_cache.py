"""AppState.cached builds a value once, and a build may use another cached value."""

import threading

from carebridge.app_state import app_state


def test_a_cached_value_built_on_another_cached_value_does_not_wait_for_itself(app):
    with app.app_context():
        state = app_state()
        done = []

        def outer():
            return ("outer", state.cached("test:inner", lambda: "inner"))

        worker = threading.Thread(target=lambda: done.append(state.cached("test:outer", outer)))
        worker.start()
        worker.join(timeout=5)
        assert done == [("outer", "inner")]
        assert state.cached("test:outer", lambda: "rebuilt") == ("outer", "inner")
