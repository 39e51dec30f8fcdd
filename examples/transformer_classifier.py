"""A small transformer text classifier, written as Keras's "Text classification
with Transformer" example writes it, on generated "reviews".

Each sample is a padded sequence of word ids: neutral words, a few
"positive" words (ids 3-22) and "negative" ones (ids 23-42), some of them
just after a "not" (id 1) that reverses them; the label is 1 when the
positive meanings outnumber the negative ones. Counting words is not enough:
a word's meaning depends on its neighbour, which attention (with the
position embeddings) lets the model look at. Padding (id 0) is
masked by `Embedding(mask_zero=True)`, and the mask reaches the attention and
the average pooling, so the padding's length does not sway the prediction.

Runs offline in about 30 seconds on 2 cores (one BLAS thread). With
`import keras` instead of kerasish (the only change), real Keras 3.15 on
TensorFlow 2.21 printed a test accuracy of 0.7420 on this program, kerasish
0.7490, both well above the 0.5 of guessing; the two libraries draw
different initial weights and dropout masks, so the figures differ a little.
"""

import numpy as np

import kerasish as keras
from kerasish import layers, ops

VOCAB_SIZE, MAXLEN, EMBED_DIM, NUM_HEADS, FF_DIM = 200, 40, 32, 2, 64


def make_dataset(n, seed):
    """Sequences of 10 to MAXLEN words, zero-padded, with a few positive
    and negative words, each preceded by "not" (id 1, which flips it) with
    probability 0.3; label 1 when the positive meanings outnumber the
    negative ones (never a tie)."""
    rng = np.random.default_rng(seed)
    x = np.zeros((n, MAXLEN), dtype="int32")
    y = np.zeros(n, dtype="int32")
    for index, row in enumerate(x):
        length = rng.integers(10, MAXLEN + 1)
        row[:length] = rng.integers(43, VOCAB_SIZE, length)
        count = rng.choice([1, 3, 5])  # odd: no ties
        # Odd positions only, so that a "not" before each fits.
        places = 2 * rng.choice(length // 2, count, replace=False) + 1
        score = 0
        for place in places:
            positive = rng.random() < 0.5
            row[place] = rng.integers(3, 23) if positive else rng.integers(23, 43)
            negated = rng.random() < 0.3
            if negated:
                row[place - 1] = 1
            score += 1 if positive != negated else -1
        y[index] = score > 0
    return x, y


class TransformerBlock(layers.Layer):
    def __init__(self, embed_dim, num_heads, ff_dim, rate=0.1, **kwargs):
        super().__init__(**kwargs)
        self.att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.ffn = keras.Sequential(
            [layers.Dense(ff_dim, activation="relu"), layers.Dense(embed_dim)]
        )
        self.layernorm1 = layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = layers.Dropout(rate)
        self.dropout2 = layers.Dropout(rate)

    def call(self, inputs, training=False):
        attn_output = self.att(inputs, inputs)
        attn_output = self.dropout1(attn_output, training=training)
        out1 = self.layernorm1(inputs + attn_output)
        ffn_output = self.ffn(out1)
        ffn_output = self.dropout2(ffn_output, training=training)
        return self.layernorm2(out1 + ffn_output)


class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim, **kwargs):
        super().__init__(**kwargs)
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim,
                                          mask_zero=True)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        maxlen = ops.shape(x)[-1]
        positions = ops.arange(start=0, stop=maxlen, step=1)
        return self.token_emb(x) + self.pos_emb(positions)

    def compute_mask(self, inputs, mask=None):
        return self.token_emb.compute_mask(inputs)


keras.utils.set_random_seed(0)
x_train, y_train = make_dataset(4000, seed=1)
x_test, y_test = make_dataset(1000, seed=2)

inputs = layers.Input(shape=(MAXLEN,), dtype="int32")
x = TokenAndPositionEmbedding(MAXLEN, VOCAB_SIZE, EMBED_DIM)(inputs)
x = TransformerBlock(EMBED_DIM, NUM_HEADS, FF_DIM)(x)
x = layers.GlobalAveragePooling1D()(x)
x = layers.Dropout(0.1)(x)
x = layers.Dense(20, activation="relu")(x)
outputs = layers.Dense(2, activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
model.summary()

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=64, epochs=10, validation_split=0.1, verbose=2)

loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"Test loss: {loss:.4f}")
print(f"Test accuracy: {accuracy:.4f}")
