"""Primitives for convolutional networks: convolution, transposed convolution,
pooling, padding and normalization over batch statistics.

Everything works on 4-D channels-last arrays (batch, height, width, channels);
1-D layers add a height of 1. Convolutions gather the receptive fields of a
few images at a time into one matrix (im2col, a strided view copied) and do
one GEMM per block of images; their backward scatters the column gradients
back with one strided slice addition per kernel position (kh * kw
iterations), never per pixel.
"""

import numpy as np
from numpy.lib.stride_tricks import as_strided

from kerasish.backend import threads
from kerasish.backend.scratch import Primitive
from kerasish.backend.tensor import Tensor

# ------------------------------------------------------------------ geometry


def effective_kernel_size(kernel_size, dilation):
    return (kernel_size - 1) * dilation + 1


def conv_output_length(length, kernel_size, stride, dilation, padding):
    """Output length of a convolution or pooling along one axis, as Keras
    computes it ('valid': only full windows; 'same'/'causal': ceil(L / s))."""
    if length is None:
        return None
    if padding == "valid":
        return (length - effective_kernel_size(kernel_size, dilation)) // stride + 1
    return -(-length // stride)


def padding_amounts(length, kernel_size, stride, dilation, padding):
    """(before, after) zero padding along one axis. 'same' splits the padding
    as TensorFlow does (the extra element goes after); 'causal' pads before."""
    if padding == "valid":
        return 0, 0
    effective = effective_kernel_size(kernel_size, dilation)
    if padding == "causal":
        return effective - 1, 0
    output = conv_output_length(length, kernel_size, stride, dilation, padding)
    total = max((output - 1) * stride + effective - length, 0)
    return total // 2, total - total // 2


def _pad_spatial(x, pads, value=0):
    if not any(before or after for before, after in pads):
        return x
    return np.pad(x, ((0, 0),) + tuple(pads) + ((0, 0),), constant_values=value)


def _positions(kernel, strides, dilation, output_hw):
    """Yields (i, j, index) where `index` selects, in the padded input, the
    elements that kernel position (i, j) sees for every output pixel."""
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = kernel, strides, dilation, output_hw
    for i in range(kh):
        for j in range(kw):
            rows = slice(i * dh, i * dh + sh * (oh - 1) + 1, sh)
            cols = slice(j * dw, j * dw + sw * (ow - 1) + 1, sw)
            yield i, j, (slice(None), rows, cols, slice(None))


def _windows(xp, kernel, strides, dilation, output_hw):
    """A read-only strided view (batch, oh, ow, kh, kw, channels) of every
    receptive field of the padded input `xp`; no data is copied."""
    n, _, _, c = xp.shape
    s_n, s_h, s_w, s_c = xp.strides
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = kernel, strides, dilation, output_hw
    return as_strided(
        xp,
        shape=(n, oh, ow, kh, kw, c),
        strides=(s_n, s_h * sh, s_w * sw, s_h * dh, s_w * dw, s_c),
        writeable=False,
    )


def _col2im(columns, result, kernel, strides, dilation):
    """The adjoint of `_windows`: adds the gradient of every receptive field
    (batch, oh, ow, kh, kw, channels) into `result`, the padded input's
    gradient."""
    output_hw = columns.shape[1:3]
    for i, j, index in _positions(kernel, strides, dilation, output_hw):
        result[index] += columns[:, :, :, i, j, :]
    return result


def _channel_major_columns(xp, kernel, strides, dilation, output_hw):
    """The im2col matrix transposed, plus a last row of ones: row
    (i * kw + j) * channels + c holds what kernel position (i, j) sees of
    channel c at every output pixel. Each row is one strided slice of the
    input, copied in long runs, where the usual layout copies `channels`
    elements at a time."""
    n, _, _, channels = xp.shape
    (kh, kw), (oh, ow) = kernel, output_hw
    columns = np.empty((kh * kw * channels + 1, n * oh * ow), dtype=xp.dtype)
    columns[-1] = 1
    gathered = columns[:-1].reshape(kh, kw, channels, n, oh, ow)  # a view
    for i, j, index in _positions(kernel, strides, dilation, output_hw):
        np.copyto(gathered[i, j], np.moveaxis(xp[index], 3, 0))
    return columns


def _crop(xp, pads, shape):
    (top, _), (left, _) = pads
    return xp[:, top : top + shape[1], left : left + shape[2], :]


def _requires_grad(x):
    return isinstance(x, Tensor) and x.requires_grad


# -------------------------------------------------------------- convolutions


def _matmul_per_group(a, b, out=None):
    """a[g] @ b[g] for each group g, as 2-D GEMMs: NumPy's stacked matmul is
    several times slower on the transposed, very unequal operands of a
    convolution's backward. `out` (groups, rows, columns) may be a strided
    view, such as the groups of a channels-last output."""
    if out is None:
        out = np.empty((a.shape[0], a.shape[1], b.shape[2]), dtype=np.result_type(a, b))
    for g in range(a.shape[0]):
        np.matmul(a[g], b[g], out=out[g])
    return out


class _GroupedGemm:
    """Multiplies im2col columns by a kernel whose input channels are split
    into `groups` (groups=1 is an ordinary convolution; groups=channels with a
    one-channel kernel per group is a depthwise convolution)."""

    @staticmethod
    def columns_by_group(windows, groups):
        n, oh, ow, kh, kw, c = windows.shape
        rows = n * oh * ow
        if groups == 1:
            return windows.reshape(1, rows, kh * kw * c)
        grouped = windows.reshape(n, oh, ow, kh, kw, groups, c // groups)
        return np.moveaxis(grouped, 5, 0).reshape(groups, rows, kh * kw * (c // groups))

    # groups=1 (every ordinary convolution) takes a plain reshape: np.moveaxis
    # costs about 10 us of Python a call, and the blocks call these helpers
    # about 90 times a training step of the MNIST convnet.

    @staticmethod
    def kernel_by_group(kernel, groups):
        kh, kw, cg, out = kernel.shape
        if groups == 1:
            return kernel.reshape(1, kh * kw * cg, out)
        grouped = kernel.reshape(kh, kw, cg, groups, out // groups)
        return np.moveaxis(grouped, 3, 0).reshape(groups, kh * kw * cg, out // groups)

    @staticmethod
    def kernel_from_groups(grad, kernel_shape, groups):
        kh, kw, cg, out = kernel_shape
        if groups == 1:
            return grad.reshape(kernel_shape)
        grad = grad.reshape(groups, kh, kw, cg, out // groups)
        return np.moveaxis(grad, 0, 3).reshape(kernel_shape)

    @staticmethod
    def outputs_by_group(grad, groups):
        """(batch, oh, ow, out) -> (groups, rows, out // groups)."""
        out = grad.shape[-1]
        if groups == 1:
            return grad.reshape(1, -1, out)
        grouped = grad.reshape(-1, groups, out // groups)
        return np.moveaxis(grouped, 1, 0)

    @staticmethod
    def outputs_from_groups(result, spatial_shape):
        """(groups, rows, out_per_group) -> (*spatial_shape, groups * out_per_group)."""
        groups, _, per_group = result.shape
        if groups == 1:
            return result.reshape(tuple(spatial_shape) + (per_group,))
        return np.moveaxis(result, 0, 1).reshape(tuple(spatial_shape) + (groups * per_group,))

    @staticmethod
    def windows_from_groups(grad, windows_shape, groups):
        """(groups, rows, kh*kw*cg) -> (batch, oh, ow, kh, kw, channels)."""
        if groups == 1:
            return grad.reshape(windows_shape)  # a view, no copy
        n, oh, ow, kh, kw, c = windows_shape
        grad = grad.reshape(groups, n, oh, ow, kh, kw, c // groups)
        return np.moveaxis(grad, 0, 5).reshape(windows_shape)


# Bytes of the arrays one block of a convolution works on (im2col columns,
# outputs, gradients): about the L2 cache of a core or two (1 MiB or more on
# current x86 CPUs), so that each pass over a block finds most of it there.
# On one thread, blocks of 1 and 2 MiB train the MNIST convnet equally fast;
# on two, 2 MiB blocks are faster (about 0.5-1 ms of a 25 ms step): half as
# many blocks means half as many hand-overs of the interpreter lock between
# the threads (about 60 thread switches a step instead of 160).
_BACKWARD_BLOCK_BYTES = 2 << 20
_FORWARD_BLOCK_BYTES = 2 << 20
# When the input needs no gradient (a first layer), the backward is mostly the
# kernel gradient: a GEMM whose inner dimension is a block's rows. With few
# input channels (a thin matrix) BLAS runs it twice as fast in slices of
# about this many rows as in one call over many more.
_KERNEL_GRADIENT_BLOCK_ROWS = 2048


class Conv2D(Primitive):
    """Cross-correlation of (batch, h, w, in) with a (kh, kw, in / groups, out)
    kernel, optionally followed by a bias and a relu in the same node (no
    intermediate arrays). Attributes: strides, dilation, pads ((top, bottom),
    (left, right)), groups, relu, input_needs_grad.

    The batch is processed a few images at a time: a block's im2col columns,
    its GEMM result and the element-wise passes over it (bias, relu, relu
    mask) stay in the cache, where whole-batch passes would stream each
    intermediate array through memory. The backward gathers each block's
    columns again instead of keeping the whole batch's from the forward: a
    copy within the cache costs less than storing and reloading them."""

    relu = False

    @classmethod
    def apply(cls, x, kernel, bias=None, **attributes):
        attributes["input_needs_grad"] = _requires_grad(x)
        inputs = (x, kernel) if bias is None else (x, kernel, bias)
        return super().apply(*inputs, **attributes)

    def forward(self, x, kernel, bias=None):
        self._prepare(x, kernel, bias)
        n, filters = x.shape[0], kernel.shape[-1]
        out = np.empty((n,) + self.output_hw + (filters,),
                       dtype=np.result_type(self.xp, self.kernel_matrix))
        recording = any(self.needs_grad_of(i) for i in range(3 if self.has_bias else 2))
        self.positive = np.empty(out.shape, dtype=bool) if self.relu and recording else None
        blocks = self._blocks()
        zeros = np.zeros_like(out[blocks[0]]) if self.relu else None
        # Each block writes only its own images: the blocks run on the pool.
        threads.map_blocks(lambda images: self._forward_block(images, out, bias, zeros), blocks)
        return out

    def _forward_block(self, images, out, bias, zeros):
        """The output (and relu mask) of one block of images."""
        block = out[images]
        _matmul_per_group(self._columns(images), self.kernel_matrix,
                          out=_GroupedGemm.outputs_by_group(block, self.groups))
        if self.has_bias and not self.bias_in_gemm:
            block += bias
        if self.relu:
            # maximum(0, x) rather than maximum(x, 0): NumPy's loop with a
            # scalar is several times slower than with an array, and zero
            # first turns -0.0 into 0.0.
            np.maximum(zeros[: len(block)], block, out=block)
            if self.positive is not None:
                np.greater(block, 0, out=self.positive[images])

    def _prepare(self, x, kernel, bias):
        """Geometry, padded input and kernel matrix shared by both passes."""
        kh, kw, _, filters = kernel.shape
        self.kernel_hw = (kh, kw)
        self.input_shape = x.shape
        self.xp = _pad_spatial(x, self.pads)
        self.output_hw = tuple(
            (self.xp.shape[1 + a] - effective_kernel_size(self.kernel_hw[a], self.dilation[a]))
            // self.strides[a] + 1
            for a in (0, 1)
        )
        self.windows = _windows(self.xp, self.kernel_hw, self.strides, self.dilation,
                                self.output_hw)
        self.kernel = kernel
        self.has_bias = bias is not None
        # With few input channels (an image's first layer), gathering the
        # columns channel by channel is much faster, and a row of ones in
        # them lets the GEMM add the bias (and its gradient sum the bias's).
        # Such columns are small next to the output: they are gathered once
        # for the whole batch and kept for the backward.
        self.bias_in_gemm = self.has_bias and self.groups == 1 and x.shape[-1] <= 4
        if self.bias_in_gemm:
            self.channel_major_columns = _channel_major_columns(
                self.xp, self.kernel_hw, self.strides, self.dilation, self.output_hw)
            self.kernel_matrix = np.concatenate([kernel.reshape(-1, filters), bias[None]])[None]
        else:
            self.kernel_matrix = _GroupedGemm.kernel_by_group(kernel, self.groups)

    def _blocks(self, backward=False):
        """Slices of the batch, each as many images as fit the block bytes."""
        n, (oh, ow) = self.xp.shape[0], self.output_hw
        _, depth, filters = self.kernel_matrix.shape
        depth, filters = depth * self.groups, filters * self.groups
        # Per output pixel: its columns and output; the backward adds the
        # masked gradient and the input gradient's product.
        row_items = depth + filters + (filters + self.xp.shape[-1] if backward else 0)
        budget = _BACKWARD_BLOCK_BYTES if backward else _FORWARD_BLOCK_BYTES
        size = budget // max(1, oh * ow * row_items * self.xp.itemsize)
        if backward and not self.input_needs_grad:
            size = min(size, _KERNEL_GRADIENT_BLOCK_ROWS // max(1, oh * ow))
        return threads.batch_blocks(n, size)

    def _columns(self, images):
        """The im2col matrix of a block of images, (groups, rows, depth)."""
        if self.bias_in_gemm:
            pixels = self.output_hw[0] * self.output_hw[1]
            rows = slice(images.start * pixels, images.stop * pixels)
            return self.channel_major_columns[:, rows].T[None]
        return _GroupedGemm.columns_by_group(self.windows[images], self.groups)

    def backward(self, grad):
        blocks = self._blocks(backward=True)
        grad_padded = np.zeros(self.xp.shape, dtype=grad.dtype) if self.input_needs_grad else None
        if grad_padded is not None and self.groups == 1:
            # Contiguous (out, in) matrices per kernel position: BLAS multiplies
            # the small blocks by them faster than by transposed views.
            self.kernel_transposed = np.ascontiguousarray(np.swapaxes(self.kernel, 2, 3))
        if self._kernel_gradient_is_thin():
            parts = self._thin_kernel_gradient_parts(grad, blocks)
        else:
            # The blocks run on the pool; their kernel and bias gradients are
            # summed afterwards in block order, the same sums whatever the
            # number of threads.
            parts = threads.map_blocks(
                lambda images: self._backward_block(grad, images, grad_padded), blocks)
        grad_matrix = grad_bias = 0
        for block_matrix, block_bias in parts:
            grad_matrix = grad_matrix + block_matrix
            grad_bias = grad_bias + block_bias
        if self.bias_in_gemm:  # the ones row of the columns summed the gradient
            grad_bias, grad_matrix = grad_matrix[0, -1], grad_matrix[:, :-1]
        grad_kernel = _GroupedGemm.kernel_from_groups(grad_matrix, self.kernel.shape, self.groups)
        grad_x = None if grad_padded is None else _crop(grad_padded, self.pads, self.input_shape)
        return (grad_x, grad_kernel, grad_bias) if self.has_bias else (grad_x, grad_kernel)

    def _backward_block(self, grad, images, grad_padded):
        """One block's kernel-matrix and bias gradients (0 when there is no
        separate bias); its input gradient goes into its images of
        `grad_padded`."""
        block = self._through_relu(grad, images)
        grad_groups = _GroupedGemm.outputs_by_group(block, self.groups)
        columns = np.swapaxes(self._columns(images), 1, 2)
        grad_matrix = _matmul_per_group(columns, grad_groups)
        grad_bias = 0
        if self.has_bias and not self.bias_in_gemm:
            # A matrix-vector product sums over the pixels more accurately
            # than NumPy's row-by-row sum over outer axes, and faster.
            rows = block.reshape(-1, block.shape[-1])
            grad_bias = np.ones(rows.shape[0], dtype=grad.dtype) @ rows
        if grad_padded is not None:
            self._add_input_gradient(block, grad_groups, grad_padded[images])
        return grad_matrix, grad_bias

    def _kernel_gradient_is_thin(self):
        """True for a first layer on few channels: no input gradient, and a
        kernel gradient whose products are only kh * kw * channels + 1 rows
        deep (10 for a 3x3 kernel on one channel)."""
        return self.bias_in_gemm and not self.input_needs_grad

    def _thin_kernel_gradient_parts(self, grad, blocks):
        """`_backward_block`'s (kernel-matrix gradient, 0) for each block,
        the same numbers, in two passes: the relu mask over the whole
        gradient on the pool's threads, then the blocks' products in turn on
        this thread. Products this thin (10 x 2048 by 2048 x 32) measured
        no faster on two threads than on one: they do not overlap, and
        handing them out only added waiting; the mask, a pass over memory,
        does overlap."""
        masked = grad
        if self.relu:
            masked = grad if self.grad_is_scratch else np.empty_like(grad)
            threads.map_blocks(lambda images: self._through_relu(grad, images, masked[images]),
                               _memory_blocks(grad))
        return [(_matmul_per_group(np.swapaxes(self._columns(images), 1, 2),
                                   _GroupedGemm.outputs_by_group(masked[images], 1)), 0)
                for images in blocks]

    def _through_relu(self, grad, images, out=None):
        """A block of the output gradient, zeroed where the relu was (into
        `out`, which may be that block of `grad` itself, or a new array), or
        the block itself without relu."""
        if not self.relu:
            return grad[images]
        # The mask as floats, then a float product: NumPy multiplies a float
        # array by a bool one several times slower.
        mask = np.empty_like(grad[images])
        np.copyto(mask, self.positive[images])
        return np.multiply(grad[images], mask, out=mask if out is None else out)

    def _add_input_gradient(self, grad, grad_groups, grad_padded):
        """Adds a block's input gradient into `grad_padded` (that block's
        slice of the padded input's gradient)."""
        if self.groups == 1 and self.strides[0] == 1:
            self._add_input_gradient_by_kernel_column(grad, grad_padded)
            return
        if self.groups == 1:
            self._add_input_gradient_by_kernel_position(grad, grad_padded)
            return
        grad_columns = _matmul_per_group(grad_groups, np.swapaxes(self.kernel_matrix, 1, 2))
        n, (oh, ow), (kh, kw) = grad.shape[0], self.output_hw, self.kernel_hw
        windows_shape = (n, oh, ow, kh, kw, self.xp.shape[-1])
        grad_windows = _GroupedGemm.windows_from_groups(grad_columns, windows_shape, self.groups)
        _col2im(grad_windows, grad_padded, self.kernel_hw, self.strides, self.dilation)

    def _add_input_gradient_by_kernel_position(self, grad, grad_padded):
        """One GEMM per kernel position (i, j), each added to the input pixels
        that position saw. Unlike one GEMM for all positions followed by
        `_col2im`, every addition runs over whole rows of the image rather than
        over `channels` elements at a time, which is several times faster."""
        n, oh, ow, out = grad.shape
        in_channels = self.kernel.shape[2]
        grad_rows = grad.reshape(-1, out)
        product = np.empty((grad_rows.shape[0], in_channels), dtype=grad.dtype)
        for i, j, index in _positions(self.kernel_hw, self.strides, self.dilation, (oh, ow)):
            np.matmul(grad_rows, self.kernel_transposed[i, j], out=product)
            grad_padded[index] += product.reshape(n, oh, ow, in_channels)

    def _add_input_gradient_by_kernel_column(self, grad, grad_padded):
        """`_add_input_gradient_by_kernel_position` with fewer strided
        additions, for a row stride of 1. The products of one kernel column j
        shift by whole image rows from one kernel row to the next: laid out
        `ow` pixels a row, like the output, they add up as long contiguous
        runs, and only their sum is added to the strided columns j sees."""
        n, oh, ow, out = grad.shape
        (kh, kw), (dh, dw), sw = self.kernel_hw, self.dilation, self.strides[1]
        in_channels = self.kernel.shape[2]
        grad_rows = grad.reshape(-1, out)
        product = np.empty((n, oh, ow, in_channels), dtype=grad.dtype)
        # Every padded input row (stride 1: oh + (kh - 1) * dh of them).
        column_sum = np.empty((n, grad_padded.shape[1], ow, in_channels), dtype=grad.dtype)
        products = product.reshape(-1, in_channels)
        for j in range(kw):
            column_sum[:, oh:] = 0
            for i in range(kh):
                np.matmul(grad_rows, self.kernel_transposed[i, j], out=products)
                rows = column_sum[:, i * dh : i * dh + oh]
                if i == 0:
                    np.copyto(rows, product)
                else:
                    rows += product
            seen = grad_padded[:, :, j * dw : j * dw + sw * (ow - 1) + 1 : sw]
            if j == 0:  # the first writes to this block's (zeroed) gradient
                np.copyto(seen, column_sum)
            else:
                seen += column_sum


class Conv2DTranspose(Primitive):
    """The transpose (input gradient) of `Conv2D`: maps (batch, h, w, in) to
    (batch, *output_hw, filters) with a (kh, kw, filters, in) kernel.
    Attributes: strides, dilation, pads of the equivalent forward convolution
    (the one whose input has `output_hw`) and output_hw."""

    def forward(self, x, kernel):
        kh, kw, filters, in_channels = kernel.shape
        n, h, w, _ = x.shape
        self.kernel_hw = (kh, kw)
        self.input_hw = (h, w)
        self.kernel_shape = kernel.shape
        self.x_matrix = x.reshape(-1, in_channels)
        self.kernel_matrix = kernel.reshape(-1, in_channels)
        windows_grad = (self.x_matrix @ self.kernel_matrix.T).reshape(n, h, w, kh, kw, filters)
        (top, bottom), (left, right) = self.pads
        padded_shape = (
            n, self.output_hw[0] + top + bottom, self.output_hw[1] + left + right, filters
        )
        full = np.zeros(padded_shape, dtype=windows_grad.dtype)
        _col2im(windows_grad, full, self.kernel_hw, self.strides, self.dilation)
        return np.ascontiguousarray(_crop(full, self.pads, (n,) + tuple(self.output_hw)))

    def backward(self, grad):
        padded = _pad_spatial(grad, self.pads)
        windows = _windows(padded, self.kernel_hw, self.strides, self.dilation, self.input_hw)
        columns = windows.reshape(self.x_matrix.shape[0], -1)
        grad_x = (columns @ self.kernel_matrix).reshape((grad.shape[0],) + self.input_hw + (-1,))
        grad_kernel = (columns.T @ self.x_matrix).reshape(self.kernel_shape)
        return grad_x, grad_kernel


# ------------------------------------------------------------------- pooling


class MaxPool2D(Primitive):
    """Maximum over each window. Padding counts as -inf. Like TensorFlow, the
    gradient of a window goes to its first maximum in row-major order.
    Attributes: pool, strides, pads."""

    def forward(self, x):
        self.input_shape = x.shape
        self.tiled = self._windows_tile_the_input()
        if self.tiled:
            return self._forward_tiled(x)
        self.xp = _pad_spatial(x, self.pads, value=-np.inf)
        self.output_hw = _pool_output_hw(self.xp.shape, self.pool, self.strides)
        out = None
        for _, _, index in _positions(self.pool, self.strides, (1, 1), self.output_hw):
            out = self.xp[index].copy() if out is None else np.maximum(out, self.xp[index], out=out)
        self.out = out
        return out

    def backward(self, grad):
        if self.tiled:
            return (self._backward_tiled(grad),)
        grad_padded = np.zeros(self.xp.shape, dtype=grad.dtype)
        taken = np.zeros(self.out.shape, dtype=bool)
        # Windows that do not overlap each own their elements: plain assignment
        # is then enough, and much faster than accumulating.
        overlapping = any(s < p for s, p in zip(self.strides, self.pool))
        winner = np.empty(self.out.shape, dtype=bool)
        for _, _, index in _positions(self.pool, self.strides, (1, 1), self.output_hw):
            np.equal(self.xp[index], self.out, out=winner)
            np.greater(winner, taken, out=winner)  # a maximum not already taken
            taken |= winner
            if overlapping:
                grad_padded[index] += grad * winner
            else:
                np.multiply(grad, winner, out=grad_padded[index])
        return (_crop(grad_padded, self.pads, self.input_shape),)

    # The common case (2x2 windows, stride 2, no padding) has windows that
    # tile the input: splitting height and width into (window, offset) makes
    # them axes of a view, and the forward can record which offset wins, so
    # that the backward needs no comparisons of floats.

    def _windows_tile_the_input(self):
        no_padding = not any(before or after for before, after in self.pads)
        return (
            no_padding
            and tuple(self.strides) == tuple(self.pool)
            and self.pool[0] * self.pool[1] <= 256  # offsets fit in uint8
        )

    def _tiles(self, array):
        """(batch, oh, ph, ow, pw, channels) view of the windows of `array`,
        leaving out the rows and columns that no full window covers."""
        (ph, pw), (n, h, w, c) = self.pool, array.shape
        oh, ow = h // ph, w // pw
        return array[:, : oh * ph, : ow * pw].reshape(n, oh, ph, ow, pw, c)

    def _offsets(self):
        """(row, column) of each position inside a window, in row-major order."""
        ph, pw = self.pool
        return [(k // pw, k % pw) for k in range(ph * pw)]

    def _forward_tiled(self, x):
        tiles = self._tiles(x)
        best = np.empty(tiles[:, :, 0, :, 0].shape, dtype=x.dtype)
        winner = np.empty(best.shape, dtype=np.uint8) if self.needs_grad_of(0) else None
        threads.map_blocks(lambda images: self._forward_tiled_block(tiles[images], best[images],
                                                                    winner, images),
                           _memory_blocks(x))
        self.winner = winner
        return best

    def _forward_tiled_block(self, tiles, best, winner, images):
        """Fills `best` (and `winner[images]` when recording) for a block."""
        np.copyto(best, tiles[:, :, 0, :, 0])
        # Each window offset is a strided view whose contiguous runs are only
        # `channels` long: NumPy's arithmetic loops pay a fixed cost per run,
        # its copies much less. Copying the view into a contiguous buffer,
        # then comparing, is about twice as fast as comparing the view.
        candidate = np.empty_like(best)
        if winner is None:
            for i, j in self._offsets()[1:]:
                np.copyto(candidate, tiles[:, :, i, :, j])
                np.maximum(best, candidate, out=best)
            return
        # `winner` holds the offset index of the first maximum seen so far;
        # only a strictly greater value takes over, so ties keep the first.
        # Offsets come in increasing order, so the last one to take over is
        # also the largest: a maximum of indices records it.
        winner = winner[images]
        winner.fill(0)
        greater = np.empty(best.shape, dtype=bool)
        for k, (i, j) in enumerate(self._offsets()[1:], start=1):
            np.copyto(candidate, tiles[:, :, i, :, j])
            np.greater(candidate, best, out=greater)
            np.maximum(best, candidate, out=best)
            np.maximum(winner, greater.view(np.uint8) * np.uint8(k), out=winner)

    def _backward_tiled(self, grad):
        grad_x = np.empty(self.input_shape, dtype=grad.dtype)
        (ph, pw), (_, h, w, _) = self.pool, self.input_shape
        grad_x[:, h - h % ph :] = 0  # the ragged edge no window covers
        grad_x[:, :, w - w % pw :] = 0
        tiles = self._tiles(grad_x)  # a view: writing to it fills grad_x
        threads.map_blocks(lambda images: self._backward_tiled_block(
            grad[images], self.winner[images], tiles[images]), _memory_blocks(grad_x))
        return grad_x

    def _backward_tiled_block(self, grad, winner, tiles):
        is_winner = np.empty(grad.shape, dtype=bool)
        for k, (i, j) in enumerate(self._offsets()):
            np.equal(winner, k, out=is_winner)
            np.multiply(grad, is_winner, out=tiles[:, :, i, :, j])


class AvgPool2D(Primitive):
    """Mean over each window; like TensorFlow, padded positions are left out
    of the count. Attributes: pool, strides, pads."""

    def forward(self, x):
        self.input_shape = x.shape
        xp = _pad_spatial(x, self.pads)
        self.padded_shape = xp.shape
        self.output_hw = _pool_output_hw(xp.shape, self.pool, self.strides)
        total = np.zeros((x.shape[0],) + self.output_hw + (x.shape[3],), dtype=x.dtype)
        for _, _, index in _positions(self.pool, self.strides, (1, 1), self.output_hw):
            total += xp[index]
        self.count = self._window_counts(x.shape[1:3]).astype(x.dtype)
        return total / self.count

    def _window_counts(self, input_hw):
        """How many real (unpadded) elements each output window covers, (oh, ow, 1)."""
        counts = []
        for axis in (0, 1):
            before = self.pads[axis][0]
            starts = np.arange(self.output_hw[axis]) * self.strides[axis] - before
            ends = np.minimum(starts + self.pool[axis], input_hw[axis])
            counts.append(ends - np.maximum(starts, 0))
        return (counts[0][:, None] * counts[1][None, :])[..., None]

    def backward(self, grad):
        share = grad / self.count
        grad_padded = np.zeros(self.padded_shape, dtype=grad.dtype)
        for _, _, index in _positions(self.pool, self.strides, (1, 1), self.output_hw):
            grad_padded[index] += share
        return (_crop(grad_padded, self.pads, self.input_shape),)


def _memory_blocks(array):
    """Slices of `array`'s batch for the pool's threads, about
    `_BACKWARD_BLOCK_BYTES` of it each: for passes that are memory traffic
    (masks, pooling), which blocks only share out."""
    image_bytes = max(1, array[:1].nbytes)
    return threads.batch_blocks(len(array), max(1, _BACKWARD_BLOCK_BYTES // image_bytes))


def _pool_output_hw(padded_shape, pool, strides):
    return tuple((padded_shape[1 + a] - pool[a]) // strides[a] + 1 for a in (0, 1))


# --------------------------------------------------------------- padding


class Pad(Primitive):
    """Constant padding; `widths` is one (before, after) pair per axis."""

    def forward(self, x):
        self.index = tuple(slice(b, b + n) for (b, _), n in zip(self.widths, x.shape))
        return np.pad(x, self.widths, constant_values=self.constant_values)

    def backward(self, grad):
        return (grad[self.index],)


class MirrorPad(Primitive):
    """Padding with mirror images of `x` along each axis: `mode` "reflect"
    (the edge element not repeated) or "symmetric" (repeated), as np.pad
    does. Attributes: widths (one (before, after) pair per axis), mode.

    Every output element is a copy of one element of `x`, so the gradient
    sums the output gradient back along that map (`source`: the flat index
    in `x` of each output element)."""

    def forward(self, x):
        self.input_shape = x.shape
        if self.needs_grad_of(0):  # the map only serves the backward
            index_type = np.int32 if x.size < 2**31 else np.int64
            indices = np.arange(x.size, dtype=index_type).reshape(x.shape)
            self.source = np.pad(indices, self.widths, mode=self.mode)
        return np.pad(x, self.widths, mode=self.mode)

    def backward(self, grad):
        summed = np.bincount(self.source.ravel(), weights=grad.ravel(),
                             minlength=int(np.prod(self.input_shape)))
        return (summed.astype(grad.dtype).reshape(self.input_shape),)


# ---------------------------------------------------------- normalization


class NormalizeWithMoments(Primitive):
    """(x - mean) / sqrt(variance + epsilon) where `mean` and `variance` are
    x's own moments over `axes` (given as attributes, computed once by the
    caller, who also needs them). The backward accounts for the moments
    depending on x. Attributes: axes, mean, variance, epsilon.

    Over a large batch (batch normalization of a convolution's output) both
    passes run in blocks of images on the pool; `_whole_forward` and
    `_whole_backward` are the same computation in one piece."""

    def forward(self, x):
        self.inv_std = 1.0 / np.sqrt(self.variance + self.epsilon)
        blocks = _moment_blocks(x, self.axes)
        if blocks is None:
            self.normalized = self._whole_forward(x)
            return self.normalized
        self.normalized = np.empty(x.shape, dtype=np.result_type(x, self.mean, self.inv_std))

        def normalize(images):
            out = self.normalized[images]
            np.subtract(x[images], self.mean, out=out)
            out *= self.inv_std

        threads.map_blocks(normalize, blocks)
        return self.normalized

    def _whole_forward(self, x):
        return (x - self.mean) * self.inv_std

    def backward(self, grad):
        blocks = _moment_blocks(grad, self.axes)
        if blocks is None or self.normalized.shape != grad.shape:
            return (self._whole_backward(grad),)
        axes, normalized = _positive_axes(self.axes, grad.ndim), self.normalized

        def sums(images):  # float64 sums of grad and grad * normalized over a block
            block = grad[images]
            return (np.add.reduce(block, axis=axes, keepdims=True, dtype=np.float64),
                    np.add.reduce(block * normalized[images], axis=axes, keepdims=True,
                                  dtype=np.float64))

        count = _count(grad.shape, axes)
        partial = threads.map_blocks(sums, blocks)
        mean_grad = (_ordered_sum([p[0] for p in partial]) / count).astype(grad.dtype)
        mean_grad_x = (_ordered_sum([p[1] for p in partial]) / count).astype(grad.dtype)
        grad_x = np.empty(grad.shape, dtype=np.result_type(grad, normalized, self.inv_std))

        def combine(images):  # the whole backward's expression, in its order
            out = grad_x[images]
            np.subtract(grad[images], mean_grad, out=out)
            out -= normalized[images] * mean_grad_x
            out *= self.inv_std

        threads.map_blocks(combine, blocks)
        return (grad_x,)

    def _whole_backward(self, grad):
        mean_grad = accurate_mean(grad, self.axes)
        mean_grad_x = accurate_mean(grad * self.normalized, self.axes)
        return self.inv_std * (grad - mean_grad - self.normalized * mean_grad_x)


# Moments over the batch axis of an array this large are taken in blocks of
# about _BACKWARD_BLOCK_BYTES on the pool; smaller ones in one pass.
_MOMENT_PARALLEL_BYTES = 4 << 20


def _positive_axes(axes, ndim):
    return tuple(sorted(a % ndim for a in axes))


def _count(shape, axes):
    count = 1
    for axis in axes:
        count *= shape[axis]
    return count


def _ordered_sum(parts):
    """Sum of the blocks' partial sums in block order (the same whatever
    the thread count)."""
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def _moment_blocks(x, axes):
    """Slices of the batch for moments and normalization over `axes`, or None
    when the batch axis is not reduced or the array is small (one pass).
    Chosen from the shape alone, so results never depend on the threads."""
    axes = _positive_axes(axes, x.ndim) if x.ndim else ()
    if 0 not in axes or x.ndim < 2 or x.shape[0] < 2 or x.nbytes < _MOMENT_PARALLEL_BYTES:
        return None
    return threads.batch_blocks(x.shape[0], max(1, _BACKWARD_BLOCK_BYTES // max(1, x[:1].nbytes)))


def accurate_mean(x, axes):
    """Mean over `axes` (kept as size 1) accumulated in float64, cast back.

    NumPy sums outer axes of a float32 array one row at a time, so the
    rounding error grows with the count (~1e-3 relative over a batch of
    feature maps); batch statistics need better, and float64 costs little.
    A large batch is summed in blocks on the pool, the blocks' sums added
    in block order."""
    blocks = _moment_blocks(x, axes)
    if blocks is None:
        return x.mean(axis=axes, keepdims=True, dtype=np.float64).astype(x.dtype)
    axes = _positive_axes(axes, x.ndim)
    partial = threads.map_blocks(
        lambda images: np.add.reduce(x[images], axis=axes, keepdims=True, dtype=np.float64),
        blocks)
    return (_ordered_sum(partial) / _count(x.shape, axes)).astype(x.dtype)
