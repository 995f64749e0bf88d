"""Themes with topic models (issue 5)."""

from __future__ import annotations

import json

import click

from ..project import Project
from .base import PROJECT, cli, member_option, role_option


@cli.command()
@PROJECT
@click.option("--kind", "kinds", multiple=True, help="Only segments of documents of this kind (repeatable).")
@click.option("--code", help="Only segments coded with this code.")
@click.option("--min-topic-size", type=click.IntRange(2), default=10, show_default=True,
              help="The fewest segments a topic may have.")
@click.option("--topics", "nr_topics", type=click.IntRange(2), help="Merge similar topics down to this many.")
@click.option("--guided", is_flag=True, help="Nudge topics toward the codebook's definitions.")
@click.option("--zero-shot", is_flag=True, help="Use code names as candidate topics.")
@click.option("--reduce-outliers", is_flag=True, help="Put segments outside any topic into their nearest topic.")
@click.option("--model", "embedding_model", help="A sentence-transformers model name or folder (default: all-MiniLM-L6-v2).")
@click.option("--name", help="A name for the run.")
@click.option("--json", "as_json", is_flag=True, help="Print the topics as JSON.")
@member_option
@role_option
def topics(project, kinds, code, min_topic_size, nr_topics, guided, zero_shot, reduce_outliers, embedding_model,
           name, as_json, member, role):
    """Find candidate themes with a topic model (BERTopic) and save the run in the project.
    Embeddings are cached in the project, so a second run embeds nothing already seen.

    \b
    Examples:
        workbench topics study.db --kind survey --min-topic-size 5 --member "Alex Morgan"
        workbench topics study.db --kind interview --topics 8 --guided --json --member "Alex Morgan"
    """
    with Project.open(project, member=member, role=role) as opened:
        run_id = opened.find_topics(kinds=list(kinds) or None, code=code, name=name, show_progress=not as_json,
                                    min_topic_size=min_topic_size, nr_topics=nr_topics, guided=guided,
                                    zero_shot=zero_shot, reduce_outliers=reduce_outliers,
                                    embedding_model=embedding_model)
        found = opened.topics(run_id)
    rows = [{"number": int(row.number), "label": row.label, "size": int(row.size), "keywords": row.keywords[:6]}
            for row in found.itertuples()]
    if as_json:
        click.echo(json.dumps({"run": int(run_id), "topics": rows}, indent=2, ensure_ascii=False))
        return
    click.echo(f"Topic run {run_id}: {len(rows)} topics (see project.topics({run_id}) in a notebook).")
    for row in rows:
        click.echo(f"{row['number']:>4}  {row['size']:>5}  {row['label']}")
