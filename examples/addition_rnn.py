"""Learning to add: an LSTM encoder reads "123+45" one character at a time,
an LSTM decoder writes "168" one character at a time (the sequence-to-sequence
addition example of Keras, after Zaremba and Sutskever, "Learning to
Execute"). The data is synthetic, so it runs offline; written as for Keras
but for the import line.

    PYTHONPATH=. python examples/addition_rnn.py            (kerasish)
    PYTHONPATH=. python examples/addition_rnn.py --keras    (the same program on TF-Keras)

About a minute on 2 cores; prints the validation accuracy per character and
per whole answer, and a few questions with the model's answers.
"""

import argparse
import time

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--keras", action="store_true", help="run on TF-Keras instead")
parser.add_argument("--epochs", type=int, default=20)
parser.add_argument("--samples", type=int, default=20000)
args = parser.parse_args()

if args.keras:
    import keras
else:
    import kerasish as keras
layers = keras.layers

DIGITS = 3
MAXLEN = DIGITS + 1 + DIGITS  # "123+456"
CHARS = "0123456789+ "
INDEX = {c: i for i, c in enumerate(CHARS)}


def encode(text, length):
    """One-hot rows, one per character, padded with spaces to `length`."""
    onehot = np.zeros((length, len(CHARS)), dtype="float32")
    for position, char in enumerate(text.ljust(length)):
        onehot[position, INDEX[char]] = 1
    return onehot


def decode(rows):
    return "".join(CHARS[i] for i in rows.argmax(axis=-1))


def make_questions(count, rng):
    """`count` distinct questions "a+b" with their answers; the question is
    reversed ("654+321" for "123+456"), which shortens the paths between the
    digits that are added together (Sutskever et al., 2014)."""
    seen, questions, answers = set(), [], []
    while len(questions) < count:
        a, b = (int(rng.integers(0, 10 ** rng.integers(1, DIGITS + 1))) for _ in range(2))
        key = tuple(sorted((a, b)))
        if key in seen:
            continue
        seen.add(key)
        questions.append(f"{a}+{b}".ljust(MAXLEN)[::-1])
        answers.append(str(a + b).ljust(DIGITS + 1))
    return questions, answers


keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
questions, answers = make_questions(args.samples, rng)
x = np.stack([encode(q, MAXLEN) for q in questions])
y = np.stack([encode(a, DIGITS + 1) for a in answers])
split = len(x) // 10
x_train, x_val, y_train, y_val = x[split:], x[:split], y[split:], y[:split]

question = keras.Input((MAXLEN, len(CHARS)))
# The encoder compresses the question into one vector.
encoded = layers.LSTM(128)(question)
# The decoder sees that vector at each of its DIGITS + 1 steps (what
# `layers.RepeatVector(DIGITS + 1)` does, written with Reshape and Concatenate).
step = layers.Reshape((1, 128))(encoded)
repeated = layers.Concatenate(axis=1)([step] * (DIGITS + 1))
decoded = layers.LSTM(128, return_sequences=True)(repeated)
answer = layers.Dense(len(CHARS), activation="softmax")(decoded)
model = keras.Model(question, answer)
model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(0.003),
              metrics=["accuracy"])
model.summary()

start, cpu_start = time.perf_counter(), time.process_time()
history = model.fit(x_train, y_train, batch_size=64, epochs=args.epochs,
                    validation_data=(x_val, y_val), verbose=2)
seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start

predicted = model.predict(x_val, verbose=0)
whole = np.mean([decode(p) == decode(t) for p, t in zip(predicted, y_val)])
print(f"\n{'TF-Keras' if args.keras else 'kerasish'}: {seconds:.0f} s of training "
      f"({cpu_seconds:.0f} s of CPU); "
      f"validation accuracy per character {history.history['val_accuracy'][-1]:.4f}, "
      f"whole answers right {whole:.4f}")
for row in range(8):
    q, truth, guess = questions[row][::-1].strip(), decode(y_val[row]), decode(predicted[row])
    print(f"  {q:>8s} = {guess.strip():4s} {'ok' if guess == truth else 'wrong, ' + truth}")
