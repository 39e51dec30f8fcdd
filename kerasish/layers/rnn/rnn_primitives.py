"""Whole-sequence recurrent primitives: one graph node per RNN call.

Running a cell once per timestep through the autodiff engine records a
dozen small nodes per step, and slicing a timestep out of the input
costs a full-size gradient array per step. These Functions run the whole
loop in NumPy instead (on one BLAS thread, see blas_threads.py): the input projection of every timestep is one GEMM
before the loop, each step does one small GEMM with the recurrent kernel
plus elementwise gate maths, and the backward pass walks the steps in
reverse (backpropagation through time) with the weight gradients again
one GEMM each after the loop.

They compute exactly what the readable cells in simple_rnn.py, lstm.py and
gru.py compute through `RNN`'s generic loop (tests/test_rnn.py checks one
against the other), including Keras's masking rules: on a masked step the
states keep their previous values and the output is either zeros
(`zero_output_for_mask`) or the previous step's output. Outputs are in
processing order, so with `go_backwards` the first output belongs to the
last timestep, as in Keras.

The single output array packs the rows the layer needs, batch-major:
`(batch, rows, units)` with first the outputs (every step, or only the
last one) then each final state; `take_rows` cuts them apart.
"""

import numpy as np

from kerasish import activations
from kerasish.backend.tensor import Function
from kerasish.layers.rnn.blas_threads import single_blas_thread


def _sigmoid(a):
    """1 / (1 + exp(-a)) as 0.5 * tanh(a / 2) + 0.5: one transcendental call,
    no overflow, and in place on the fresh array (gates are recomputed a few
    hundred times per batch)."""
    out = np.tanh(a * a.dtype.type(0.5))
    out *= 0.5
    out += 0.5
    return out


def _sigmoid_derivative(y):
    return y * (1 - y)


def _tanh_derivative(y):
    return 1 - y * y


def _relu(a):
    return np.maximum(a, 0)


def _relu_derivative(y):
    return (y > 0).astype(y.dtype)


def _linear_derivative(y):
    return np.ones_like(y)


# Activations whose derivative can be computed from their output, so the
# backward pass needs only the activated values the forward pass kept.
FUSED_ACTIVATIONS = {
    "tanh": (np.tanh, _tanh_derivative),
    "sigmoid": (_sigmoid, _sigmoid_derivative),
    "relu": (_relu, _relu_derivative),
    "linear": (lambda a: a, _linear_derivative),
}


def fused_activation_name(activation):
    """The name of `activation` if a sequence primitive can apply it, else None."""
    name = activations.builtin_name(activation)
    if name == "relu" and activation is not activations.relu:
        return None
    return name if name in FUSED_ACTIVATIONS else None


class _RecurrentSequence(Function):
    """The loop, masking and output packing shared by the three cells.

    Subclasses define `project` (the input GEMM), `step` (one timestep of
    the cell on plain arrays, keeping what its backward needs) and
    `step_backward` / `weight_gradients`. Attributes set by `apply`:
    `mask` (a (batch, time) bool array or None), `go_backwards`,
    `return_sequences`, `zero_output_for_mask`, `activation` and
    `recurrent_activation` (names in FUSED_ACTIVATIONS).
    """

    mask = None
    recurrent_activation = "sigmoid"

    def forward(self, *arrays):
        with single_blas_thread():
            return self.sequence_forward(*arrays)

    def backward(self, grad):
        with single_blas_thread():
            return self.sequence_backward(grad)

    def _setup(self, x, states):
        self.act, self.act_grad = FUSED_ACTIVATIONS[self.activation]
        self.ract, self.ract_grad = FUSED_ACTIVATIONS[self.recurrent_activation]
        xs = np.swapaxes(x, 0, 1)  # time-major: (time, batch, features)
        mask = None
        if self.mask is not None:
            mask = np.swapaxes(np.asarray(self.mask, dtype=bool), 0, 1)[:, :, None]
        if self.go_backwards:
            xs = xs[::-1]
            mask = None if mask is None else mask[::-1]
        self.xs = np.ascontiguousarray(xs)
        self.time_mask = mask
        self.dtype = x.dtype
        self.num_states = len(states)

    def _run(self, projected, states):
        """The masked loop; returns the packed (batch, rows, units) output."""
        steps = projected.shape[0]
        self.steps = steps
        mask = self.time_mask
        previous_output = np.zeros_like(states[0])
        outputs = []
        for t in range(steps):
            new_states = self.step(t, projected[t], states)
            output = new_states[0]
            if mask is not None:
                keep = mask[t]
                fallback = 0 if self.zero_output_for_mask else previous_output
                output = np.where(keep, output, fallback).astype(self.dtype, copy=False)
                new_states = [np.where(keep, n, s) for n, s in zip(new_states, states)]
            states = new_states
            previous_output = output
            if self.return_sequences:
                outputs.append(output)
        if not self.return_sequences:
            outputs = [previous_output]
        return np.stack(outputs + list(states), axis=1)

    def _loop_backward(self, grad):
        """Walks the steps backwards; returns the gradients of the initial states.

        `grad` is the gradient of the packed output. Each `step_backward`
        stores the gradient of its step's projected input itself.
        """
        steps, mask = self.steps, self.time_mask
        rows = steps if self.return_sequences else 1
        output_grads = grad[:, :rows]
        state_grads = [np.array(grad[:, rows + k]) for k in range(self.num_states)]
        carried_output_grad = None
        for t in range(steps - 1, -1, -1):
            if self.return_sequences:
                output_grad = output_grads[:, t]
            else:
                output_grad = output_grads[:, 0] if t == steps - 1 else None
            if carried_output_grad is not None:
                output_grad = carried_output_grad if output_grad is None else (
                    output_grad + carried_output_grad)
            if mask is None:
                new_grads = list(state_grads)
                if output_grad is not None:
                    new_grads[0] = new_grads[0] + output_grad
                state_grads = self.step_backward(t, new_grads)
                continue
            keep = mask[t].astype(self.dtype)
            dropped = 1 - keep
            new_grads = [keep * g for g in state_grads]
            if output_grad is not None:
                new_grads[0] += keep * output_grad
                if not self.zero_output_for_mask:
                    carried_output_grad = dropped * output_grad
            previous_grads = self.step_backward(t, new_grads)
            state_grads = [p + dropped * g for p, g in zip(previous_grads, state_grads)]
        return state_grads

    def _input_gradient(self, projected_grad, kernel):
        # Explicit sizes, not -1: an empty sequence or batch (size 0) must reshape too.
        steps, batch, units = projected_grad.shape
        dxs = (projected_grad.reshape(steps * batch, units) @ kernel.T).reshape(
            steps, batch, kernel.shape[0])
        if self.go_backwards:
            dxs = dxs[::-1]
        return np.ascontiguousarray(np.swapaxes(dxs, 0, 1))

    def _kernel_gradient(self, projected_grad):
        steps, batch, features = self.xs.shape
        units = projected_grad.shape[-1]
        return self.xs.reshape(steps * batch, features).T @ projected_grad.reshape(steps * batch, units)


def _flat(a):
    return a.reshape(-1, a.shape[-1])


class SimpleRNNSequence(_RecurrentSequence):
    """h = activation(x @ kernel + bias + h_prev @ recurrent_kernel), over a sequence."""

    def sequence_forward(self, x, kernel, recurrent_kernel, bias, h0):
        self._setup(x, [h0])
        steps, batch, _ = self.xs.shape
        projected = (_flat(self.xs) @ kernel).reshape(steps, batch, kernel.shape[1])
        if bias is not None:
            projected += bias
        self.recurrent_kernel, self.kernel, self.has_bias = recurrent_kernel, kernel, bias is not None
        self.previous_h = np.empty((steps,) + h0.shape, dtype=x.dtype)
        self.new_h = np.empty_like(self.previous_h)
        return self._run(projected, [h0])

    def step(self, t, projected_t, states):
        h = states[0]
        self.previous_h[t] = h
        new_h = projected_t + h @ self.recurrent_kernel
        new_h = self.act(new_h)
        self.new_h[t] = new_h
        return [new_h]

    def step_backward(self, t, new_grads):
        pre_activation = new_grads[0] * self.act_grad(self.new_h[t])
        self.projected_grad[t] = pre_activation
        return [pre_activation @ self.recurrent_kernel.T]

    def sequence_backward(self, grad):
        self.projected_grad = np.empty_like(self.new_h)
        (h0_grad,) = self._loop_backward(grad)
        pg = self.projected_grad
        return (
            self._input_gradient(pg, self.kernel),
            self._kernel_gradient(pg),
            _flat(self.previous_h).T @ _flat(pg),
            _flat(pg).sum(axis=0) if self.has_bias else None,
            h0_grad,
        )


class LSTMSequence(_RecurrentSequence):
    """An LSTM (gates i, f, c, o in Keras's layout) over a sequence."""

    def sequence_forward(self, x, kernel, recurrent_kernel, bias, h0, c0):
        self._setup(x, [h0, c0])
        steps, batch, _ = self.xs.shape
        units = h0.shape[1]
        projected = (_flat(self.xs) @ kernel).reshape(steps, batch, 4 * units)
        if bias is not None:
            projected += bias
        self.units, self.kernel, self.recurrent_kernel = units, kernel, recurrent_kernel
        self.has_bias = bias is not None
        # `projected` becomes the activated gates in place, step by step.
        self.gates = projected
        self.previous_h = np.empty((steps, batch, units), dtype=x.dtype)
        self.previous_c = np.empty_like(self.previous_h)
        self.activated_c = np.empty_like(self.previous_h)
        return self._run(projected, [h0, c0])

    def step(self, t, z, states):
        h, c = states
        u = self.units
        self.previous_h[t], self.previous_c[t] = h, c
        z += h @ self.recurrent_kernel
        z[:, : 2 * u] = self.ract(z[:, : 2 * u])
        z[:, 2 * u: 3 * u] = self.act(z[:, 2 * u: 3 * u])
        z[:, 3 * u:] = self.ract(z[:, 3 * u:])
        i, f, g, o = z[:, :u], z[:, u: 2 * u], z[:, 2 * u: 3 * u], z[:, 3 * u:]
        new_c = f * c + i * g
        activated = self.act(new_c)
        self.activated_c[t] = activated
        return [o * activated, new_c]

    def step_backward(self, t, new_grads):
        h_grad, c_grad = new_grads
        u = self.units
        z = self.gates[t]
        i, f, g, o = z[:, :u], z[:, u: 2 * u], z[:, 2 * u: 3 * u], z[:, 3 * u:]
        activated = self.activated_c[t]
        c_grad = c_grad + h_grad * o * self.act_grad(activated)
        dz = self.projected_grad[t]
        dz[:, :u] = c_grad * g * self.ract_grad(i)
        dz[:, u: 2 * u] = c_grad * self.previous_c[t] * self.ract_grad(f)
        dz[:, 2 * u: 3 * u] = c_grad * i * self.act_grad(g)
        dz[:, 3 * u:] = h_grad * activated * self.ract_grad(o)
        return [dz @ self.recurrent_kernel.T, c_grad * f]

    def sequence_backward(self, grad):
        self.projected_grad = np.empty_like(self.gates)
        h0_grad, c0_grad = self._loop_backward(grad)
        pg = self.projected_grad
        return (
            self._input_gradient(pg, self.kernel),
            self._kernel_gradient(pg),
            _flat(self.previous_h).T @ _flat(pg),
            _flat(pg).sum(axis=0) if self.has_bias else None,
            h0_grad,
            c0_grad,
        )


class GRUSequence(_RecurrentSequence):
    """A GRU (gates z, r, h in Keras's layout) over a sequence; `reset_after`
    chooses where the reset gate applies, as in `GRUCell`."""

    def sequence_forward(self, x, kernel, recurrent_kernel, bias, h0):
        self._setup(x, [h0])
        steps, batch, _ = self.xs.shape
        units = h0.shape[1]
        self.units, self.kernel, self.recurrent_kernel = units, kernel, recurrent_kernel
        self.bias_shape = None if bias is None else bias.shape
        input_bias, self.recurrent_bias = bias, None
        if bias is not None and self.reset_after:
            input_bias, self.recurrent_bias = bias[0], bias[1]
        projected = (_flat(self.xs) @ kernel).reshape(steps, batch, 3 * units)
        if input_bias is not None:
            projected += input_bias
        self.projected = projected
        shape = (steps, batch, units)
        self.previous_h = np.empty(shape, dtype=x.dtype)
        self.update = np.empty(shape, dtype=x.dtype)
        self.reset = np.empty(shape, dtype=x.dtype)
        self.candidate = np.empty(shape, dtype=x.dtype)
        # reset_after: the recurrent part of the candidate, before the reset
        # gate multiplies it; otherwise the reset previous state r * h.
        self.reset_input = np.empty(shape, dtype=x.dtype)
        return self._run(projected, [h0])

    def step(self, t, x_t, states):
        h = states[0]
        u, kernel = self.units, self.recurrent_kernel
        self.previous_h[t] = h
        if self.reset_after:
            recurrent = h @ kernel
            if self.recurrent_bias is not None:
                recurrent += self.recurrent_bias
        else:
            recurrent = h @ kernel[:, : 2 * u]
        z = self.ract(x_t[:, :u] + recurrent[:, :u])
        r = self.ract(x_t[:, u: 2 * u] + recurrent[:, u: 2 * u])
        if self.reset_after:
            self.reset_input[t] = recurrent[:, 2 * u:]
            candidate = self.act(x_t[:, 2 * u:] + r * recurrent[:, 2 * u:])
        else:
            self.reset_input[t] = r * h
            candidate = self.act(x_t[:, 2 * u:] + self.reset_input[t] @ kernel[:, 2 * u:])
        self.update[t], self.reset[t], self.candidate[t] = z, r, candidate
        return [z * h + (1 - z) * candidate]

    def step_backward(self, t, new_grads):
        h_grad = new_grads[0]
        u, kernel = self.units, self.recurrent_kernel
        h, z, r = self.previous_h[t], self.update[t], self.reset[t]
        candidate = self.candidate[t]
        candidate_grad = h_grad * (1 - z) * self.act_grad(candidate)
        update_grad = h_grad * (h - candidate) * self.ract_grad(z)
        previous_grad = h_grad * z
        dx = self.projected_grad[t]
        dx[:, :u] = update_grad
        dx[:, 2 * u:] = candidate_grad
        if self.reset_after:
            dx[:, u: 2 * u] = candidate_grad * self.reset_input[t] * self.ract_grad(r)
            recurrent_grad = self.recurrent_grad[t]
            recurrent_grad[:, : 2 * u] = dx[:, : 2 * u]
            recurrent_grad[:, 2 * u:] = candidate_grad * r
            return [previous_grad + recurrent_grad @ kernel.T]
        reset_input_grad = candidate_grad @ kernel[:, 2 * u:].T
        dx[:, u: 2 * u] = reset_input_grad * h * self.ract_grad(r)
        previous_grad = previous_grad + reset_input_grad * r
        return [previous_grad + dx[:, : 2 * u] @ kernel[:, : 2 * u].T]

    def sequence_backward(self, grad):
        self.projected_grad = np.empty_like(self.projected)
        if self.reset_after:
            self.recurrent_grad = np.empty_like(self.projected)
        (h0_grad,) = self._loop_backward(grad)
        pg = self.projected_grad
        u = self.units
        if self.reset_after:
            recurrent_kernel_grad = _flat(self.previous_h).T @ _flat(self.recurrent_grad)
        else:
            recurrent_kernel_grad = np.concatenate(
                [_flat(self.previous_h).T @ _flat(pg[..., : 2 * u]),
                 _flat(self.reset_input).T @ _flat(pg[..., 2 * u:])], axis=1)
        bias_grad = None
        if self.bias_shape is not None:
            bias_grad = _flat(pg).sum(axis=0)
            if self.reset_after:
                bias_grad = np.stack([bias_grad, _flat(self.recurrent_grad).sum(axis=0)])
        return (
            self._input_gradient(pg, self.kernel),
            self._kernel_gradient(pg),
            recurrent_kernel_grad,
            bias_grad,
            h0_grad,
        )


class TakeRows(Function):
    """`a[:, start:stop]` (or `a[:, start]` when `squeeze`), with a backward
    that writes the gradient into zeros instead of scattering with add.at."""

    squeeze = False

    def forward(self, a):
        self.shape, self.dtype = a.shape, a.dtype
        index = self.start if self.squeeze else slice(self.start, self.stop)
        return a[:, index]

    def backward(self, grad):
        full = np.zeros(self.shape, dtype=grad.dtype)
        index = self.start if self.squeeze else slice(self.start, self.stop)
        full[:, index] = grad
        return (full,)


def take_rows(a, start, stop=None):
    """Rows `start:stop` of axis 1 of `a`; row `start` alone when `stop` is None."""
    if stop is None:
        return TakeRows.apply(a, start=start, squeeze=True)
    return TakeRows.apply(a, start=start, stop=stop)


class ReverseTime(Function):
    """`a[:, ::-1]`: the timesteps of a batch-major sequence in reverse order."""

    def forward(self, a):
        return np.ascontiguousarray(a[:, ::-1])

    def backward(self, grad):
        return (np.ascontiguousarray(grad[:, ::-1]),)
