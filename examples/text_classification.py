"""Text classification from raw strings, in the style of the Keras example
"Text classification from scratch": a `TextVectorization` layer learns the
vocabulary with `adapt()` and sits inside the model, in front of an
`Embedding`, so the saved model takes raw strings.

The reviews are generated here from templates (positive or negative
phrases mixed with neutral filler and noise), so the example needs no
download. Written for Keras; only the import line differs.
"""

import os
import tempfile

import numpy as np

import kerasish as keras
from kerasish import layers

keras.utils.set_random_seed(7)
rng = np.random.default_rng(7)

POSITIVE = ["a wonderful film", "truly great acting", "I loved every minute", "brilliant!",
            "a joy to watch", "superb direction", "highly recommended", "moving and funny"]
NEGATIVE = ["a boring mess", "terrible acting", "I hated every minute", "awful!",
            "a waste of time", "poor direction", "not recommended", "dull and silly"]
FILLER = ["The plot follows a family.", "It runs two hours.", "The music is loud.",
          "Shot in Paris, 1998.", "The cast is large;", "My friend saw it too.",
          "It is a sequel.", "The ending is long."]


def make_review(label):
    phrases = POSITIVE if label == 1 else NEGATIVE
    parts = list(rng.choice(FILLER, size=rng.integers(1, 4)))
    parts += list(rng.choice(phrases, size=rng.integers(1, 3)))
    rng.shuffle(parts)
    text = " ".join(parts)
    return text.upper() if rng.random() < 0.1 else text


labels = rng.integers(0, 2, size=3000)
texts = np.array([make_review(label) for label in labels])
x_train, y_train = texts[:2400], labels[:2400]
x_test, y_test = texts[2400:], labels[2400:]
print(x_train[0], "->", y_train[0])

max_features, sequence_length = 200, 24
vectorize_layer = layers.TextVectorization(
    max_tokens=max_features, output_mode="int", output_sequence_length=sequence_length
)
vectorize_layer.adapt(x_train)
print("Vocabulary size:", vectorize_layer.vocabulary_size())
print("Most frequent tokens:", vectorize_layer.get_vocabulary()[2:12])

inputs = keras.Input(shape=(1,), dtype="string")
x = vectorize_layer(inputs)
x = layers.Embedding(max_features, 16)(x)
x = layers.GlobalAveragePooling1D()(x)
x = layers.Dropout(0.2)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.summary()

model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train.reshape(-1, 1), y_train, batch_size=32, epochs=8, validation_split=0.1,
          verbose=2)

loss, accuracy = model.evaluate(x_test.reshape(-1, 1), y_test, verbose=0)
print(f"Test accuracy: {accuracy:.3f}")

# The saved model carries its vocabulary (as Keras stores it) and takes raw strings.
path = os.path.join(tempfile.mkdtemp(), "text_classifier.keras")
model.save(path)
reloaded = keras.models.load_model(path)
samples = np.array([["A wonderful film, highly recommended."], ["Awful! A waste of time."]])
print("Reloaded model on new reviews:", np.round(reloaded.predict(samples, verbose=0)[:, 0], 3))
