"""Recurrent layers: cells, the generic `RNN`, SimpleRNN, LSTM, GRU and wrappers.
Their public names are listed in `kerasish/layers/__init__.py`."""
