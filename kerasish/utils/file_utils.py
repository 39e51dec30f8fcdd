"""`get_file`: finds a file in Keras's download cache (kerasish does not download)."""

import os
import urllib.parse


def keras_home():
    """Keras's cache directory: `$KERAS_HOME`, else `~/.keras`."""
    return os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")


def _hash_of(path, algorithm, expected):
    import hashlib

    if algorithm == "sha256" or (algorithm == "auto" and len(expected) == 64):
        hasher = hashlib.sha256()
    else:
        hasher = hashlib.md5()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(65535), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def _cache_paths(datadir, fname, provided_fname, extract):
    """(archive path, extraction directory) as Keras names them in its cache."""
    if not extract:
        return os.path.join(datadir, fname), None
    if provided_fname and "." in fname:
        stem = fname[: fname.find(".")]
        return os.path.join(datadir, fname), os.path.join(datadir, f"{stem}_extracted")
    return os.path.join(datadir, f"{fname}_archive"), os.path.join(datadir, fname)


def _extract(archive, target, archive_format):
    import tarfile
    import zipfile

    formats = ["tar", "zip"] if archive_format == "auto" else (
        [archive_format] if isinstance(archive_format, str) else list(archive_format or []))
    for kind in formats:
        opener, is_kind = (tarfile.open, tarfile.is_tarfile) if kind == "tar" else (
            zipfile.ZipFile, zipfile.is_zipfile)
        if is_kind(archive):
            with opener(archive) as opened:
                if kind == "tar":
                    opened.extractall(target, filter="data")
                else:
                    opened.extractall(target)
            return True
    return False


def get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None,
             cache_subdir="datasets", hash_algorithm="auto", extract=False,
             archive_format="auto", cache_dir=None, force_download=False):
    """Returns the path of a file in Keras's cache, where `keras.utils.get_file` downloads to.

    kerasish never downloads: it looks for the file where Keras would have
    stored it (`cache_dir/cache_subdir/fname`, by default
    `~/.keras/datasets/`), checks its hash when one is given, and extracts
    archives when asked. A file missing from the cache raises an error that
    says where to put it.

    Args:
        fname: the file's name in the cache; None takes it from `origin`.
        origin: the URL Keras would download from (needed for the name and
            the message).
        untar: deprecated; the same as `extract=True` with a tar archive.
        md5_hash: deprecated; an MD5 hash to check the file against.
        file_hash: the expected sha256 or md5 hash of the file, or None.
        cache_subdir: the subdirectory of the cache (default `"datasets"`).
        hash_algorithm: `"auto"`, `"sha256"` or `"md5"`.
        extract: whether the file is an archive to extract; the extracted
            directory's path is returned.
        archive_format: `"auto"`, `"tar"`, `"zip"`, a list of them, or None.
        cache_dir: the cache's location; `$KERAS_HOME` or `~/.keras` when None.
        force_download: a download is impossible offline, so this raises.

    Returns:
        The path of the file, or of the extracted directory.

    Raises:
        ValueError: if `origin` is missing, `fname` holds a directory, the
            file's hash does not match, or a download would be needed.

    Examples:
        >>> import os
        >>> cache = os.path.join(os.getcwd(), "cache")
        >>> os.makedirs(os.path.join(cache, "datasets"))
        >>> _ = open(os.path.join(cache, "datasets", "data.csv"), "w").write("a,b")
        >>> path = keras.utils.get_file(origin="https://example.com/data.csv", cache_dir=cache)
        >>> os.path.basename(path)
        'data.csv'
    """
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    datadir = os.path.join(os.path.expanduser(cache_dir or keras_home()), cache_subdir)
    provided_fname = fname
    fname = os.fspath(fname) if fname else os.path.basename(urllib.parse.urlsplit(origin).path)
    if not fname:
        raise ValueError(
            f"Can't parse the file name from the origin provided: '{origin}'.Please specify "
            "the `fname` argument."
        )
    if provided_fname and os.sep in fname:
        raise ValueError(
            "Paths are no longer accepted as the `fname` argument. To specify the file's "
            f"parent directory, use the `cache_dir` argument. Received: fname={fname}"
        )
    archive, extraction_dir = _cache_paths(datadir, fname, provided_fname, extract or untar)
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    if force_download or not os.path.exists(archive):
        raise ValueError(
            f"kerasish cannot download files: '{origin}' is not in the local cache. Download "
            f"it yourself and save it as '{archive}' (or pass `cache_dir`)."
        )
    if file_hash is not None and _hash_of(archive, hash_algorithm, file_hash) != file_hash:
        raise ValueError(
            f"The file '{archive}' is in the cache but its {hash_algorithm} hash does not "
            f"match the expected value {file_hash}: it may be incomplete or outdated."
        )
    if extraction_dir is None:
        return archive
    if not _extract(archive, extraction_dir, "tar" if untar else archive_format):
        import warnings

        warnings.warn("Could not extract archive.", stacklevel=2)
    return extraction_dir
