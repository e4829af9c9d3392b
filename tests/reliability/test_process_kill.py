"""`sitrep process` SIGKILLed at chosen and random points: the final index is always the same.

Kill points: before the pipeline reads (Beam still starting), mid-batch (some bulk writes
done), and after every write but before the offset commit (a cycle paused in that window by
cycle_driver.py). Each kill is followed by a normal rerun on the same consumer group.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from process_fixtures import news_html, raw_article

from connectors.elasticsearch_indices import ensure_indices
from tests.reliability.conftest import Figure, Stage
from tests.reliability.harness import (
    duplicated,
    finish,
    indexed_count,
    kill_group,
    paused_cycle,
    process_env,
    sitrep_process,
    snapshot,
    uncommitted,
    wait_for,
)

pytestmark = pytest.mark.integration
KILL_POINTS = ("before_read", "mid_batch", "after_write_before_commit")


def varied_articles(count: int) -> list[dict]:
    """``count`` distinct raw articles on a real news page, each with its own title."""
    html = news_html()
    return [
        raw_article(f"https://kill.example/{i}", html=html.replace("<title>", f"<title>{i} "))
        for i in range(count)
    ]


def kill_at(point: str, stage: Stage, total: int, tmp_path, rng: random.Random) -> dict[str, int]:
    """Start a cycle and SIGKILL it at ``point`` (placed at random within it).

    Returns what the index and the consumer group held at that moment.
    """
    env = process_env(stage.kafka, stage.es)
    if point == "after_write_before_commit":
        marker = tmp_path / f"written-{rng.random()}"
        process = paused_cycle(env, marker)
        assert wait_for(marker.exists, process, timeout=600), finish(process)[1]
    else:
        process = sitrep_process(env)
        if point == "before_read":
            wait_for(lambda: False, process, timeout=rng.uniform(0.2, 2.0))
        else:
            target = rng.randint(1, total // 2)
            written = lambda: target <= indexed_count(stage.client, stage.es.articles_alias) < total  # noqa: E731
            assert wait_for(written, process, timeout=600), f"cycle ended before {target} were written"
    assert process.poll() is None, f"cycle ended before the {point} kill: {finish(process)[1]}"
    kill_group(process)
    return {
        "indexed_at_kill": indexed_count(stage.client, stage.es.articles_alias),
        "uncommitted_after_kill": uncommitted(stage.kafka),
    }


def rerun(stage: Stage) -> None:
    """A normal cycle on the same group, which must succeed and commit everything."""
    code, output = finish(sitrep_process(process_env(stage.kafka, stage.es)))
    assert code == 0, output
    assert uncommitted(stage.kafka) == 0


def test_kill_after_write_before_commit_then_rerun_leaves_each_article_once(stage, tmp_path, record):
    raws = varied_articles(60)
    stage.produce(raws)
    seen = kill_at("after_write_before_commit", stage, len(raws), tmp_path, random.Random(1))
    assert seen == {"indexed_at_kill": 60, "uncommitted_after_kill": 60}
    rerun(stage)
    docs = snapshot(stage.client, stage.es.articles_alias)
    assert set(docs) == {r["id"] for r in raws} and duplicated(docs) == 0
    record(
        Figure(
            "process-kill-default",
            "`sitrep process` SIGKILL after write, before commit",
            1,
            fed=60,
            found=len(docs),
            lost=60 - len(docs),
            duplicated=duplicated(docs),
            notes="killed with all 60 written and 0 committed; rerun committed all",
        )
    )


@pytest.mark.reliability_full
def test_ten_random_kills_on_the_same_input_give_the_same_index_every_time(
    stage, tmp_path, record, unique_name
):
    rng = random.Random(20261125)
    raws = varied_articles(200)
    stage.produce(raws)
    snapshots, points = [], []
    for round_number in range(10):
        point = KILL_POINTS[round_number % len(KILL_POINTS)]
        round_stage = Stage(
            replace(stage.kafka, consumer_group=unique_name("group")),
            replace(stage.es, articles_alias=unique_name("articles")),
            stage.client,
        )
        ensure_indices(stage.client, round_stage.es)
        seen = kill_at(point, round_stage, len(raws), tmp_path, rng)
        assert seen["uncommitted_after_kill"] == len(raws), f"round {round_number} {point}: {seen}"
        points.append(f"{point}@{seen['indexed_at_kill']}")
        rerun(round_stage)
        snapshots.append(snapshot(stage.client, round_stage.es.articles_alias))
    sizes = [len(s) for s in snapshots]
    dupes = sum(duplicated(s) for s in snapshots)
    differing = sum(1 for s in snapshots if s != snapshots[0])
    record(
        Figure(
            "process-kill-loop",
            "`sitrep process` SIGKILL at random points, 10 rounds",
            10,
            fed=200 * 10,
            found=sum(sizes),
            lost=200 * 10 - sum(sizes),
            duplicated=dupes,
            full=True,
            notes=f"kill point@docs indexed at kill: {', '.join(points)}; "
            f"rounds whose index differs from round 1: {differing}",
        )
    )
    assert sizes == [len(raws)] * 10 and dupes == 0
    assert differing == 0
