"""The article's claims at its own settings, seed 7, on the backend in force.

Slow (each experiment trains at the article's settings): marked ``slow``.
Asserted on a backend: only what held there for every one of seeds 1..5 in
the multi-seed runs (results/results.json; ``python compare.py --report
results/results.json`` prints the counts). What failed for some of those
seeds is reported in RESULTS.md and skipped here, with the reason:

- TensorFlow: 06 "near 98.90%" (within 2 points, a bound fixed before the
  run) failed at seed 3 (96.50%), so it is not asserted.
- JAX: 03 at 100% failed at one of seeds 1..5 (95.65%), and 06 below 100%
  failed at seed 5 (100.00%): neither is asserted on JAX.

06 "learned well" has a lower bound, 96%, set from seeds 1..5 before these
tests used it: the lowest of those seeds was 96.50% on both backends.
"""

import common
import pytest

pytestmark = pytest.mark.slow
SEED = 7
BACKEND = common.BACKEND
# Claims that did not hold for every one of seeds 1..5 on a backend.
NOT_HELD = {
    "tensorflow": set(),
    "jax": {"03 is learned perfectly", "06 is not learned perfectly"},
}
LEARNED_WELL = 0.96  # 06's lower bound, from seeds 1..5 (lowest 96.50%)


def held(claim):
    """Skip a claim that did not hold for all of seeds 1..5 on this backend."""
    if claim in NOT_HELD[BACKEND]:
        pytest.skip(f"{claim}: not for every seed 1..5 on {BACKEND} (RESULTS.md)")


@pytest.fixture(scope="module")
def results(scripts):
    """Each experiment run once at the article's settings, seed 7."""
    cache = {}

    def get(number, **kwargs):
        key = (number, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = scripts[number].run(seed=SEED, verbose=0, **kwargs)
            assert cache[key].backend == BACKEND
        return cache[key]

    return get


def _all_right(predictions):
    return all(p.correct for p in predictions)


def test_01_one_char_is_not_learned_perfectly(results):
    assert results("01").accuracy < 1.0


def test_02_feature_window_is_not_learned_perfectly(results):
    assert results("02").accuracy < 1.0


def test_03_time_step_window_is_learned_perfectly(results):
    held("03 is learned perfectly")
    result = results("03")
    assert result.accuracy == 1.0
    assert _all_right(result.predictions["training"])


def test_04_full_batch_reaches_100_and_random_letters_are_right(results):
    result = results("04")
    assert result.epochs == 5000
    assert result.accuracy == 1.0
    assert _all_right(result.predictions["random"])


def test_04_control_shuffled_rows_learn_just_as_well(results):
    """The correction: the order within the batch is not what is learned."""
    result = results("04", shuffle=True)
    assert result.accuracy == 1.0
    assert _all_right(result.predictions["random"])


def test_05_stateful_learns_the_sequence(results):
    result = results("05")
    assert result.accuracy == 1.0
    recital = result.predictions["recital"]
    assert [p.line(as_list=False) for p in recital][:2] == ["A -> B", "B -> C"]
    assert "".join(p.predicted for p in recital) == "BCDEFGHIJKLMNOPQRSTUVWXYZ"


def test_05_cold_start_at_k_does_not_predict_l(results):
    cold = results("05").predictions["cold_start"]
    assert cold[0].inputs == "K" and cold[0].predicted != "L"


def test_05_warm_start_at_k_predicts_l(results):
    """The article's remedy: warm the state up with A..J, then K -> L."""
    warm = results("05").predictions["warm_start"]
    assert warm[0].inputs == "K" and warm[0].predicted == "L"


def test_06_variable_length_is_learned_well(results):
    result = results("06")
    assert len(result.predictions["training"]) == 1000
    assert result.accuracy >= LEARNED_WELL


def test_06_variable_length_is_not_learned_perfectly(results):
    held("06 is not learned perfectly")
    assert results("06").accuracy < 1.0
