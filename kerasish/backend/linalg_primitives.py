"""Differentiable linear-algebra primitives over batches of matrices (the
last two axes), with the standard matrix-calculus backwards."""

import numpy as np

from kerasish.backend.tensor import Function


def _t(a):
    return np.swapaxes(a, -1, -2)


class Inverse(Function):
    def forward(self, a):
        self.out = np.linalg.inv(a)
        return self.out

    def backward(self, grad):
        # d(A^-1) = -A^-1 dA A^-1, so dL/dA = -A^-T G A^-T.
        inverse_t = _t(self.out)
        return (-(inverse_t @ grad @ inverse_t),)


class Determinant(Function):
    def forward(self, a):
        self.a = a
        self.out = np.linalg.det(a)
        return self.out

    def backward(self, grad):
        # d det(A) = det(A) tr(A^-1 dA): dL/dA = G det(A) A^-T.
        scale = (grad * self.out)[..., None, None]
        return (scale * _t(np.linalg.inv(self.a)),)


class LogAbsDeterminant(Function):
    """log|det(A)| (the second output of slogdet)."""

    def forward(self, a):
        self.a = a
        sign, logdet = np.linalg.slogdet(a)
        return logdet

    def backward(self, grad):
        return (grad[..., None, None] * _t(np.linalg.inv(self.a)),)


class Solve(Function):
    """X with A X = B (B a matrix, or a vector for 1-D b)."""

    def _matrix(self, a):
        return a

    def _gradient_of_a(self, grad_a):
        return grad_a

    def forward(self, a, b):
        self.vector = b.ndim == a.ndim - 1
        b_matrix = b[..., None] if self.vector else b
        self.a = self._matrix(a)
        self.out = np.linalg.solve(self.a, b_matrix)
        return self.out[..., 0] if self.vector else self.out

    def backward(self, grad):
        grad = grad[..., None] if self.vector else grad
        grad_b = np.linalg.solve(_t(self.a), grad)
        grad_a = self._gradient_of_a(-grad_b @ _t(self.out))
        return grad_a, (grad_b[..., 0] if self.vector else grad_b)


class SolveTriangular(Solve):
    """X with A X = B for triangular A: only the `lower` (or upper) triangle
    is read, so only it receives a gradient."""

    def _matrix(self, a):
        return np.tril(a) if self.lower else np.triu(a)

    def _gradient_of_a(self, grad_a):
        return self._matrix(grad_a)


class Cholesky(Function):
    """Lower factor L with A = L L^T. The backward is Murray's formula
    (2016), symmetrized as TensorFlow's gradient is."""

    def forward(self, a):
        self.out = np.linalg.cholesky(a)
        return self.out

    def backward(self, grad):
        low = self.out
        phi = _t(low) @ grad
        phi = np.tril(phi) - 0.5 * np.eye(low.shape[-1], dtype=low.dtype) * phi
        inverse = np.linalg.inv(low)
        s = _t(inverse) @ phi @ inverse
        return (0.5 * (s + _t(s)),)


class EigenvaluesSymmetric(Function):
    """Eigenvalues of a symmetric matrix (ascending), read from its lower
    triangle. The symmetric gradient is S = V diag(G) V^T; as only the lower
    triangle is read, it lands there: off-diagonal entries count twice, as
    in TensorFlow."""

    def forward(self, a):
        values, self.vectors = np.linalg.eigh(a)
        return values

    def backward(self, grad):
        v = self.vectors
        symmetric = (v * grad[..., None, :]) @ _t(v)
        lower = np.tril(symmetric) * 2
        diagonal = np.diagonal(symmetric, axis1=-2, axis2=-1)
        return (lower - diagonal[..., None] * np.eye(symmetric.shape[-1], dtype=symmetric.dtype),)


class SingularValues(Function):
    """Singular values (descending); dL/dA = U diag(G) V^T."""

    def forward(self, a):
        self.u, values, self.vt = np.linalg.svd(a, full_matrices=False)
        return values

    def backward(self, grad):
        return ((self.u * grad[..., None, :]) @ self.vt,)
