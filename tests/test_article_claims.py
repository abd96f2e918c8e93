"""The article's claims at its own settings, seed 7, on the backend in force.

Slow (each experiment trains at the article's settings): marked ``slow``.
The claims are registry.CLAIMS, the table the study counts over seeds: each
variant runs once here, its run record is made as the study makes it
(running.record_of), and each claim's own check judges it.

Asserted on a backend: only what held there robustly, at every seed of
the committed multi-seed runs in study/runs/ (``python -m study --report``
prints the counts). A claim that failed at any seed on this
backend is skipped, the reason naming the seeds; RESULTS.md reports it. A
claim that fails at some seeds says nothing true of every seed, so asserting
it at seed 7 would test the seed, not the claim. The list is read from the
saved runs each time, not written here. A claim with no runs on this
backend there is asserted.
"""

import time
from collections.abc import Callable

from study import claims
from study import registry
from study import variants
from study.record import Run
import common
from study import store
from study import running
import pytest

pytestmark = pytest.mark.slow
SEED = 7
BACKEND = common.chosen_backend()
COMMITTED = store.COMMITTED_RUNS


@pytest.fixture(scope="module")
def failed_seeds() -> dict[str, list[int]]:
    """Per claim id: the seeds where it failed on this backend."""
    found: dict[str, list[int]] = {}
    runs = store.read_results(COMMITTED).runs
    for verdict in claims.claim_verdicts(runs, registry.CLAIMS):
        if verdict.backend == BACKEND and not verdict.held:
            found.setdefault(verdict.claim.id, []).append(verdict.seed)
    return found


@pytest.fixture(scope="module")
def runs(scripts) -> Callable[[variants.VariantKey], tuple[common.Result, Run]]:
    """A variant run once at the article's settings, seed 7: (result, record)."""
    cache: dict[variants.VariantKey, tuple[common.Result, Run]] = {}

    def get(key: variants.VariantKey) -> tuple[common.Result, Run]:
        if key not in cache:
            variant = registry.VARIANT_BY_KEY[key]
            script = scripts[variant.experiment]
            started = time.perf_counter()
            result = script.run(seed=SEED, verbose=0, **dict(variant.kwargs))
            seconds = time.perf_counter() - started
            assert result.backend == BACKEND
            assert result.epochs == script.EPOCHS  # the article's
            cache[key] = (result, running.record_of(variant, result, seconds))
        return cache[key]

    return get


@pytest.mark.parametrize("claim", registry.CLAIMS, ids=[c.id for c in registry.CLAIMS])
def test_claim(claim, runs, failed_seeds):
    failed = failed_seeds.get(claim.id)
    if failed:
        pytest.skip(
            f"{claim.experiment} {claim.variant} {claim.label!r} failed on "
            f"{BACKEND} at seed {', '.join(map(str, failed))} in "
            "study/runs/"
        )
    _, record = runs(claim.key)
    same_seed = {claim.key: record}
    if claim.against is not None:
        same_seed[claim.against] = runs(claim.against)[1]
    accuracies = {key: f"{r.accuracy:.2%}" for key, r in same_seed.items()}
    assert claim.check(record, same_seed) is True, f"{claim.id}: {accuracies}"


def test_04_trains_the_articles_5000_epochs(runs):
    assert runs(("04", "article"))[0].epochs == 5000


def test_05_recital_reads_as_in_the_article(runs):
    recital = runs(("05", "article"))[0].predictions["recital"]
    assert [p.line(as_list=False) for p in recital][:2] == ["A -> B", "B -> C"]


def test_06_predicts_all_1000_patterns(runs):
    assert len(runs(("06", "article"))[0].predictions["training"]) == 1000
