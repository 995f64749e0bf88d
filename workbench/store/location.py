"""Where a SQLite project file lives: read-only places and shared or synced drives.

SQLite's WAL journal needs every process on one machine and a file system that
honours its locks; network file systems (NFS, SMB/CIFS) and cloud-sync clients
(OneDrive, Dropbox, Google Drive) break that and can corrupt a project. A read-only
file is opened with `mode=ro`; a read-only folder with `immutable=1`, because SQLite
cannot create the WAL's `-shm` file there (see pitfalls.md).
"""

from __future__ import annotations

import os
from pathlib import Path

NETWORK_FILE_SYSTEMS = {
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p", "davfs", "ceph",
    "glusterfs", "lustre", "gpfs", "beegfs", "drvfs", "v9fs",
}
# FUSE file systems that are local, e.g. the container overlay; any other FUSE mount
# (sshfs, rclone, onedriver, google-drive-ocamlfuse, gvfs) may be remote or synced.
LOCAL_FUSE = {"fuse.lxcfs", "fuse.fuse-overlayfs", "fuse.squashfuse", "fuse.portal", "fuse.appimagefuse"}
SYNC_FOLDER_NAMES = ("onedrive", "dropbox", "google drive", "googledrive", "icloud drive", "icloud",
                     "box sync", "nextcloud", "owncloud", "sharepoint", "pcloud", "mega")


def read_only_mode(path: Path) -> str | None:
    """None if the project can be changed here; "ro" for a read-only file; "immutable"
    for a read-only folder. Write permission bits count as well as access, so a file
    marked read-only is treated as read-only even by an administrator."""
    path = Path(path)
    if not _writable(path.parent if path.parent != Path("") else Path(".")):
        return "immutable"
    if path.exists() and not _writable(path):
        return "ro"
    return None


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


def mounted_file_systems(mounts_text: str) -> list[tuple[str, str]]:
    """(mount point, file-system type) pairs from the text of /proc/mounts."""
    table = []
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            point = fields[1].encode().decode("unicode_escape")  # "\040" is a space
            table.append((point, fields[2]))
    return table


def file_system_type(path: Path, mounts: list[tuple[str, str]]) -> str | None:
    """The type of the file system holding `path`: its longest mount-point prefix."""
    path = Path(os.path.abspath(path))
    existing = _existing(path)
    resolved = str(existing.resolve() / path.relative_to(existing))
    best, best_type = "", None
    for point, kind in mounts:
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, kind
    return best_type


def shared_drive_problem(path: Path, mounts: list[tuple[str, str]] | None = None) -> str | None:
    """A plain warning if `path` is on a network or cloud-synced drive, else None."""
    if mounts is None:
        try:
            mounts = mounted_file_systems(Path("/proc/mounts").read_text())
        except OSError:
            mounts = []
    kind = file_system_type(path, mounts)
    where = None
    if kind and (kind.split(".")[0] in NETWORK_FILE_SYSTEMS or kind in NETWORK_FILE_SYSTEMS):
        where = f"a network drive ({kind})"
    elif kind and kind.startswith("fuse.") and kind not in LOCAL_FUSE:
        where = f"a remote or synced drive ({kind})"
    else:
        folders = [part.lower() for part in Path(path).resolve().parts]
        synced = next((name for name in SYNC_FOLDER_NAMES for part in folders
                       if part == name or part.startswith(name + " ") or part.startswith(name + "-")), None)
        if synced:
            where = f"a cloud-synced folder ({synced})"
    if where is None:
        return None
    return (f"{path} is on {where}: SQLite projects there can be corrupted when two computers "
            "change them; keep the file on this computer's own disk, or move the team to "
            "PostgreSQL with `workbench migrate`.")


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path
