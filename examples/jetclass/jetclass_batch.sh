#!/bin/bash
# Read JetClass from NERSC's Community File System on 2 Perlmutter GPU nodes (8 GPUs, one process each).
# Submit with: sbatch -A <account> jetclass_batch.sh   (GPU accounts often end in _g)
#SBATCH -C gpu
#SBATCH -q regular
#SBATCH -A <account>
#SBATCH -N 2
#SBATCH --ntasks-per-node=4
#SBATCH --gpus-per-node=4
#SBATCH -c 32
#SBATCH -t 00:30:00
#SBATCH -J jetclass-loader
#SBATCH -o %x-%j.out
#SBATCH --image=nersc/pytorch:24.06.01
#SBATCH --module=gpu,nccl-plugin

set -euo pipefail

# Rank 0's node hosts the rendezvous; every rank reads RANK/LOCAL_RANK/WORLD_SIZE from Slurm.
export MASTER_ADDR=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)
export MASTER_PORT=29500
export OMP_NUM_THREADS=8

srun --cpu-bind=cores shifter python jetclass_loader.py --split train --batch-size 512 --workers 8
