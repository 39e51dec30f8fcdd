"""The training and inference loops behind `Model.compile`, `fit`, `evaluate`
and `predict`, and the conversion of user data into batches."""
