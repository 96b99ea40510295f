"""Plugins extend Carebridge through the hooks in hookspecs.py, nothing else."""

import sample_plugin


def test_a_plugin_adds_pages_api_documentation_and_hears_about_submissions(tmp_path, world):
    from carebridge import create_app
    from carebridge.migrations import upgrade

    app = create_app({"SECRET_KEY": "k", "PLUGINS": ["sample_plugin"],
                      "DATABASE_URL": world.app.config["DATABASE_URL"]},
                     instance_path=tmp_path)
    upgrade(app)
    client = app.test_client()
    assert client.get("/sample").get_data(as_text=True) == "sample plugin page"
    assert "/api/v1/sample" in client.get("/api/v1/openapi.json").json["paths"]

    headers = world.headers("alpha", "admin")
    client.post("/api/v1/forms", json={"title": "Note", "type": "object"}, headers=headers)
    created = client.post("/api/v1/forms/note/submissions", json={"data": {}}, headers=headers)
    assert sample_plugin.created == [created.json["id"]]
