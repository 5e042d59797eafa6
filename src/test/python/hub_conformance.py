"""The Hub's released Python client (huggingface_hub) against a local hub: what users do, step by step.

Run by PythonClientConformanceTest with HF_ENDPOINT, HF_TOKEN and a temporary HF_HOME set. Every
check is named; a failed check prints "FAIL <name>" and its traceback, the others still run, and the
exit status is 1 if any failed. The last line is "python conformance: all N checks passed" on success.
The token is never printed.
"""
from __future__ import annotations

import os
import sys
import tempfile
import traceback
import urllib.error
import urllib.request
from pathlib import Path

import huggingface_hub.repocard as repocard
from huggingface_hub import (CommitOperationAdd, CommitOperationCopy, CommitOperationDelete, DatasetCard,
                             HfApi, HfFileSystem, hf_hub_download, metadata_update, snapshot_download)
from huggingface_hub.errors import HfHubHTTPError, RepositoryNotFoundError
from huggingface_hub.hf_api import RepoFile, RepoFolder

NS = "nersc"
REPO = f"{NS}/py-conformance"
PRIVATE = f"{NS}/py-private"
CARD = """---
license: cc-by-4.0
language:
- en
tags:
- python-conformance
---
# Python conformance

Written by the Hub's Python client.
"""



class _ValidateOnThisHub:
    """huggingface_hub sends DatasetCard.validate to https://huggingface.co whatever HF_ENDPOINT says;
    tests have no network, so that one call goes to the hub under test, which answers it as the Hub."""

    def __init__(self, session):
        self.session = session

    def post(self, url, **kwargs):
        return self.session.post(url.replace("https://huggingface.co", os.environ["HF_ENDPOINT"], 1), **kwargs)


_get_session = repocard.get_session
repocard.get_session = lambda: _ValidateOnThisHub(_get_session())

api = HfApi()
anonymous = HfApi(token=False)
work = Path(tempfile.mkdtemp(prefix="hub-conformance-"))
failed: list[str] = []
passed = 0


def check(name):
    """Runs the decorated function at once as the check `name`, recording its failure with the traceback."""
    def run(fn):
        global passed
        try:
            fn()
            passed += 1
            print(f"ok   {name}", flush=True)
        except BaseException:  # noqa: BLE001 - every failure is reported, the next check still runs
            failed.append(name)
            print(f"FAIL {name}\n{traceback.format_exc()}", flush=True)
        return fn
    return run


def status_of(call) -> int:
    """The HTTP status a failing client call raised."""
    try:
        call()
    except HfHubHTTPError as e:
        return e.response.status_code
    raise AssertionError("the call did not fail")


@check("create_repo and upload_file")
def _():
    api.create_repo(REPO, repo_type="dataset", exist_ok=True)
    info = api.upload_file(path_or_fileobj=CARD.encode(), path_in_repo="README.md", repo_id=REPO,
                           repo_type="dataset", commit_message="card")
    assert len(info.oid) == 40, info
    api.upload_file(path_or_fileobj=b"a,b\n1,2\n", path_in_repo="data/train.csv", repo_id=REPO, repo_type="dataset")


@check("upload_folder with allow and ignore patterns")
def _():
    folder = work / "folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "keep.txt").write_text("keep\n")
    (folder / "sub" / "deep.txt").write_text("deep\n")
    (folder / "skip.log").write_text("log\n")
    (folder / "sub" / "big.bin").write_bytes(os.urandom(20_000) + b"\0")
    api.upload_folder(folder_path=folder, path_in_repo="up", repo_id=REPO, repo_type="dataset",
                      allow_patterns=["*.txt", "*.bin"], ignore_patterns=["sub/deep.txt"])
    files = set(api.list_repo_files(REPO, repo_type="dataset"))
    assert {"up/keep.txt", "up/sub/big.bin"} <= files, files
    assert "up/skip.log" not in files and "up/sub/deep.txt" not in files, files


@check("create_commit with copies and deletes")
def _():
    api.create_commit(REPO, repo_type="dataset", commit_message="copy and delete", operations=[
        CommitOperationCopy(src_path_in_repo="up/keep.txt", path_in_repo="copied/keep.txt"),
        CommitOperationCopy(src_path_in_repo="up/sub/big.bin", path_in_repo="copied/big.bin"),
        CommitOperationDelete(path_in_repo="up/keep.txt"),
    ])
    files = set(api.list_repo_files(REPO, repo_type="dataset"))
    assert {"copied/keep.txt", "copied/big.bin"} <= files and "up/keep.txt" not in files, files


@check("create_commit on a stale parent_commit is 412")
def _():
    commits = api.list_repo_commits(REPO, repo_type="dataset")
    stale = commits[1].commit_id
    code = status_of(lambda: api.create_commit(
        REPO, repo_type="dataset", commit_message="stale", parent_commit=stale,
        operations=[CommitOperationAdd(path_in_repo="stale.txt", path_or_fileobj=b"x")]))
    assert code == 412, code
    api.create_commit(REPO, repo_type="dataset", commit_message="fresh", parent_commit=commits[0].commit_id,
                      operations=[CommitOperationAdd(path_in_repo="fresh.txt", path_or_fileobj=b"y")])


@check("hf_hub_download")
def _():
    path = hf_hub_download(REPO, "data/train.csv", repo_type="dataset")
    assert Path(path).read_bytes() == b"a,b\n1,2\n"
    big = hf_hub_download(REPO, "copied/big.bin", repo_type="dataset")
    assert Path(big).stat().st_size == 20_001


@check("snapshot_download")
def _():
    local = Path(snapshot_download(REPO, repo_type="dataset", allow_patterns=["data/*", "README.md"],
                                   local_dir=work / "snapshot"))
    assert (local / "data" / "train.csv").read_bytes() == b"a,b\n1,2\n"
    assert (local / "README.md").read_text() == CARD
    assert not (local / "copied").exists()
    cached = Path(snapshot_download(REPO, repo_type="dataset"))
    assert (cached / "copied" / "big.bin").stat().st_size == 20_001


@check("HfFileSystem ls and open")
def _():
    fs = HfFileSystem()
    names = {e["name"] for e in fs.ls(f"datasets/{REPO}/copied", detail=True)}
    assert names == {f"datasets/{REPO}/copied/keep.txt", f"datasets/{REPO}/copied/big.bin"}, names
    with fs.open(f"datasets/{REPO}/data/train.csv", "rb") as f:
        assert f.read() == b"a,b\n1,2\n"


@check("branches and tags")
def _():
    api.create_branch(REPO, repo_type="dataset", branch="dev")
    api.upload_file(path_or_fileobj=b"dev\n", path_in_repo="dev.txt", repo_id=REPO, repo_type="dataset",
                    revision="dev")
    api.create_tag(REPO, repo_type="dataset", tag="v1.0", tag_message="first")
    refs = api.list_repo_refs(REPO, repo_type="dataset")
    assert {b.name for b in refs.branches} == {"main", "dev"}, refs
    assert [t.name for t in refs.tags] == ["v1.0"], refs
    assert "dev.txt" in api.list_repo_files(REPO, repo_type="dataset", revision="dev")
    assert "dev.txt" not in api.list_repo_files(REPO, repo_type="dataset", revision="v1.0")
    api.delete_branch(REPO, repo_type="dataset", branch="dev")
    api.delete_tag(REPO, repo_type="dataset", tag="v1.0")


@check("list_repo_commits")
def _():
    commits = api.list_repo_commits(REPO, repo_type="dataset")
    titles = [c.title for c in commits]
    assert titles[0] == "fresh" and "card" in titles, titles
    assert all(len(c.commit_id) == 40 and c.created_at for c in commits)


@check("short commit ids as revision")
def _():
    head = api.list_repo_commits(REPO, repo_type="dataset")[0].commit_id
    assert api.dataset_info(REPO, revision=head[:7]).sha == head
    path = hf_hub_download(REPO, "fresh.txt", repo_type="dataset", revision=head[:7])
    assert Path(path).read_bytes() == b"y"
    api.create_tag(REPO, repo_type="dataset", tag="short", revision=head[:7])
    assert [t.target_commit for t in api.list_repo_refs(REPO, repo_type="dataset").tags] == [head]
    api.delete_tag(REPO, repo_type="dataset", tag="short")
    api.create_commit(REPO, repo_type="dataset", commit_message="short parent", parent_commit=head[:7],
                      operations=[CommitOperationAdd(path_in_repo="short.txt", path_or_fileobj=b"s")])


@check("list_repo_tree recursive with expand")
def _():
    entries = list(api.list_repo_tree(REPO, repo_type="dataset", recursive=True, expand=True))
    by_path = {e.path: e for e in entries}
    assert isinstance(by_path["copied"], RepoFolder), by_path
    big = by_path["copied/big.bin"]
    assert isinstance(big, RepoFile) and big.size == 20_001 and big.lfs is not None, big
    assert big.last_commit is not None and len(big.last_commit.oid) == 40, big
    assert big.security is not None and big.security["status"], big


@check("get_paths_info with expand")
def _():
    infos = api.get_paths_info(REPO, ["README.md", "copied", "missing.txt"], repo_type="dataset", expand=True)
    by_path = {i.path: i for i in infos}
    assert set(by_path) == {"README.md", "copied"}, by_path
    assert by_path["README.md"].last_commit.title == "card", by_path
    assert by_path["README.md"].security is not None


@check("repo_info")
def _():
    info = api.repo_info(REPO, repo_type="dataset", files_metadata=True)
    assert info.id == REPO and len(info.sha) == 40 and not info.private, info
    assert "python-conformance" in info.tags, info.tags
    sizes = {s.rfilename: s.size for s in info.siblings}
    assert sizes["copied/big.bin"] == 20_001, sizes


@check("DatasetCard load and push")
def _():
    card = DatasetCard.load(REPO, repo_type="dataset")
    assert card.data.license == "cc-by-4.0", card.data
    card.text = card.text + "\nMore words.\n"
    card.push_to_hub(REPO, repo_type="dataset", commit_message="card edit")
    assert "More words." in DatasetCard.load(REPO, repo_type="dataset").text


@check("metadata_update")
def _():
    metadata_update(REPO, {"pretty_name": "Python conformance"}, repo_type="dataset", overwrite=True)
    assert DatasetCard.load(REPO, repo_type="dataset").data.pretty_name == "Python conformance"


@check("list_datasets with filters")
def _():
    ids = {d.id for d in api.list_datasets(author=NS)}
    assert REPO in ids, ids
    assert REPO in {d.id for d in api.list_datasets(filter="python-conformance")}
    assert REPO in {d.id for d in api.list_datasets(search="py-conf")}
    assert REPO not in {d.id for d in api.list_datasets(search="no-such-name")}


@check("private repos are hidden from anonymous users")
def _():
    api.create_repo(PRIVATE, repo_type="dataset", private=True, exist_ok=True)
    api.upload_file(path_or_fileobj=b"secret\n", path_in_repo="s.txt", repo_id=PRIVATE, repo_type="dataset")
    assert api.repo_info(PRIVATE, repo_type="dataset").private
    try:
        anonymous.repo_info(PRIVATE, repo_type="dataset")
        raise AssertionError("anonymous saw the private repo")
    except RepositoryNotFoundError as e:
        assert e.response.status_code in (401, 404), e.response.status_code
    try:
        urllib.request.urlopen(f"{os.environ['HF_ENDPOINT']}/datasets/{PRIVATE}/resolve/main/s.txt")
        raise AssertionError("anonymous downloaded a file of the private repo")
    except urllib.error.HTTPError as e:
        assert e.code in (401, 404), e.code
    assert PRIVATE not in {d.id for d in anonymous.list_datasets(author=NS)}


@check("move_repo, and the old name redirects")
def _():
    old, new = f"{NS}/py-old", f"{NS}/py-new"
    api.create_repo(old, repo_type="dataset")
    api.upload_file(path_or_fileobj=b"moved\n", path_in_repo="m.txt", repo_id=old, repo_type="dataset")
    api.move_repo(old, new, repo_type="dataset")
    assert api.repo_info(new, repo_type="dataset").id == new
    assert Path(hf_hub_download(old, "m.txt", repo_type="dataset")).read_bytes() == b"moved\n"
    assert api.repo_info(old, repo_type="dataset").id == new
    api.delete_repo(new, repo_type="dataset")


@check("delete_repo")
def _():
    api.delete_repo(PRIVATE, repo_type="dataset")
    assert not api.repo_exists(PRIVATE, repo_type="dataset")
    api.delete_repo(REPO, repo_type="dataset")
    assert not api.repo_exists(REPO, repo_type="dataset")


if failed:
    print(f"python conformance: {len(failed)} of {len(failed) + passed} checks failed: {', '.join(failed)}")
    sys.exit(1)
print(f"python conformance: all {passed} checks passed")
