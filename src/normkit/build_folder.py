"""The build folder: one complete build visible at a time, switched in one step.

```
build/
  json -> .current/json     the paths users, web servers and MkDocs' `site_dir` use;
  site -> .current/site     they never change
  .current -> .gen-12       the one link a build switches, by an atomic rename
  .gen-12/                  the visible build: json/ pdf/ docx/ diff/ site/
  .staging-13-5f0c9a2e/     a build being written (or killed: removed by the next build)
  .retired-gen-11-3b9e…/    a previous build, renamed aside and being deleted
  .cache/                   content-hash caches kept between builds
  .lock                     held while a build writes here; a second build waits
```

A build writes everything into a staging folder, renames it to a generation, then replaces
`.current` with a link to it (`rename(2)` is atomic): whatever happens before that rename,
the previous build stays visible, whole; after it, the new one is. Outputs not rebuilt
(`--only`) are carried into the new generation as hard links of the previous files.

Deleting a generation is slow (thousands of files; each unlink is kernel work, 0.2–0.8 ms
on some file systems), and nobody waits for it: what is no longer visible is renamed aside
(`.retired-…`, one cheap rename, inside the lock) and removed by a detached process. A
retired entry is never read again, so deleting it can take its time or be cut short by a
crash; the next build removes what is left of it.

Deleting has a second cost, paid by the next build: on ext4 without a journal, the inode of
a new file is looked for in its folder's block group, and every inode freed there in the
last minute (six while its table block is unwritten) is skipped, one buffer look-up each
(`recently_deleted()`). A generation made in `build/`'s group is written beside the freed
inodes of the last one, or of an `rm -r build`: 3,000 files right after 3,000 were deleted
took 0.35–0.87 s there, and 0.04 s in a group of their own. So the build folder carries
ext2/3/4's top-of-hierarchy attribute (`chattr +T`), with which the kernel places each
generation made in it as it places top-level folders: in a block group chosen for its free
inodes (`_spread_generations`).
"""

from __future__ import annotations

import fcntl
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

# shutil and subprocess are imported where a build uses them: `check` needs only `CACHE`.

CURRENT = ".current"
LOCK = ".lock"
CACHE = ".cache"
_GENERATION = re.compile(r"^\.(gen|staging)-(\d+)(-[0-9a-f]+)?$")


class BuildFolder:
    """An output folder (`build/` by default) and its generations."""

    def __init__(self, root: Path, output_names: Iterable[str]) -> None:
        self.root = root
        self.output_names = tuple(output_names)
        """Every output normkit knows: the entries of `root` that are links into `.current`."""

    @property
    def cache(self) -> Path:
        return self.root / CACHE

    @contextmanager
    def locked(self, waiting: Callable[[str], None]) -> Iterator[None]:
        """Hold the folder's lock; `waiting` hears why when another build holds it.

        An advisory lock on `.lock` (flock): the kernel releases it when its holder exits,
        even by SIGKILL, so a killed build never blocks the next one.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        _spread_generations(self.root)
        descriptor = os.open(self.root / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(descriptor, 32, 0).decode(errors="replace").strip() or "?"
                waiting(f"another normkit build (pid {holder}) is writing {self.root}; waiting")
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
            yield
        finally:
            os.close(descriptor)

    def tidy(self) -> None:
        """`clean` when no build holds the folder; never waits, never creates the folder
        (a build that stops at content errors writes nothing)."""
        if not self.root.is_dir():
            return
        try:
            descriptor = os.open(self.root / LOCK, os.O_RDWR)
        except OSError:
            return
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self.clean()
        except OSError:
            pass  # another build is running: it cleans up itself
        finally:
            os.close(descriptor)

    def visible(self) -> Path | None:
        """The generation `.current` points to, if there is one."""
        current = self.root / CURRENT
        if not current.is_symlink():
            return None
        target = self.root / os.readlink(current)
        return target if target.is_dir() else None

    def clean(self) -> None:
        """Remove what killed or finished builds left: staging folders, generations that
        are not visible, entries retired by `publish`, and the temporary folders of older
        normkit versions (`.json-abc123`, `.site-old`). Each is renamed aside at once and
        deleted by a detached process (`remove_detached`)."""
        visible = self.visible()
        legacy = tuple(f".{name}-" for name in self.output_names)
        retired = []
        for entry in self.root.iterdir():
            if visible is not None and entry.name == visible.name:
                continue
            if entry.name.startswith(".retired-") and not entry.is_symlink():
                retired.append(entry)  # another deleter may be at it: harmless, see below
            elif entry.name == f"{CURRENT}.new" or entry.name.startswith(".retired-"):
                _remove(entry)  # a link: nothing to wait for
            elif _GENERATION.match(entry.name) or entry.name.startswith(legacy):
                retired.append(_retire(entry))
        remove_detached(retired)

    @contextmanager
    def staging(self) -> Iterator[Path]:
        """A new, empty staging folder, numbered after every generation so far; removed if
        the build fails (a killed build's is removed by the next `clean`)."""
        numbers = [
            int(match.group(2))
            for entry in self.root.iterdir()
            if (match := _GENERATION.match(entry.name))
        ]
        # Never a name used before: the workers of a killed build may live on for a moment,
        # writing into their staging folder; they must not write into this build's.
        number = max(numbers, default=0) + 1
        staging = self.root / f".staging-{number}-{_random_hex()}"
        staging.mkdir()  # mode 0777 minus the umask, like every folder of the build
        try:
            yield staging
        except BaseException:
            _remove(staging)
            raise

    def carry_forward(self, staging: Path, names: Iterable[str]) -> list[str]:
        """Hard-link the visible build's `names` into `staging`; return those that existed.

        The visible output is whatever `root/<name>` is: a link into the current generation,
        or a plain folder left by an older normkit or by `mkdocs build`.
        """
        carried = []
        for name in names:
            previous = self.root / name
            if previous.is_dir():
                import shutil  # only here: with its `bz2` and `lzma`, ~7 M instructions

                shutil.copytree(previous, staging / name, symlinks=True, copy_function=link_or_copy)
                carried.append(name)
        return carried

    def publish(self, staging: Path) -> Path:
        """Make `staging` the visible build in one step, then remove the previous one."""
        match = _GENERATION.match(staging.name)
        assert match is not None, staging
        generation = staging.with_name(f".gen-{match.group(2)}")
        os.rename(staging, generation)
        names = [name for name in self.output_names if (generation / name).is_dir()]
        for name in names:  # first build: links that dangle until `.current` exists
            path = self.root / name
            if not path.is_symlink() and not path.exists():
                os.symlink(f"{CURRENT}/{name}", path)
        switch = self.root / f"{CURRENT}.new"
        _remove(switch)
        os.symlink(generation.name, switch)
        os.replace(switch, self.root / CURRENT)  # the one step
        for name in names:
            self._adopt(name, generation.name)
        self.clean()  # the previous generation, renamed aside and deleted in the background
        return generation

    def _adopt(self, name: str, number: str) -> None:
        """Replace a plain folder (from an older normkit or `mkdocs build`) by our link."""
        path = self.root / name
        link = f"{CURRENT}/{name}"
        if path.is_symlink() and os.readlink(path) == link:
            return
        temporary = self.root / f".retired-{name}-link"
        _remove(temporary)
        os.symlink(link, temporary)
        os.rename(path, self.root / f".retired-{name}-{number}")
        os.rename(temporary, path)


_FS_IOC_GETFLAGS = 0x80086601
_FS_IOC_SETFLAGS = 0x40086602
"""The `ioctl(2)` requests for a file's attributes (`linux/fs.h`, as x86 and ARM number
them; where they mean nothing the requests fail and nothing changes)."""
_FS_TOPDIR_FL = 0x00020000
"""The attribute `chattr +T` sets: "the top of a directory hierarchy", for ext2/3/4's
allocator of folders. The folders made in it do not inherit it."""


def _spread_generations(root: Path) -> None:
    """Give `root` the top-of-hierarchy attribute where its file system has one (ext2/3/4),
    so that each generation is placed away from the inodes the previous ones freed (see the
    module's docstring). Elsewhere (another system or file system, a folder not ours) the
    requests fail and the build goes on: the attribute only decides where files are placed."""
    try:
        descriptor = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        flags = bytearray(8)  # the kernel reads and writes an int: room to spare
        fcntl.ioctl(descriptor, _FS_IOC_GETFLAGS, flags, True)
        value = int.from_bytes(flags[:4], sys.byteorder)
        if not value & _FS_TOPDIR_FL:
            wanted = (value | _FS_TOPDIR_FL).to_bytes(4, sys.byteorder) + bytes(4)
            fcntl.ioctl(descriptor, _FS_IOC_SETFLAGS, wanted)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _random_hex() -> str:
    """8 random hexadecimal digits for a folder's name (`secrets.token_hex(4)`, whose import
    pulls in `random`, `base64` and `hmac` for every run)."""
    return os.urandom(4).hex()


def _retire(entry: Path) -> Path:
    """Rename `entry` aside (`.retired-…`, a name no build reads) and return its new path."""
    retired = entry.with_name(f".retired-{entry.name.lstrip('.')}-{_random_hex()}")
    os.rename(entry, retired)
    return retired


def remove_detached(paths: list[Path]) -> None:
    """Delete `paths` in a process of its own that this one does not wait for.

    `sh` starts `rm` in the background and exits at once, so `rm` is nobody's child to
    reap (no zombie, no process for the build to wait on) and lives on after the build.
    Every path is already retired: no build reads it, and two deleters racing over the
    same tree (this build's and the next one's `clean`) only find less to delete. Where no
    process can be started, the paths are deleted here.
    """
    if not paths:
        return
    import subprocess

    try:
        subprocess.run(
            ["sh", "-c", 'rm -rf -- "$@" &', "normkit-remove", *map(str, paths)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C meant for the build does not stop it
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        for path in paths:
            _remove(path)


def link_or_copy(source: str, destination: str) -> None:
    """Hard link (no copy, same permissions); a real copy where links are not possible."""
    try:
        os.link(source, destination)
    except OSError:
        import shutil

        shutil.copy2(source, destination)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        import shutil

        shutil.rmtree(path, ignore_errors=True)
