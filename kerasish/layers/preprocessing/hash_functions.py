"""The string hashes behind Keras's `Hashing` layer and the OOV buckets of
lookup layers, in pure Python, bit for bit as TensorFlow computes them:

- `fingerprint64`: FarmHash's Fingerprint64 (the "na" variant of
  Hash64), which `tf.strings.to_hash_bucket_fast` uses;
- `siphash64`: SipHash-2-4 with a 128-bit key given as two 64-bit words,
  which `tf.strings.to_hash_bucket_strong` (a salted `Hashing`) uses.

Both work on the UTF-8 bytes of a string; integers are hashed as their
decimal text, as TensorFlow's `as_string` writes them.
"""

import struct

_MASK = (1 << 64) - 1

# FarmHash's multipliers.
_K0 = 0xC3A5C85C97CB3127
_K1 = 0xB492B66FBE98F273
_K2 = 0x9AE16A3B2F90404F


def _rotate_right(value, shift):
    return ((value >> shift) | (value << (64 - shift))) & _MASK if shift else value


def _u64(data, offset):
    return struct.unpack_from("<Q", data, offset)[0]


def _u32(data, offset):
    return struct.unpack_from("<I", data, offset)[0]


def _shift_mix(value):
    return value ^ (value >> 47)


def _mix_pair(u, v, mul):
    """FarmHash's 128-to-64-bit mix of (u, v) with multiplier `mul`."""
    a = ((u ^ v) * mul) & _MASK
    a ^= a >> 47
    b = ((v ^ a) * mul) & _MASK
    b ^= b >> 47
    return (b * mul) & _MASK


def _hash_short(data):
    """0 to 16 bytes."""
    length = len(data)
    if length >= 8:
        mul = _K2 + length * 2
        a = (_u64(data, 0) + _K2) & _MASK
        b = _u64(data, length - 8)
        c = (_rotate_right(b, 37) * mul + a) & _MASK
        d = ((_rotate_right(a, 25) + b) * mul) & _MASK
        return _mix_pair(c, d, mul)
    if length >= 4:
        mul = _K2 + length * 2
        a = _u32(data, 0)
        return _mix_pair((length + (a << 3)) & _MASK, _u32(data, length - 4), mul)
    if length > 0:
        first, middle, last = data[0], data[length >> 1], data[length - 1]
        y = first + (middle << 8)
        z = length + (last << 2)
        return (_shift_mix(((y * _K2) ^ (z * _K0)) & _MASK) * _K2) & _MASK
    return _K2


def _hash_17_to_32(data):
    length = len(data)
    mul = _K2 + length * 2
    a = (_u64(data, 0) * _K1) & _MASK
    b = _u64(data, 8)
    c = (_u64(data, length - 8) * mul) & _MASK
    d = (_u64(data, length - 16) * _K2) & _MASK
    return _mix_pair(
        (_rotate_right((a + b) & _MASK, 43) + _rotate_right(c, 30) + d) & _MASK,
        (a + _rotate_right((b + _K2) & _MASK, 18) + c) & _MASK,
        mul,
    )


def _hash_33_to_64(data):
    length = len(data)
    mul = _K2 + length * 2
    a = (_u64(data, 0) * _K2) & _MASK
    b = _u64(data, 8)
    c = (_u64(data, length - 8) * mul) & _MASK
    d = (_u64(data, length - 16) * _K2) & _MASK
    y = (_rotate_right((a + b) & _MASK, 43) + _rotate_right(c, 30) + d) & _MASK
    z = _mix_pair(y, (a + _rotate_right((b + _K2) & _MASK, 18) + c) & _MASK, mul)
    e = (_u64(data, 16) * mul) & _MASK
    f = _u64(data, 24)
    g = ((y + _u64(data, length - 32)) * mul) & _MASK
    h = ((z + _u64(data, length - 24)) * mul) & _MASK
    return _mix_pair(
        (_rotate_right((e + f) & _MASK, 43) + _rotate_right(g, 30) + h) & _MASK,
        (e + _rotate_right((f + a) & _MASK, 18) + g) & _MASK,
        mul,
    )


def _weak_32_with_seeds(data, offset, a, b):
    """Mixes 32 bytes at `offset` into the seeds (a, b); returns a new pair."""
    w, x, y, z = (_u64(data, offset + 8 * i) for i in range(4))
    a = (a + w) & _MASK
    b = _rotate_right((b + a + z) & _MASK, 21)
    c = a
    a = (a + x + y) & _MASK
    b = (b + _rotate_right(a, 44)) & _MASK
    return (a + z) & _MASK, (b + c) & _MASK


def _hash_long(data):
    """More than 64 bytes: 64-byte blocks through a 56-byte state."""
    length = len(data)
    seed = 81
    x = seed
    y = (seed * _K1 + 113) & _MASK
    z = (_shift_mix((y * _K2 + 113) & _MASK) * _K2) & _MASK
    v, w = (0, 0), (0, 0)
    x = (x * _K2 + _u64(data, 0)) & _MASK
    end = ((length - 1) // 64) * 64
    last64 = length - 64
    for s in range(0, end, 64):
        x = (_rotate_right((x + y + v[0] + _u64(data, s + 8)) & _MASK, 37) * _K1) & _MASK
        y = (_rotate_right((y + v[1] + _u64(data, s + 48)) & _MASK, 42) * _K1) & _MASK
        x ^= w[1]
        y = (y + v[0] + _u64(data, s + 40)) & _MASK
        z = (_rotate_right((z + w[0]) & _MASK, 33) * _K1) & _MASK
        v = _weak_32_with_seeds(data, s, (v[1] * _K1) & _MASK, (x + w[0]) & _MASK)
        w = _weak_32_with_seeds(data, s + 32, (z + w[1]) & _MASK,
                                (y + _u64(data, s + 16)) & _MASK)
        x, z = z, x
    mul = _K1 + ((z & 0xFF) << 1)
    s = last64
    w = ((w[0] + ((length - 1) & 63)) & _MASK, w[1])
    v = ((v[0] + w[0]) & _MASK, v[1])
    w = ((w[0] + v[0]) & _MASK, w[1])
    x = (_rotate_right((x + y + v[0] + _u64(data, s + 8)) & _MASK, 37) * mul) & _MASK
    y = (_rotate_right((y + v[1] + _u64(data, s + 48)) & _MASK, 42) * mul) & _MASK
    x ^= (w[1] * 9) & _MASK
    y = (y + v[0] * 9 + _u64(data, s + 40)) & _MASK
    z = (_rotate_right((z + w[0]) & _MASK, 33) * mul) & _MASK
    v = _weak_32_with_seeds(data, s, (v[1] * mul) & _MASK, (x + w[0]) & _MASK)
    w = _weak_32_with_seeds(data, s + 32, (z + w[1]) & _MASK, (y + _u64(data, s + 16)) & _MASK)
    x, z = z, x
    return _mix_pair(
        (_mix_pair(v[0], w[0], mul) + _shift_mix(y) * _K0 + z) & _MASK,
        (_mix_pair(v[1], w[1], mul) + x) & _MASK,
        mul,
    )


def fingerprint64(data):
    """FarmHash Fingerprint64 of `data` (bytes), an int in [0, 2**64)."""
    length = len(data)
    if length <= 16:
        return _hash_short(data)
    if length <= 32:
        return _hash_17_to_32(data)
    if length <= 64:
        return _hash_33_to_64(data)
    return _hash_long(data)


def _rotate_left(value, shift):
    return ((value << shift) | (value >> (64 - shift))) & _MASK


def _sip_round(v0, v1, v2, v3):
    v0 = (v0 + v1) & _MASK
    v1 = _rotate_left(v1, 13) ^ v0
    v0 = _rotate_left(v0, 32)
    v2 = (v2 + v3) & _MASK
    v3 = _rotate_left(v3, 16) ^ v2
    v0 = (v0 + v3) & _MASK
    v3 = _rotate_left(v3, 21) ^ v0
    v2 = (v2 + v1) & _MASK
    v1 = _rotate_left(v1, 17) ^ v2
    v2 = _rotate_left(v2, 32)
    return v0, v1, v2, v3


def siphash64(data, key):
    """SipHash-2-4 of `data` (bytes) under `key` = (k0, k1), 64-bit ints."""
    k0, k1 = key[0] & _MASK, key[1] & _MASK
    v0, v1 = k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D
    v2, v3 = k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573
    length = len(data)
    full = length - length % 8
    blocks = [_u64(data, i) for i in range(0, full, 8)]
    tail = int.from_bytes(data[full:], "little") | ((length & 0xFF) << 56)
    for block in blocks + [tail]:
        v3 ^= block
        v0, v1, v2, v3 = _sip_round(*_sip_round(v0, v1, v2, v3))
        v0 ^= block
    v2 ^= 0xFF
    for _ in range(4):
        v0, v1, v2, v3 = _sip_round(v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3


def as_hash_bytes(value, encoding="utf-8"):
    """The bytes TensorFlow hashes for a value: a string's encoding, bytes
    as they are, an integer's (or a float's, truncated) decimal text."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode(encoding)
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        value = int(value)
    return str(int(value)).encode("ascii")


def hash_bucket(value, num_buckets, salt=None):
    """The bucket of `value` among `num_buckets`: fingerprint64 (or the
    salted SipHash) modulo `num_buckets`."""
    data = as_hash_bytes(value)
    digest = siphash64(data, salt) if salt is not None else fingerprint64(data)
    return digest % num_buckets
