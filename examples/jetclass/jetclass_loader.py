"""Distributed PyTorch loader for JetClass, stored as HDF5 at NERSC.

JetClass (Qu, Li and Qian, 2022) holds 125 million simulated jets of ten classes: H->bb, H->cc,
H->gg, H->4q, H->lvqq', t->bqq', t->blv, W->qq', Z->qq' and the QCD background. At NERSC each
split is a folder of HDF5 files; every file holds, for N jets,

    part_features  float32 (N, 128, 17)  up to 128 particles per jet, zero-padded
    part_mask      bool    (N, 128)      which of the 128 slots hold a particle
    jet_features   float32 (N, 4)        jet pt, eta, phi, energy
    label          int64   (N,)          class index, 0..9

Run it with one process per GPU under Slurm (see jetclass_batch.sh): every process reads a
disjoint share of the jets through a DistributedSampler.
"""
from __future__ import annotations

import argparse
import bisect
import os
import time
from pathlib import Path

import h5py
import numpy as np
import torch
import torch.distributed as dist
from torch.utils.data import DataLoader, Dataset
from torch.utils.data.distributed import DistributedSampler

DATA_DIR = Path("/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/jetclass/data")


class JetClassFiles(Dataset):
    """All jets of one split, across its HDF5 files, indexed as one sequence."""

    def __init__(self, split_dir: Path):
        self.paths = sorted(Path(split_dir).glob("*.h5"))
        if not self.paths:
            raise FileNotFoundError(f"no .h5 files in {split_dir}")
        sizes = []
        for path in self.paths:
            with h5py.File(path, "r") as f:
                sizes.append(len(f["label"]))
        self.ends = np.cumsum(sizes).tolist()
        # h5py handles must not cross a fork: each DataLoader worker opens its own, lazily.
        self._open: dict[int, h5py.File] = {}

    def __len__(self) -> int:
        return self.ends[-1]

    def __getitem__(self, index: int):
        file_no = bisect.bisect_right(self.ends, index)
        row = index - (self.ends[file_no - 1] if file_no else 0)
        f = self._open.get(file_no)
        if f is None:
            f = self._open[file_no] = h5py.File(self.paths[file_no], "r")
        return (
            torch.from_numpy(f["part_features"][row]),
            torch.from_numpy(f["part_mask"][row]),
            torch.from_numpy(f["jet_features"][row]),
            int(f["label"][row]),
        )


def init_distributed() -> tuple[int, int, int]:
    """Join the process group; rank, local rank and world size come from Slurm when not set."""
    os.environ.setdefault("RANK", os.environ.get("SLURM_PROCID", "0"))
    os.environ.setdefault("LOCAL_RANK", os.environ.get("SLURM_LOCALID", "0"))
    os.environ.setdefault("WORLD_SIZE", os.environ.get("SLURM_NTASKS", "1"))
    os.environ.setdefault("MASTER_ADDR", "localhost")
    os.environ.setdefault("MASTER_PORT", "29500")
    rank, local_rank, world_size = (int(os.environ[k]) for k in ("RANK", "LOCAL_RANK", "WORLD_SIZE"))
    if torch.cuda.is_available():
        torch.cuda.set_device(local_rank)
    dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo", rank=rank, world_size=world_size)
    return rank, local_rank, world_size


def jetclass_loader(split: str, batch_size: int, workers: int, epoch: int = 0) -> DataLoader:
    """A DataLoader over this process's share of one split (train, val or test)."""
    dataset = JetClassFiles(DATA_DIR / split)
    sampler = DistributedSampler(dataset, shuffle=(split == "train"), drop_last=True)
    sampler.set_epoch(epoch)
    return DataLoader(dataset, batch_size=batch_size, sampler=sampler, num_workers=workers,
                      pin_memory=torch.cuda.is_available(), persistent_workers=workers > 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="train", choices=["train", "val", "test"])
    parser.add_argument("--batch-size", type=int, default=512)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--max-batches", type=int, default=200, help="stop after this many batches")
    args = parser.parse_args()

    rank, local_rank, world_size = init_distributed()
    device = torch.device("cuda", local_rank) if torch.cuda.is_available() else torch.device("cpu")
    loader = jetclass_loader(args.split, args.batch_size, args.workers)

    jets, start = 0, time.perf_counter()
    for batch_no, (particles, mask, jet, label) in enumerate(loader):
        if batch_no == args.max_batches:
            break
        particles = particles.to(device, non_blocking=True)
        label = label.to(device, non_blocking=True)
        jets += len(label)
    seconds = time.perf_counter() - start

    total = torch.tensor([jets], device=device)
    dist.all_reduce(total)
    if rank == 0:
        print(f"{world_size} ranks read {int(total)} {args.split} jets in {seconds:.1f} s "
              f"({int(total) / seconds:,.0f} jets/s)")
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
