"""Comparing two versions of a definition: which nodes and edges were added, removed or changed."""

from __future__ import annotations

from typing import Any


def _nodes(definition: Any) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in definition.get("nodes", []) if isinstance(n, dict) and "id" in n}


def _edge_key(edge: dict[str, Any]) -> tuple[str, str, str]:
    return (str(edge.get("from")), str(edge.get("to")), str(edge.get("output", "main")))


def diff(before: Any, after: Any) -> dict[str, Any]:
    old, new = _nodes(before), _nodes(after)
    changed = []
    for node_id in sorted(old.keys() & new.keys()):
        fields = sorted(
            key
            for key in old[node_id].keys() | new[node_id].keys()
            if old[node_id].get(key) != new[node_id].get(key)
        )
        if fields:
            changed.append(
                {
                    "id": node_id,
                    "fields": fields,
                    "before": {k: old[node_id].get(k) for k in fields},
                    "after": {k: new[node_id].get(k) for k in fields},
                }
            )
    old_edges = {_edge_key(e): e for e in before.get("edges", []) if isinstance(e, dict)}
    new_edges = {_edge_key(e): e for e in after.get("edges", []) if isinstance(e, dict)}
    return {
        "nodes_added": [new[i] for i in sorted(new.keys() - old.keys())],
        "nodes_removed": [old[i] for i in sorted(old.keys() - new.keys())],
        "nodes_changed": changed,
        "edges_added": [new_edges[k] for k in sorted(new_edges.keys() - old_edges.keys())],
        "edges_removed": [old_edges[k] for k in sorted(old_edges.keys() - new_edges.keys())],
        "output_changed": before.get("output") != after.get("output"),
        "settings_changed": before.get("settings") != after.get("settings"),
    }


def search_text(definition: Any) -> str:
    """The node names, ids and types of a definition, as words for the search index."""
    words = []
    for node in definition.get("nodes", []):
        if isinstance(node, dict):
            words += [str(node.get("name", "")), str(node.get("id", "")).replace("_", " ")]
            words.append(str(node.get("type", "")).replace(".", " ").replace("_", " "))
    return " ".join(w for w in words if w)
