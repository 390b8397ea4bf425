"""LangGraph Server / ``langgraph dev`` can serve the graph: ``langgraph.json`` points at a
module that imports without side effects and a graph compiled without a checkpointer (the server
brings its own), and the editor interrupt keeps the Agent Inbox shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from agent.paths import REPO_ROOT

PROBE = r"""
import json, socket, sqlite3, sys
events = []
def refuse(name):
    def blocked(*args, **kwargs):
        events.append(name)
        raise OSError(f"{name} is not allowed while importing the graph")
    return blocked
socket.socket.connect = refuse("socket.connect")
socket.create_connection = refuse("socket.create_connection")
socket.getaddrinfo = refuse("socket.getaddrinfo")
sqlite3.connect = refuse("sqlite3.connect")
module_name, attribute = sys.argv[1].rsplit(":", 1)
import importlib.util
spec = importlib.util.spec_from_file_location("served_graph", module_name)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
graph = getattr(module, attribute)
print(json.dumps({
    "events": events,
    "type": type(graph).__name__,
    "checkpointer": repr(graph.checkpointer),
    "nodes": sorted(graph.nodes),
    "drivers": sorted(m for m in ("psycopg", "anthropic", "openai", "playwright")
                      if m in sys.modules),
}))
"""


def test_langgraph_json_names_the_graph_module():
    config = json.loads((REPO_ROOT / "langgraph.json").read_text())
    assert config["graphs"] == {"inference_desk": "./agent/graph.py:graph"}
    assert config["dependencies"] == ["."] and config["python_version"] == "3.11"
    assert config["env"] == ".env"
    path, _, attribute = config["graphs"]["inference_desk"].partition(":")
    assert (REPO_ROOT / path).is_file() and attribute == "graph"


def test_the_served_graph_imports_without_side_effects(tmp_path):
    config = json.loads((REPO_ROOT / "langgraph.json").read_text())
    path, _, attribute = config["graphs"]["inference_desk"].partition(":")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path / "home"),
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(REPO_ROOT),
           "DESK_DATA_DIR": str(tmp_path / "data"), "DESK_OUT_DIR": str(tmp_path / "out")}
    work = tmp_path / "cwd"
    work.mkdir()
    result = subprocess.run([sys.executable, "-c", PROBE, f"{REPO_ROOT / path}:{attribute}"],
                            cwd=work, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["events"] == []  # no network, no database
    assert probe["type"] == "CompiledStateGraph" and probe["checkpointer"] == "None"
    assert {"gather", "claims", "editor_review", "publish"} <= set(probe["nodes"])
    assert probe["drivers"] == []  # provider SDKs and database drivers load only when used
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cwd"]  # no data, out or home dirs
    assert list(work.iterdir()) == []
