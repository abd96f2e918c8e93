"""settings.py: what the page states of the models, from the scripts."""

import pytest

from study import settings
from study.registry import VARIANT_BY_KEY


@pytest.mark.parametrize("inputs, units", [(1, 32), (3, 32), (1, 50)])
def test_lstm_weights_are_what_keras_counts(inputs, units):
    import keras

    layer = keras.layers.LSTM(units)
    layer.build((None, 1, inputs))
    assert settings.lstm_weights(inputs, units) == layer.count_params()


def test_the_perceptron_and_window_lstm_weights():
    # Experiment 2's LSTM(32) on 3 features and softmax; the 2 x 64 and
    # 2 x 256 perceptrons on 3 numbers: what the scripts' constants give.
    assert settings.window_lstm_weights() == 4 * (32 * 35 + 32) + 33 * 26
    assert settings.perceptron_weights(64) == 4 * 64 + 65 * 64 + 65 * 26
    assert settings.dense_weights(3, 256) == 3 * 256 + 256


def test_experiment_4_table_settings_come_from_the_scripts():
    article = settings.one_letter_training(VARIANT_BY_KEY[("04", "article")])
    assert (article.batch, article.epochs, article.units, article.shuffled) == (
        25, 5000, 16, False
    )  # fmt: skip
    assert article.updates == 5000 and article.batch_text == "25 (all)"
    assert (
        settings.one_letter_training(VARIANT_BY_KEY[("04", "batch-1")]).updates
        == 125_000
    )
    assert (
        settings.one_letter_training(VARIANT_BY_KEY[("04", "shuffle")]).shuffled is True
    )
    one = settings.one_letter_training(VARIANT_BY_KEY[("01", "article")])
    assert (one.batch, one.updates, one.shuffled) == (1, 12_500, True)
    assert (
        settings.one_letter_training(VARIANT_BY_KEY[("01", "epochs-5000")]).epochs
        == 5000
    )


def test_experiment_6_updates_at_equal_and_fewer_updates():
    article = settings.updates_06(VARIANT_BY_KEY[("06", "article")])
    assert article == 1000 * 500
    assert settings.updates_06(VARIANT_BY_KEY[("06", "patterns-250-e2000")]) == article
    assert settings.updates_06(VARIANT_BY_KEY[("06", "patterns-500-e1000")]) == article
    assert settings.updates_06(VARIANT_BY_KEY[("06", "patterns-250")]) == article // 4
