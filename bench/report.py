"""bench/results.json → bench/RESULTS.md (``python bench/report.py`` re-renders it)."""

# ruff: noqa: RUF001  (the multiplication sign and en dash are meant: this writes Markdown)

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def med(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def rng(values: Sequence[float], fmt: str) -> str:
    return f"{min(values):{fmt}}–{max(values):{fmt}}" if values else "–"


def verdict(ok: bool) -> str:
    return "**PASS**" if ok else "**FAIL**"


def col(runs: list[dict[str, Any]], key: str) -> list[float]:
    return [float(r[key]) for r in runs]


def paired(a: list[dict[str, Any]], b: list[dict[str, Any]], key: str) -> list[float]:
    """Per-round ratios a/b (the rounds alternate, so each pair saw the same machine state)."""
    by_round = {r["round"]: float(r[key]) for r in b}
    return [float(r[key]) / by_round[r["round"]] for r in a if r["round"] in by_round and by_round[r["round"]]]


def _role(cmd: str) -> str:
    if "resource_tracker" in cmd:
        return "resource tracker"
    if "spawn_main" in cmd:
        return "pool worker"
    return cmd.split()[0].rsplit("/", 1)[-1] if cmd else "?"


class Md:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, text: str = "") -> None:
        self.lines.append(text)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.lines.append("| " + " | ".join(header) + " |")
        self.lines.append("|" + "|".join("---" for _ in header) + "|")
        for row in rows:
            self.lines.append("| " + " | ".join(row) + " |")
        self.lines.append("")


def _machine(md: Md, r: dict[str, Any]) -> None:
    m = r["machine"]
    md(
        f"Machine: {m['nproc']} cores ({m['cpus_usable']} usable), {m['cpu_model']}, {m['mem_gib']} GiB, "
        f"Python {m['python']}, Linux {m['kernel']}; run {m['date_utc']}. Load average "
        f"{m['loadavg_start'][0]:.2f} at the start, {m.get('loadavg_end', [float('nan')])[0]:.2f} at the end "
        "(other work shares this machine: the ratios, taken within alternating rounds, are what counts)."
    )
    md()
    git = r["git"]
    dirty = git["generator_dirty_files"]
    md(
        f"telnyx-codegen at `{git['commit']}`"
        + (f" with uncommitted changes in {', '.join(f'`{d}`' for d in dirty)}" if dirty else "")
        + f"; spec `{r['spec']['path']}` ({r['spec']['bytes'] / 1e6:.1f} MB, sha256 {r['spec']['sha256']}…)."
    )
    md()
    bench = r["versions"]["bench venv"]
    project = r["versions"]["project venv"]
    md(
        "Versions: " + ", ".join(f"{k} {v}" for k, v in bench.items() if v)
        + " (bench venv); " + ", ".join(f"{k} {v}" for k, v in project.items() if v) + " (project venv)."
    )
    s = r["settings"]
    md()
    md(
        f"Each comparison: {s['warmup_rounds']} warm-up round (not counted), then {s['runs']} rounds "
        f"(import: {2 * s['runs']}) alternating the contenders inside each round, the order rotating from "
        "round to round. Medians, min–max over the rounds; a ratio is median ÷ median, and the bracket after "
        "it is the range of the per-round ratios."
    )
    md()


def _cold(md: Md, r: dict[str, Any], targets: list[tuple[str, bool, str]]) -> None:
    c = r["cold"]
    runs = c["runs"]
    ours, opc = runs["telnyx-codegen"], runs["openapi-python-client"]
    md("## 1. Cold generation of the full spec")
    md()
    md(
        "Empty caches, fresh output directory, wall time of the whole command (interpreter start included). "
        "'other load' is the CPU the rest of the machine used meanwhile, in cores (of "
        f"{r['machine']['nproc']}): the noise each run saw."
    )
    md()
    rows = []
    for name, rs in runs.items():
        ratio = med(col(rs, "wall_s")) / med(col(opc, "wall_s"))
        pr = paired(rs, opc, "wall_s")
        rows.append([
            name,
            f"{med(col(rs, 'wall_s')):.1f} s",
            rng(col(rs, "wall_s"), ".1f"),
            f"{ratio:.2f}× [{rng(pr, '.2f')}]",
            f"{med(col(rs, 'cpu_s')):.1f} s",
            f"{med(col(rs, 'maxrss_main_mb')):.0f} MB",
            f"{med(col(rs, 'maxrss_max_mb')):.0f} MB",
            f"{med(col(rs, 'rss_tree_peak_mb')):.0f} MB ({rng(col(rs, 'rss_tree_peak_mb'), '.0f')})",
            f"{rs[0]['output']['files']} files, {rs[0]['output']['mb']:.1f} MB",
            f"{med(col(rs, 'other_load_cores')):.1f}",
        ])  # fmt: skip
    md.table(
        ["tool", "wall median", "min–max", "× openapi-python-client", "CPU (all processes)", "peak RSS main process",
         "largest process", "process tree peak (sum)", "output", "other load (cores)"],
        rows,
    )  # fmt: skip
    md("Commands:")
    md()
    for name, cmd in c["commands"].items():
        md(f"- {name}: `{cmd}`")
    md()
    variants = [name for name in runs if name.startswith("telnyx-codegen")]
    for name in variants:
        rs = runs[name]
        ratio = med(col(rs, "wall_s")) / med(col(opc, "wall_s"))
        tree = med(col(rs, "rss_tree_peak_mb"))
        largest = med(col(rs, "maxrss_max_mb"))
        main = med(col(rs, "maxrss_main_mb"))
        helpers = ", ".join(f"{_role(w['cmd'])} {w['maxrss_mb']:.0f} MB" for w in rs[0]["workers"]) or "none"
        md(
            f"`{name}` memory: the main process peaks at {main:.0f} MB; its child processes peaked at {helpers} "
            f"in the first run (sum of their peaks {rs[0]['maxrss_workers_sum_mb']:.0f} MB); at the worst instant "
            f"the main process and its children held {tree:.0f} MB together (median)."
        )
        md()
        if name != "telnyx-codegen":
            continue  # other engines are for information; the targets hold the default
        targets.append(("1a cold wall ≤ 0.33× openapi-python-client", ratio <= 0.33, f"{ratio:.2f}×"))
        targets.append((
            "1b cold peak RSS ≤ 300 MB (process tree: main + children)", tree <= 300,
            f"{tree:.0f} MB tree; {largest:.0f} MB largest single process",
        ))  # fmt: skip
    for name in variants:
        rs = runs[name]
        stages = _stage_keys(rs)
        md(f"`{name}` stage times (`--report` seconds, median over the cold runs):")
        md()
        total = med([sum(x["report"]["seconds"].values()) for x in rs])
        md.table(
            ["stage", *stages, "sum", "process wall"],
            [["seconds", *(f"{med([x['report']['seconds'].get(s, 0.0) for x in rs]):.2f}" for s in stages), f"{total:.2f}",
              f"{med(col(rs, 'wall_s')):.2f}"],
             ["share", *(f"{med([x['report']['seconds'].get(s, 0.0) for x in rs]) / total:.0%}" for s in stages), "", ""]],
        )  # fmt: skip
    rep = ours[0]["report"]
    md(
        f"{rep['operations']} operations, {rep['models']} types, {rep['resources']} resources; "
        f"{rep['formatted']} files formatted."
    )
    md()


def _stage_keys(runs: list[dict[str, Any]]) -> list[str]:
    keys: list[str] = []
    for run in runs:
        keys += [k for k in run["report"]["seconds"] if k not in keys]
    return keys


def _regen(md: Md, r: dict[str, Any], targets: list[tuple[str, bool, str]]) -> None:
    g = r["regen"]
    cold_median = med(col(r["cold"]["runs"]["telnyx-codegen"], "wall_s")) if "cold" in r else float("nan")
    md("## 2. Regeneration (warm caches, onto the previous output)")
    md()
    md(f"Changed: {g['edited']}. `revert` regenerates the original spec after each change (for information).")
    md()
    rows = []
    for kind, rs in g["runs"].items():
        rows.append([
            kind,
            f"{med(col(rs, 'wall_s')):.2f} s",
            rng(col(rs, "wall_s"), ".2f"),
            f"{med(col(rs, 'wall_s')) / cold_median:.3f}×",
            f"{med(col(rs, 'maxrss_max_mb')):.0f} MB",
            str(rs[0]["report"]["files_written"]),
            str(rs[0]["report"]["formatted"]),
            ", ".join(f"{k} {med([x['report']['seconds'].get(k, 0.0) for x in rs]):.2f}" for k in _stage_keys(rs)),
        ])  # fmt: skip
    md.table(["case", "wall median", "min–max", "× cold", "peak RSS", "files written", "files formatted", "stages (s, medians)"], rows)
    md(
        "The process wall includes interpreter start-up and the generator's imports (section 5), which the "
        "`--report` stage seconds do not. Default formatting engine (ruff format)."
    )
    md()
    unchanged = med(col(g["runs"]["unchanged"], "wall_s"))
    one = med(col(g["runs"]["one_description"], "wall_s"))
    black_cold = r.get("cold", {}).get("runs", {}).get("telnyx-codegen --formatter black")
    if black_cold:
        seconds = [x["report"]["seconds"] for x in g["runs"]["one_description"]]
        fixed = one - med([sum(v for k, v in s.items() if k in ("load", "build", "render")) for s in seconds])
        md(
            f"The one-description regeneration is {one / med(col(black_cold, 'wall_s')):.2f}× a cold run with black "
            f"itself as the engine; against the default engine's {cold_median:.1f} s cold run it is "
            f"{one / cold_median:.2f}×. Even with load, build and render taking no time, the rest of it (interpreter "
            f"and imports, hashing the spec and the output, the formatter on the changed file, the change-only write "
            f"into a tree of hard links) is {fixed:.2f} s = {fixed / cold_median:.2f}× that cold run."
        )
        md()
    targets.append(("2a unchanged spec ≤ 1.0 s", unchanged <= 1.0, f"{unchanged:.2f} s"))
    targets.append(("2b one description changed ≤ 0.15× cold", one <= 0.15 * cold_median, f"{one:.2f} s = {one / cold_median:.3f}× cold"))


def _import(md: Md, r: dict[str, Any], targets: list[tuple[str, bool, str]]) -> None:
    i = r["import"]
    runs = i["runs"]
    md("## 3. Import cost (fresh process)")
    md()
    for subject, statement in i["statements"].items():
        md(f"- {subject}: `{statement}`")
    md()
    md(
        "Time of those statements inside the process (after interpreter start-up; the process wall column adds "
        "start-up), peak RSS of the process (`VmHWM`), modules imported. Both packages byte-compiled "
        "(pip install does it for the SDK; `compileall` for the generated package)."
    )
    md()
    official, floor = runs["official"], runs["floor"]
    rows = []
    for subject, rs in runs.items():
        rows.append([
            subject,
            f"{med(col(rs, 'seconds')):.3f} s",
            rng(col(rs, "seconds"), ".3f"),
            f"{med(col(rs, 'after_construct_s')):.3f} s",
            f"{med(col(rs, 'process_wall_s')):.3f} s",
            f"{med(col(rs, 'maxrss_mb')):.1f} MB",
            f"{med(col(rs, 'modules')):.0f}",
            f"{med(col(rs, 'seconds')) / med(col(official, 'seconds')):.3f}× [{rng(paired(rs, official, 'seconds'), '.3f')}]",
            f"{med(col(rs, 'seconds')) / med(col(floor, 'seconds')):.2f}× [{rng(paired(rs, floor, 'seconds'), '.2f')}]",
            f"{med(col(rs, 'maxrss_mb')) / med(col(official, 'maxrss_mb')):.2f}× / {med(col(rs, 'maxrss_mb')) / med(col(floor, 'maxrss_mb')):.2f}×",
        ])  # fmt: skip
    md.table(
        ["subject", "time median", "min–max", "of which import + construct", "process wall", "peak RSS", "modules",
         "time × official", "time × floor", "RSS × official / × floor"],
        rows,
    )  # fmt: skip
    ours = runs["ours"]
    t_off = med(col(ours, "seconds")) / med(col(official, "seconds"))
    t_floor = med(col(ours, "seconds")) / med(col(floor, "seconds"))
    m_floor = med(col(ours, "maxrss_mb")) / med(col(floor, "maxrss_mb"))
    targets.append(("3a import time ≤ 0.15× official SDK", t_off <= 0.15, f"{t_off:.3f}×"))
    targets.append(("3b import time ≤ 2.5× floor", t_floor <= 2.5, f"{t_floor:.2f}×"))
    targets.append((
        "3c import peak RSS ≤ 2.5× floor (0.15× the SDK's RSS would be below the floor itself, so not applied)",
        m_floor <= 2.5, f"{med(col(ours, 'maxrss_mb')):.1f} MB = {m_floor:.2f}× floor",
    ))  # fmt: skip


def _requests(md: Md, r: dict[str, Any], targets: list[tuple[str, bool, str]]) -> None:
    q = r["requests"]
    md("## 4. Request overhead (loopback server in its own process)")
    md()
    md(
        f"{q['server']}. retrieve: {q['calls']['retrieve']['timed']} sequential "
        f"`client.external_connections.retrieve(id)` calls (after {q['calls']['retrieve']['warmup']} untimed), "
        f"response body {q['retrieve_body_bytes']} bytes with every ExternalConnection property filled, parsed "
        f"into the response model; raw = `httpx.Client().get(url).json()`. list: "
        f"{q['calls']['list']['timed']} calls of `client.external_connections.list()` returning one page of "
        f"1,000 items with meta ({q['list_body_bytes'] / 1e6:.2f} MB), every item parsed. Each round is one "
        "fresh process holding the three clients (each with its own keep-alive connection); after the warm-up "
        f"they take turns in batches of {q['calls']['retrieve']['batch']} retrieve calls (1 list call), so load "
        "from other work hits them alike; a round's rate is the median of the client's batch rates (robust to a "
        "stall from another process; results.json also has calls ÷ total time). The first call of each is "
        "checked (the model really holds the data)."
    )
    md()
    titles = {
        "retrieve": "retrieve over loopback",
        "list": "list (1,000 items) over loopback",
        "retrieve_inproc": "retrieve with an in-process transport (httpx.MockTransport answering with the same body: "
        "no socket, no server; what each client costs by itself, for information)",
    }
    for mode in [m for m in titles if m in q["runs"]]:
        runs = q["runs"][mode]
        raw, official = runs["raw"], runs["official"]
        rows = []
        for client, rs in runs.items():
            per_call = [1.0 / x for x in col(rs, "per_s")]
            rows.append([
                client,
                f"{med(col(rs, 'per_s')):,.0f}/s",
                rng(col(rs, "per_s"), ",.0f"),
                f"{med(per_call) * (1e3 if mode == 'list' else 1e6):,.0f} {'ms' if mode == 'list' else 'µs'}",
                f"{med(col(rs, 'per_s')) / med(col(raw, 'per_s')):.2f}× [{rng(paired(rs, raw, 'per_s'), '.2f')}]",
                f"{med(col(rs, 'per_s')) / med(col(official, 'per_s')):.2f}× [{rng(paired(rs, official, 'per_s'), '.2f')}]",
            ])  # fmt: skip
        md(f"**{titles[mode]}**")
        md()
        md.table(["client", "rate median", "min–max", "per call", "rate × raw httpx", "rate × official SDK"], rows)
    rr = q["runs"]["retrieve"]
    ratio = med(col(rr["ours"], "per_s")) / med(col(rr["raw"], "per_s"))
    over = (1 / med(col(rr["ours"], "per_s")) - 1 / med(col(rr["raw"], "per_s"))) * 1e6
    md(f"telnyx-codegen adds {over:.0f} µs per retrieve call over raw httpx (request building, response model parsing).")
    if "retrieve_inproc" in q["runs"]:
        ri = q["runs"]["retrieve_inproc"]
        own = {c: 1e6 / med(col(ri[c], "per_s")) for c in ri}
        md(
            f"Without the network, a retrieve costs raw httpx {own['raw']:.0f} µs, telnyx-codegen {own['ours']:.0f} µs "
            f"(+{own['ours'] - own['raw']:.0f} µs), the official SDK {own['official']:.0f} µs "
            f"(+{own['official'] - own['raw']:.0f} µs): over loopback the server's own time dilutes these differences."
        )
    md()
    targets.append(("4 retrieve rate ≥ 0.85× raw httpx", ratio >= 0.85, f"{ratio:.2f}×"))


def _profile(md: Md, r: dict[str, Any]) -> None:
    p = r["profile"]
    md("## 5. Where the generator's time goes")
    md()
    st, fl = p["stage_median_s"], p["floor_median_s"]
    n = len(p["stage_runs_s"]["build"])
    md(f"In-process stage times without a profiler, each run a fresh process, median of {n} (`bench/profile_gen.py`):")
    md()
    md.table(
        ["load (YAML, no cache)", "load (parse cache warm)", "build", "render", "floor: YAML with libyaml",
         "libyaml, GC paused", "same document as JSON"],
        [[f"{st['load_nocache']:.2f} s", f"{st['load_cached']:.2f} s", f"{st['build']:.2f} s", f"{st['render']:.2f} s",
          f"{fl['yaml_libyaml']:.2f} s", f"{fl['yaml_libyaml_gc_paused']:.2f} s", f"{fl['json']:.3f} s"]],
    )  # fmt: skip
    ci = p["cli_import"]
    cum = ci["cumulative_median_s"]
    imports = cum.get("all", cum.get("generator.cli", 0.0))
    heavy = sorted(((k, v) for k, v in cum.items() if k not in ("all", "generator.cli") and v >= 0.01), key=lambda kv: -kv[1])
    md(
        f"A generating run imports the generator's modules: `{ci.get('statement', 'import generator.cli')}` takes "
        f"{imports:.2f} s (`-X importtime`; the process, start-up included, {ci['process_wall_median_s']:.2f} s), "
        f"`generator.cli` alone {cum.get('generator.cli', 0.0):.3f} s; the biggest dependencies: "
        + ", ".join(f"{k} {v:.2f} s" for k, v in heavy)
        + " (cumulative, overlapping: openapi_pydantic includes pydantic)."
    )
    md()
    f = p["formatters"]
    runs = f["runs"]
    md(
        f"Formatting the same rendered, unformatted tree ({p['py_files_formatted']} `.py` files, "
        f"{p['py_bytes_unformatted'] / 1e6:.1f} MB) from a fresh copy with no cache, alternating:"
    )
    md()
    black = runs["black"]
    rows = []
    for name, rs in runs.items():
        rows.append([
            name, f"{med(col(rs, 'wall_s')):.2f} s", rng(col(rs, "wall_s"), ".2f"), f"{med(col(rs, 'cpu_s')):.2f} s",
            f"{med(col(rs, 'maxrss_max_mb')):.0f} MB", f"{med(col(rs, 'wall_s')) / med(col(black, 'wall_s')):.3f}×",
            f"`{f['commands'][name]}`",
        ])  # fmt: skip
    md.table(["formatter", "wall median", "min–max", "CPU (all processes)", "largest process", "× black", "command"], rows)
    same, differ = f["black_vs_ruff_files_same"], f["black_vs_ruff_files_differ"]
    md(
        f"ruff format's output is byte-identical to black's on all {same} files."
        if not differ
        else f"ruff format's output equals black's for {same} files and differs for {differ}, in {f['black_vs_ruff_hunks']} places."
    )
    md()
    if "cold" in r:
        cold_runs = r["cold"]["runs"]
        ours = cold_runs["telnyx-codegen"]
        opc_wall = med(col(cold_runs["openapi-python-client"], "wall_s"))

        def stage(name: str) -> float:
            return med([x["report"]["seconds"].get(name, 0.0) for x in ours])

        wall = med(col(ours, "wall_s"))
        cpu = med(col(ours, "cpu_s"))
        stages = sum(stage(s) for s in _stage_keys(ours))
        md(
            f"**Against the floor.** A cold run takes {wall:.1f} s wall ({cpu:.1f} s CPU over all processes): load "
            f"{stage('load'):.1f} s (the YAML parse alone, libyaml with the GC paused, is "
            f"{fl['yaml_libyaml_gc_paused']:.1f} s of it), build {stage('build'):.1f} s, render {stage('render'):.1f} s, "
            f"format {stage('format'):.1f} s (copy out to a scratch tree, one `ruff format` process, read back), write "
            f"{stage('write'):.1f} s (creating ~2,800 files; on this VM's disk a file creation costs ~0.6 ms), and "
            f"{wall - stages:.1f} s of interpreter start and imports (~{imports:.1f} s of them the generator's imports)."
        )
        md()
        if "telnyx-codegen --formatter black" in cold_runs:
            bw = med(col(cold_runs["telnyx-codegen --formatter black"], "wall_s"))
            md(
                f"With black itself as the engine the same run takes {bw:.1f} s ({bw / opc_wall:.2f}× "
                f"openapi-python-client): black's ~{med(col(black, 'cpu_s')):.0f} CPU-seconds for this tree are why "
                "ruff format, laying out the same bytes, is the default."
            )
            md()
        md(
            f"**What would cut it next.** The write stage is bound by file creation on the output's filesystem; "
            f"the YAML parse ({fl['yaml_libyaml_gc_paused']:.1f} s; the same document as JSON parses in "
            f"{fl['json']:.2f} s) and the generator's imports are the next floors; then the hot spots of build and "
            "render in the cProfile tables below."
        )
        md()
    md(
        f"cProfile of load (no cache) + build + render in one process ({p['profiled_wall_s']:.1f} s under the "
        f"profiler, {p['threads_profiled']} threads merged: build runs in a thread of its own), top 20 by own time:"
    )
    md()

    def fn_rows(rows: list[dict[str, Any]]) -> list[list[str]]:
        return [[f"`{row['function']}`", str(row["calls"]), f"{row['tottime']:.2f}", f"{row['cumtime']:.2f}"] for row in rows]

    md.table(["function", "calls", "own s", "cumulative s"], fn_rows(p["top_tottime"]))
    md("Top 20 by cumulative time:")
    md()
    md.table(["function", "calls", "own s", "cumulative s"], fn_rows(p["top_cumtime"]))


def _method(md: Md) -> None:
    md("## Method")
    md()
    md(
        "`make bench` (`bench/run.py`, not part of `make test`) installs the competitors from "
        "`bench/requirements.txt` into a venv under `${XDG_CACHE_HOME:-~/.cache}/telnyx-codegen-bench`, reads the "
        "spec from `../shared/specs/telnyx/spec3.yml` at run time (work files stay under the cache dir), and "
        "writes `bench/results.json` (every run, with per-process memory) and this file. `BENCH_RUNS=N` sets the "
        "number of rounds. Wall, CPU and memory come from `bench/_proc.py`: each command runs under a small "
        "wrapper (`bench/_rusage.py`) that forks it and reports its `wait4` usage: CPU and the largest single "
        "process, exact, workers included (a direct child of the benchmark would inherit the benchmark's own peak "
        "RSS across `exec`). The main process's own peak and each worker's come from `VmHWM`, and the process-tree "
        "peak from summing `VmRSS` over the tree, sampled every 20 ms (the sum counts shared library pages once "
        "per process; a child between fork and exec, still showing its parent's memory, is skipped). Import-cost "
        "children read their own `VmHWM`. 'other load' comes from `/proc/stat`; before each round the benchmark "
        "waits (at most 20 s) for the machine to be quieter than half a core."
    )
    md()


def write_report(results: dict[str, Any], path: Path) -> None:
    md = Md()
    md("# Benchmarks: telnyx-codegen vs openapi-python-client, datamodel-code-generator and the telnyx SDK")
    md()
    md("Generated by `make bench` from `bench/results.json`; do not edit by hand.")
    md()
    _machine(md, results)
    targets: list[tuple[str, bool, str]] = []
    body = Md()
    for name, fn in (("cold", _cold), ("regen", _regen), ("import", _import), ("requests", _requests)):
        if name in results:
            fn(body, results, targets)
    if "profile" in results:
        _profile(body, results)
    md("## Targets")
    md()
    md.table(["target", "result", "measured (medians)"], [[name, verdict(ok), value] for name, ok, value in targets])
    md.lines.extend(body.lines)
    _method(md)
    path.write_text("\n".join(md.lines).rstrip() + "\n", encoding="utf-8")


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "results.json"
    write_report(json.loads(source.read_text()), HERE / "RESULTS.md")
