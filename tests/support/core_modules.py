#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The module graph of core/, read from its #include lines.

A module is a folder of core/src; each public header (include/recscope/core, include/recscope/sdk)
belongs to the module that implements it (OWNERS below). An edge A -> B means a file of A includes
a header of B. The graph must stay acyclic: `--check` exits 1 and names each cycle and the includes
that make it; `--check DOC` also fails when the picture in DOC (docs/ARCHITECTURE.md) is not the
one the code draws. `--mermaid` prints that picture, `--edges` every edge with one include that
makes it.
"""
import os
import re
import sys
from pathlib import Path

# Public header -> owning module. A new public header must be added here (--check says so).
OWNERS = {
    "core/attack.h": "attack", "core/audit.h": "audit", "core/audit_config.h": "experiment",
    "core/compute.h": "train", "core/ctr_config.h": "ctr", "core/concept.h": "store",
    "core/csv.h": "util", "core/dataset.h": "data", "core/dataset_profile.h": "analysis",
    "core/error.h": "util", "core/evaluation.h": "eval", "core/experiment.h": "experiment",
    "core/experiment_runner.h": "run", "core/export.h": "util", "core/extension_info.h": "util", "core/extraction.h": "extraction",
    "core/feedback_loop.h": "loop", "core/inspector.h": "analysis", "core/loaders.h": "data",
    "core/log.h": "util", "core/params.h": "util", "core/plugins.h": "plugins",
    "core/prepare.h": "data", "core/reevaluation.h": "analysis", "core/registry.h": "registry",
    "core/report.h": "report", "core/run_groups.h": "stats", "core/run_observer.h": "util",
    "core/sae.h": "sae", "core/split.h": "split", "core/split_files.h": "split",
    "core/statistics.h": "stats", "core/store.h": "store", "core/sweep.h": "experiment",
    "core/synthetic.h": "data", "core/task_kind.h": "util", "core/task.h": "registry",
    "core/builtins.h": "run", "core/run_colour.h": "report", "core/config_fields.h": "util",
    "core/kernels.h": "kernels",
    # The plugin SDK: each header is the face of the module that implements its interface.
    "sdk/ctr_model.h": "model", "sdk/dataset_builder.h": "data", "sdk/dataset_loader.h": "data",
    "sdk/metric.h": "eval", "sdk/model.h": "model", "sdk/plugin.h": "plugins",
}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)


def module_of_file(core: Path, path: Path):
    rel = path.relative_to(core)
    if rel.parts[0] == "src":
        return rel.parts[1]
    key = "/".join(rel.parts[2:])  # include/recscope/<core|sdk>/<name>.h
    if key not in OWNERS:
        raise SystemExit(f"core_modules.py: public header {rel} has no owning module; add it to OWNERS")
    return OWNERS[key]


def module_of_include(inc: str, own: str):
    if inc.startswith("recscope/"):
        key = inc[len("recscope/"):]
        if key not in OWNERS:
            raise SystemExit(f"core_modules.py: #include <{inc}> names no known public header")
        return OWNERS[key]
    if "/" in inc:
        head = inc.split("/", 1)[0]
        return head if (CORE / "src" / head).is_dir() else None
    return own if inc.endswith(".h") and not inc.startswith(("torch", "ATen", "c10")) else None


def edges(core: Path):
    found = {}
    files = [p for p in core.rglob("*") if p.suffix in (".h", ".cpp", ".cu", ".cuh")
             and p.relative_to(core).parts[0] in ("src", "include")]
    for path in sorted(files):
        own = module_of_file(core, path)
        for inc in INCLUDE.findall(path.read_text(encoding="utf-8", errors="replace")):
            to = module_of_include(inc, own)
            if to and to != own:
                found.setdefault((own, to), f"{path.relative_to(core)} includes {inc}")
    return found


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    nodes = sorted({a for a, _ in graph} | {b for _, b in graph})
    succ = {n: sorted(b for a, b in graph if a == n) for n in nodes}

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in succ[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for n in nodes:
        if n not in index:
            visit(n)
    return out


def transitive_reduction(graph):
    """Edges not implied by a longer path: the picture stays readable."""
    succ = {}
    for a, b in graph:
        succ.setdefault(a, set()).add(b)

    def reach(a, skip):
        seen, todo = set(), [n for n in succ.get(a, ()) if (a, n) != skip]
        while todo:
            n = todo.pop()
            if n not in seen:
                seen.add(n)
                todo.extend(succ.get(n, ()))
        return seen

    return sorted(e for e in graph if e[1] not in reach(e[0], e))


def mermaid(graph):
    lines = ["flowchart TD"]  # each module above what it uses
    lines += [f"    {a} --> {b}" for a, b in transitive_reduction(graph)]
    return "\n".join(lines)


if __name__ == "__main__":
    ROOT = Path(__file__).resolve().parents[2]
    CORE = Path(os.environ.get("RECSCOPE_CORE_DIR", ROOT / "core"))
    mode = sys.argv[1] if len(sys.argv) > 1 else "--check"
    graph = edges(CORE)
    if mode == "--edges":
        for (a, b), why in sorted(graph.items()):
            print(f"{a} -> {b}    ({why})")
    elif mode == "--mermaid":
        print(mermaid(graph))
    else:
        found = cycles(graph)
        for comp in found:
            print("cycle among modules: " + ", ".join(comp))
            for (a, b), why in sorted(graph.items()):
                if a in comp and b in comp:
                    print(f"    {a} -> {b}: {why}")
        if len(sys.argv) > 2:
            doc = Path(sys.argv[2]).read_text(encoding="utf-8")
            if "```mermaid\n" + mermaid(graph) + "\n```" not in doc:
                print(f"{sys.argv[2]}: its module graph is not the code's; paste in the output of "
                      "python3 tests/support/core_modules.py --mermaid")
                sys.exit(1)
        if found:
            sys.exit(1)
        print(f"core: {len({m for e in graph for m in e})} modules, {len(graph)} edges, no cycle")
